"""What an uploaded video or recording is, and how long it lasts, read from its bytes.

The name of an upload says nothing reliable, so the kind of file is recognised by how
its content starts (``sniff``). Its length is read by ffprobe (Debian's ffmpeg) when the
machine has it, and otherwise in pure Python by hachoir, which reads the MP4 ``mvhd``
box and the Matroska/WebM ``Info`` element; either way only the headers are read, not
the whole video. ``None`` means the length could not be read: the lecture then needs it
typed in before it can be published.

Settings: ``LECTURES_FFPROBE`` is the ffprobe to run; unset, it is looked up on the
PATH, and an empty string turns ffprobe off.
"""

import logging
import math
import shutil
import subprocess  # noqa: S404 (ffprobe is run without a shell, on a file we wrote)
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

# Kinds of file, by container: what the browser plays in <video> and <audio>.
MP4, WEBM, MP3, OGG = "mp4", "webm", "mp3", "ogg"
VIDEO_KINDS = {MP4: "mp4", WEBM: "webm"}  # kind: the file extension it is stored with
AUDIO_KINDS = {MP3: "mp3", MP4: "m4a", OGG: "ogg"}
HEAD_BYTES = 64
FFPROBE_TIMEOUT = 30  # seconds; reading a header takes a fraction of one
# ffprobe's names of the demuxers, so it never guesses the format itself.
FFPROBE_FORMATS = {MP4: "mov", WEBM: "matroska", MP3: "mp3", OGG: "ogg"}


def sniff(head: bytes) -> str | None:
    """The kind of media file that begins with ``head``, or None."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return MP4
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head[:HEAD_BYTES]:
        return WEBM
    if head.startswith(b"OggS"):
        return OGG
    if head.startswith(b"ID3") or (
        len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0
    ):
        return MP3
    return None


def duration(file, kind: str) -> float | None:
    """Seconds that ``file`` (a Django file, e.g. an upload) lasts, or None."""
    return ffprobe_duration(file, kind) or python_duration(file, kind)


def lecture_length(video, typed: float | None) -> float:
    """A lecture's length in seconds: its video's, read from the file on upload, else
    the one an editor typed in; 0 when neither is known."""
    return (video.duration if video is not None else 0) or typed or 0


def ffprobe_command() -> str | None:
    configured = getattr(settings, "LECTURES_FFPROBE", None)
    if configured is None:
        return shutil.which("ffprobe")
    return configured or None


def ffprobe_duration(file, kind: str) -> float | None:
    command = ffprobe_command()
    if command is None or kind not in FFPROBE_FORMATS:
        return None
    with local_path(file) as path:
        try:
            result = subprocess.run(  # noqa: S603 (a fixed argument list, no shell)
                [
                    command,
                    "-v",
                    "error",
                    # Only the file itself: no network, no playlists pointing elsewhere.
                    "-protocol_whitelist",
                    "file",
                    "-f",
                    FFPROBE_FORMATS[kind],
                    "-show_entries",
                    "format=duration",
                    "-of",
                    "default=noprint_wrappers=1:nokey=1",
                    f"file:{path}",
                ],
                capture_output=True,
                timeout=FFPROBE_TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.SubprocessError) as error:
            logger.warning("ffprobe could not run: %s", error)
            return None
    return positive(result.stdout.decode("ascii", "replace").strip())


def python_duration(file, kind: str) -> float | None:
    parser_class = hachoir_parsers().get(kind)
    if parser_class is None:
        return None
    from hachoir.metadata import extractMetadata
    from hachoir.stream import InputIOStream

    file.seek(0)
    try:
        # The stream reads the file where it lies; hachoir seeks to what it needs.
        parser = parser_class(InputIOStream(file, source=kind, tags=[]), validate=True)
        metadata = extractMetadata(parser)
        seconds = (
            metadata.get("duration").total_seconds()
            if metadata is not None and metadata.has("duration")
            else None
        )
    except Exception:  # noqa: BLE001 (a hostile file may break the parser anywhere)
        logger.info("The length of a %s file could not be read.", kind, exc_info=True)
        seconds = None
    finally:
        file.seek(0)
    return positive(seconds)


def hachoir_parsers() -> dict:
    from hachoir.core import config
    from hachoir.parser.audio.mpeg_audio import MpegAudioFile
    from hachoir.parser.container.mkv import MkvFile
    from hachoir.parser.container.mp4 import MP4File
    from hachoir.parser.container.ogg import OggFile

    config.quiet = True  # its warnings about odd files go nowhere useful
    return {MP4: MP4File, WEBM: MkvFile, MP3: MpegAudioFile, OGG: OggFile}


def positive(value) -> float | None:
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return None
    return round(seconds, 3) if math.isfinite(seconds) and seconds > 0 else None


@contextmanager
def local_path(file):
    """A path to ``file``'s bytes on this machine, for a program to read."""
    if hasattr(file, "temporary_file_path"):  # a large upload, already on disk
        yield Path(file.temporary_file_path())
        return
    with tempfile.NamedTemporaryFile(suffix=".media") as copy:
        file.seek(0)
        for chunk in iter(lambda: file.read(1024 * 1024), b""):
            copy.write(chunk)
        copy.flush()
        file.seek(0)
        yield Path(copy.name)
