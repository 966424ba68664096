"""Caption files: sniffed by content, validated line by line, stored as WebVTT.

webvtt-py reads the cues (and converts SRT); it follows the spec's forgiving rules
and drops a bad cue silently, or raises without saying where. An editor needs to know
what is wrong and on which line, so ``check_lines`` walks the file first and raises a
``CaptionError`` with the line number and a sentence saying what to fix.
"""

import io
import re
from dataclasses import dataclass

import webvtt
from django.utils.translation import gettext as _

from ecirkel.text import NotText, decode_upload

MAX_BYTES = 2 * 1024 * 1024
VTT_STAMP = r"(?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3}"
SRT_STAMP = r"\d{2,}:[0-5]\d:[0-5]\d,\d{3}"
VTT_TIMING = re.compile(
    rf"^(?P<start>{VTT_STAMP})[ \t\f]+-->[ \t\f]+(?P<end>{VTT_STAMP})(?:[ \t\f]+.*)?$"
)
SRT_TIMING = re.compile(
    rf"^(?P<start>{SRT_STAMP})[ \t]+-->[ \t]+(?P<end>{SRT_STAMP})(?:[ \t]+.*)?$"
)
VTT_SIGNATURE = re.compile(r"^WEBVTT(?:[ \t].*)?$")
NON_CUE_BLOCKS = ("NOTE", "STYLE", "REGION")


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


class CaptionError(ValueError):
    def __init__(self, line: int, reason: str):
        self.line, self.reason = line, reason
        super().__init__(
            _("Line %(line)d: %(reason)s") % {"line": line, "reason": reason}
        )


