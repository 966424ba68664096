"""Hostile caption input: too big once it is WebVTT, and cue text containing -->.

WebVTT reads any line containing "-->" as a timing line, so a cue whose text holds one
is dropped by the player and by webvtt-py without a word; and a track is kept as
WebVTT of at most 2 MB. Both are refused with the line to fix, never a 500.
"""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from lectures.captions import MAX_BYTES, CaptionError, from_timed_transcript, parse
from lectures.models import CaptionTrack, LecturePage

# 64 000 captions of one letter: about 0.4 MB pasted, over 2 MB as WebVTT.
TOO_BIG = "\n".join(["00:00 a"] * 64_000)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_a_pasted_transcript_too_big_as_webvtt_is_refused_at_its_line():
    assert len(TOO_BIG.encode()) < MAX_BYTES
    with pytest.raises(CaptionError) as error:
        from_timed_transcript(TOO_BIG)
    assert "2 MB" in error.value.reason
    assert 60_000 < error.value.line < 64_000  # where the limit is passed


@pytest.mark.django_db
def test_the_admin_refuses_a_pasted_transcript_too_big_with_a_message(
    client, editor, course, lecture
):
    client.force_login(editor)
    data = nested_form_data(
        {
            "title": "Lång föreläsning",
            "slug": "lang",
            "summary": "Om något.",
            "video": lecture.video_id,
            "description": rich_text(""),
            "caption_tracks": inline_formset([{"language": "sv", "pasted": TOO_BIG}]),
            "chapters": inline_formset([]),
        }
    )
    url = f"/admin/pages/add/lectures/lecturepage/{course.pk}/"
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 MB" in html and ("Rad " in html or "Line " in html)
    assert not LecturePage.objects.filter(slug="lang").exists()


@pytest.mark.django_db
def test_an_upload_that_grows_past_2_mb_as_webvtt_is_refused(lecture):
    # Short time stamps (mm:ss.ttt) grow by six bytes a cue when written out in full.
    cue = b"00:01.000 --> 00:02.000\na\n\n"
    data = b"WEBVTT\n\n" + cue * ((MAX_BYTES - 8) // len(cue))
    assert len(data) <= MAX_BYTES
    track = CaptionTrack(
        page=lecture, language="en", upload=SimpleUploadedFile("long.vtt", data)
    )
    with pytest.raises(ValidationError) as error:
        track.clean()
    assert "2 MB" in str(error.value)


@pytest.mark.parametrize(
    "data,line",
    [
        (b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA --> B\n", 4),
        (b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nfirst\nthen --> here\n", 5),
        (b"WEBVTT\n\nid\n00:00:01.000 --> 00:00:02.000\n-->\n", 5),
        (b"1\n00:00:01,000 --> 00:00:02,000\nA --> B\n", 3),
    ],
)
def test_a_cue_whose_text_contains_an_arrow_is_refused_at_its_line(data, line):
    with pytest.raises(CaptionError) as error:
        parse(data)
    assert error.value.line == line
    assert "-->" in error.value.reason


def test_a_timing_line_without_a_blank_line_before_it_still_starts_a_cue():
    _kind, cues = parse(
        b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA\n"
        b"00:00:02.000 --> 00:00:03.000\nB\n"
    )
    assert [c.text for c in cues] == ["A", "B"]


def test_a_pasted_line_with_an_arrow_is_refused_at_its_line():
    with pytest.raises(CaptionError) as error:
        from_timed_transcript("00:00 Hej.\n00:04 Från A --> B.\n")
    assert error.value.line == 2 and "-->" in error.value.reason


def test_a_lone_carriage_return_cannot_smuggle_a_line_into_the_captions():
    with pytest.raises(CaptionError) as error:
        from_timed_transcript("00:00 Hej.\r00:00:01.000 --> 00:00:02.000 x\n")
    assert error.value.line == 2


@pytest.mark.django_db
def test_a_pasted_arrow_is_refused_in_the_admin_form(lecture):
    track = CaptionTrack(page=lecture, language="en", pasted="00:00 A --> B")
    with pytest.raises(ValidationError) as error:
        track.clean()
    assert "Line 1:" in str(error.value) and "-->" in str(error.value)


def test_the_arrow_reason_is_given_in_swedish():
    with translation.override("sv"), pytest.raises(CaptionError) as error:
        parse(b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA --> B\n")
    assert str(error.value).startswith("Rad 4: ")
    assert "-->" in str(error.value)
