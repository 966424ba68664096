"""Caption files, tested on real-world samples from tests/fixtures/webvtt."""

import pytest
from django.utils import translation

from lectures.captions import (
    CaptionError,
    Cue,
    from_timed_transcript,
    parse,
    to_vtt,
)
from tests.conftest import fixture_bytes


@pytest.fixture(autouse=True)
def english():
    """The reasons are asserted in English; the Swedish ones are tested at the end."""
    with translation.override("en"):
        yield


def load(name: str) -> bytes:
    return fixture_bytes(f"webvtt/{name}")


@pytest.mark.parametrize(
    "name,kind,count",
    [
        ("webvtt-py/sample.vtt", "vtt", 16),
        ("webvtt-py/captions_with_bom.vtt", "vtt", 4),
        ("webvtt-py/comments.vtt", "vtt", 3),
        ("webvtt-py/metadata_headers.vtt", "vtt", 2),
        ("webvtt-py/styles.vtt", "vtt", 1),
        ("webvtt-py/using_identifiers.vtt", "vtt", 6),
        ("webvtt-py/youtube_dl.vtt", "vtt", 4),
        ("wpt/newlines.vtt", "vtt", 4),  # CR, LF, CRLF and LF-CR in one file
        ("wpt/header-timings.vtt", "vtt", 1),
        ("wpt/signature-bom.vtt", "vtt", 0),
        ("wpt/timings-omitted-hours.vtt", "vtt", 3),
        ("vttjs/file-layout/many-comments.vtt", "vtt", 2),
        ("srt/sample.srt", "srt", 5),
        ("srt/one_caption.srt", "srt", 1),
    ],
)
def test_valid_files_give_their_cues(name, kind, count):
    found_kind, cues = parse(load(name))
    assert (found_kind, len(cues)) == (kind, count)


def test_cue_times_and_text_come_through():
    _kind, cues = parse(load("webvtt-py/sample.vtt"))
    assert (cues[2].start, cues[2].end) == (11.89, 16.32)
    _kind, cues = parse(load("webvtt-py/comments.vtt"))
    assert cues[0].text == "- Ta en kopp varmt te.\n- Det är inte varmt."


@pytest.mark.parametrize(
    "name,line,words",
    [
        ("webvtt-py/invalid.vtt", 1, "must start with the line WEBVTT"),
        ("webvtt-py/missing_timeframe.vtt", 6, "no timing line"),
        ("webvtt-py/invalid_timeframe.vtt", 6, "is not valid"),
        ("vttjs/file-layout/blank-file.vtt", 1, "empty"),
        ("vttjs/file-layout/blank-file-with-bom.vtt", 1, "empty"),
        ("vttjs/file-layout/garbage-signature.vtt", 1, "WEBVTT"),
        ("vttjs/file-layout/newline-before-webvtt.vtt", 1, "WEBVTT"),
        ("vttjs/file-layout/bad-double-webvtt.vtt", 1, "WEBVTT"),
        ("wpt/nulls.vtt", 2, "NUL byte"),
        ("wpt/timings-garbage.vtt", 3, "is not valid"),
        ("wpt/timings-negative.vtt", 6, "ends before it starts"),
        ("srt/invalid_timeframe.srt", 6, "00:01:02,500 --> 00:01:05,000"),
        ("srt/missing_timeframe.srt", 5, "no timing line"),
    ],
)
def test_malformed_files_are_refused_with_line_and_reason(name, line, words):
    with pytest.raises(CaptionError) as error:
        parse(load(name))
    assert error.value.line == line
    assert words in error.value.reason
    assert str(error.value).startswith(f"Line {line}: ")


def test_text_that_is_not_utf8_is_refused_where_it_goes_wrong():
    data = "WEBVTT\n\n00:00.000 --> 00:01.000\nÅsa\n".encode("latin-1")
    with pytest.raises(CaptionError) as error:
        parse(data)
    assert error.value.line == 4 and "UTF-8" in error.value.reason


def test_a_huge_file_is_refused():
    with pytest.raises(CaptionError, match="2 MB"):
        parse(b"WEBVTT\n\n" + b"x" * (3 * 1024 * 1024))


def test_srt_converts_to_webvtt_with_the_same_cues():
    _kind, cues = parse(load("srt/sample.srt"))
    again_kind, again = parse(to_vtt(cues).encode())
    assert again_kind == "vtt" and again == cues


def test_a_pasted_timed_transcript_becomes_cues():
    cues = from_timed_transcript(
        "00:00 Välkommen till föreläsningen.\n[01:15] Förstudien.\n1:02:03.5 Slut.",
        duration=3730,
    )
    assert cues == [
        Cue(0, 75, "Välkommen till föreläsningen."),
        Cue(75, 3723.5, "Förstudien."),
        Cue(3723.5, 3730, "Slut."),
    ]


@pytest.mark.parametrize(
    "text,line", [("00:10 A\nB utan tid", 2), ("00:10 A\n00:05 B", 2), ("", 1)]
)
def test_a_bad_timed_transcript_names_the_line(text, line):
    with pytest.raises(CaptionError) as error:
        from_timed_transcript(text)
    assert error.value.line == line


def test_the_reason_is_given_in_the_users_language():
    with translation.override("sv"), pytest.raises(CaptionError) as error:
        parse(load("webvtt-py/invalid_timeframe.vtt"))
    assert str(error.value).startswith(
        "Rad 6: tidsraden ”00:00:07.000 --> 00:00:1d.890”"
    )