def seconds(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    value = 0.0
    for part in parts:
        value = value * 60 + float(part)
    return round(value, 3)


def decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise CaptionError(
            1, _("the file is larger than 2 MB; is it really a caption file?")
        )
    if not data.strip(b"\xef\xbb\xbf \t\r\n"):
        raise CaptionError(1, _("the file is empty."))
    try:
        return decode_upload(data)
    except NotText as error:
        raise CaptionError(error.line, error.reason) from error


def sniff(text: str) -> str:
    """'vtt' or 'srt', by the content, whatever the file is called."""
    first = text.split("\n", 1)[0]
    if VTT_SIGNATURE.match(first):
        return "vtt"
    lines = text.lstrip("\n").split("\n")
    if len(lines) > 1 and lines[0].strip().isdigit() and "-->" in lines[1]:
        return "srt"
    raise CaptionError(
        1,
        _(
            "a caption file must start with the line WEBVTT (WebVTT) or with a cue "
            "number followed by its timing line (SRT)."
        ),
    )


def arrow_in_text() -> str:
    return _(
        "the text contains “-->”, which captions read as a timing line; write it "
        "another way, for example “->” or “→”."
    )


def check_lines(text: str, kind: str) -> int:
    """Raise CaptionError at the first malformed line; return the number of cues."""
    timing = VTT_TIMING if kind == "vtt" else SRT_TIMING
    lines = text.split("\n")
    cues = 0
    number = 1 if kind == "vtt" else 0  # the WebVTT header is line 1
    block = []

    def close_block():
        nonlocal cues
        if not block:
            return
        first_line, first_text = block[0]
        if (
            kind == "vtt"
            and first_text.split(" ", 1)[0].split("\t", 1)[0] in NON_CUE_BLOCKS
        ):
            return
        timing_lines = [(n, t) for n, t in block if "-->" in t]
        if not timing_lines:
            raise CaptionError(
                first_line,
                _("this block has text but no timing line (%(example)s).")
                % {"example": "00:00:01.000 --> 00:00:04.000"},
            )
        n, line = timing_lines[0]
        match = timing.match(line.strip(" \t") if kind == "srt" else line)
        if not match:
            raise CaptionError(
                n,
                _("the timing “%(line)s” is not valid; write it as %(example)s.")
                % {
                    "line": line.strip()[:80],
                    "example": "00:01:02.500 --> 00:01:05.000"
                    if kind == "vtt"
                    else "00:01:02,500 --> 00:01:05,000",
                },
            )
        if seconds(match["end"]) < seconds(match["start"]):
            raise CaptionError(n, _("the cue ends before it starts."))
        if kind == "srt" and not first_text.strip().isdigit():
            raise CaptionError(first_line, _("an SRT cue starts with its number."))
        cues += 1
        # The cue's text ends at a line containing "-->": WebVTT reads it as a timing
        # line, so a cue would be lost (and webvtt-py drops it without a word).
        for later, text in block[block.index(timing_lines[0]) + 1 :]:
            if "-->" not in text:
                continue
            match = timing.match(text.strip(" \t") if kind == "srt" else text)
            if kind == "vtt" and match:  # the spec lets a cue start without a blank
                if seconds(match["end"]) < seconds(match["start"]):
                    raise CaptionError(later, _("the cue ends before it starts."))
                cues += 1
            elif match:
                raise CaptionError(
                    later,
                    _(
                        "a new cue starts here without a blank line before it; add "
                        "a blank line and the cue's number above it."
                    ),
                )
            else:
                raise CaptionError(later, arrow_in_text())

    body = lines[1:] if kind == "vtt" else lines
    for offset, line in enumerate(body):
        number = offset + (2 if kind == "vtt" else 1)
        if line.strip() == "" and (kind == "srt" or line == ""):
            close_block()
            block = []
            continue
        if (
            kind == "vtt"
            and not block
            and cues == 0
            and offset == 0
            and "-->" not in line
        ):
            # Text on the line after the signature still belongs to the header.
            block = [(number, "NOTE header")]
            continue
        block.append((number, line))
    close_block()
    return cues


def parse(data: bytes) -> tuple[str, list[Cue]]:
    """The cues of a WebVTT or SRT file; raise CaptionError with a line number."""
    text = decode(data)
    kind = sniff(text)
    check_lines(text, kind)
    buffer = io.StringIO(text)
    if kind == "vtt":
        captions = webvtt.from_buffer(buffer, format="vtt")
    else:
        captions = webvtt.from_buffer(buffer, format="srt")
    cues = [
        Cue(seconds(c.start), seconds(c.end), c.text.strip())
        for c in captions
        if c.text.strip()
    ]
    return kind, cues


def stamp(value: float) -> str:
    millis = round(value * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def cue_block(cue: Cue) -> str:
    return f"{stamp(cue.start)} --> {stamp(cue.end)}\n{cue.text}\n"


def to_vtt(cues: list[Cue]) -> str:
    return "\n".join(["WEBVTT", "", *(cue_block(cue) for cue in cues)])


def too_big_as_vtt() -> str:
    return _(
        "from this line on the captions are larger than 2 MB as WebVTT; shorten the "
        "transcript or split the lecture."
    )


TIMED_LINE = re.compile(
    r"^\[?(?P<stamp>(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)\]?\s+(?P<text>.+)$"
)


def from_timed_transcript(text: str, duration: float | None = None) -> list[Cue]:
    """Cues from a pasted transcript, one line per cue: ``01:15 Text`` or
    ``[00:01:15] Text``. Each cue lasts until the next one starts. The cues must fit
    in a WebVTT file of at most MAX_BYTES (``to_vtt``)."""
    entries = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        match = TIMED_LINE.match(line.strip())
        if not match:
            raise CaptionError(
                number, _("start the line with its time, for example “01:15 Text”.")
            )
        if "-->" in match["text"]:
            raise CaptionError(number, arrow_in_text())
        start = seconds(match["stamp"])
        if entries and start < entries[-1][0]:
            raise CaptionError(number, _("this line starts before the line above it."))
        entries.append((start, match["text"].strip(), number))
    if not entries:
        raise CaptionError(1, _("the transcript is empty."))
    cues = []
    size = len("WEBVTT\n\n")  # what to_vtt writes, counted as it grows
    for index, (start, text_, number) in enumerate(entries):
        if index + 1 < len(entries):
            end = entries[index + 1][0]
        else:
            end = max(start + 5, duration or 0)
        cue = Cue(start, max(end, start + 0.5), text_)
        size += len(cue_block(cue).encode()) + 1
        if size > MAX_BYTES:
            raise CaptionError(number, too_big_as_vtt())
        cues.append(cue)
    return cues
