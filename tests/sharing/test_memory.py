"""Export and import stream media in chunks: a course with a large video exports
and imports with a peak of Python memory far below the video's size (the exact
figures for a 1 GB video: ``make bench``, bench/sharing_memory.py)."""

import tracemalloc
from pathlib import Path

from lectures.models import LecturePage
from sharing.exporting import export_course
from sharing.importing import import_package
from tests.conftest import fixture_bytes
from tests.sharing.conftest import wipe

SIZE = 200 * 1024 * 1024
BOUND = 40 * 1024 * 1024  # generous: chunks are 1 MB


def make_large(path, size=SIZE):
    """A valid MP4 header (the test fixture) padded with zeros to ``size``."""
    head = fixture_bytes("lecture.mp4")
    block = bytes(1024 * 1024)
    with path.open("wb") as out:
        out.write(head)
        written = len(head)
        while written < size:
            chunk = block[: min(len(block), size - written)]
            out.write(chunk)
            written += len(chunk)


def test_a_large_video_exports_and_imports_in_constant_memory(lecture, tmp_path):
    video = lecture.video
    path = video.file.path
    make_large(Path(path))
    course = lecture.get_parent().specific
    package = tmp_path / "stor.zip"

    tracemalloc.start()
    try:
        with package.open("wb") as out:
            export_course(course, out)
        _size, export_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert package.stat().st_size > SIZE
    assert export_peak < BOUND, export_peak

    wipe(course)
    tracemalloc.start()
    try:
        import_package(package)
        _size, import_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert import_peak < BOUND, import_peak
    imported = LecturePage.objects.get(uuid=lecture.uuid)
    assert imported.video.file.size > SIZE - 1
