"""Benchmark: a course with a large video exported and imported (`make bench`).

Builds, in a scratch folder of its own (two SQLite databases, two media folders), a
course with one lecture whose video is SHARING_BENCH_MB megabytes (1024 by default:
a valid MP4 header from tests/fixtures/lecture.mp4 padded with zeros), exports it
with ``manage.py export_package`` and imports it into the second, empty
installation with ``manage.py import_package``. Each command runs as a process of
its own whose peak resident memory (RSS) is measured by the kernel (wait4). Fails
when either peak reaches SHARING_BENCH_MAX_RSS_MB (200 by default).
"""

import os
import shutil
import subprocess  # noqa: S404 (this interpreter, our manage.py)
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEGABYTES = int(os.environ.get("SHARING_BENCH_MB", "1024"))
MAX_RSS_MB = int(os.environ.get("SHARING_BENCH_MAX_RSS_MB", "200"))

SETUP = """
import os
from django.core.files import File
from wagtail.models import Page, Site
from wagtailmedia.models import get_media_model
from courses.models import CatalogPage, CoursePage
from lectures.models import CaptionTrack, LecturePage
root = Page.get_first_root_node()
catalog = root.add_child(instance=CatalogPage(title="Kurser", slug="kurser"))
Site.objects.update_or_create(is_default_site=True,
    defaults={"hostname": "localhost", "port": 80, "root_page": catalog})
if os.environ["BENCH_VIDEO"] == "catalog":
    raise SystemExit
course = catalog.add_child(instance=CoursePage(title="Stor kurs", slug="stor-kurs",
    intro="<p>En kurs med en stor video.</p>", audience="Alla"))
course.save_revision().publish()
with open(os.environ["BENCH_VIDEO"], "rb") as handle:
    video = get_media_model().objects.create(title="Stor video", type="video",
        duration=90.2, file=File(handle, name="stor.mp4"))
lecture = LecturePage(title="Stor föreläsning", slug="stor", summary="Stor.",
    video=video, duration=90.2)
lecture.caption_tracks = [CaptionTrack(language="sv",
    vtt=open("tests/fixtures/lecture.sv.vtt", encoding="utf-8").read())]
course.add_child(instance=lecture)
lecture.save_revision().publish()
"""


def env_for(scratch: Path, name: str) -> dict:
    return dict(
        os.environ,
        DJANGO_SETTINGS_MODULE=os.environ.get(
            "DJANGO_SETTINGS_MODULE", "ecirkel.settings.dev"
        ),
        DATABASE_URL=f"sqlite:///{scratch / (name + '.sqlite3')}",
        MEDIA_ROOT=str(scratch / (name + "-media")),
        ECIRKEL_SHARING_DIR=str(scratch / (name + "-work")),
    )


def manage(env, *args) -> tuple[float, float]:
    """Run manage.py; (seconds, peak RSS in MB) of that process alone."""
    started = time.monotonic()
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env
    )
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"manage.py {args[0]} failed ({process.returncode})")
    return time.monotonic() - started, usage.ru_maxrss / 1024  # KB on Linux


def make_video(path: Path) -> None:
    head = (ROOT / "tests" / "fixtures" / "lecture.mp4").read_bytes()
    block = bytes(1024 * 1024)
    with path.open("wb") as out:
        out.write(head)
        for _ in range(MEGABYTES):
            out.write(block)


def main() -> None:
    scratch = Path(tempfile.mkdtemp(prefix="ecirkel-bench-sharing-"))
    try:
        video = scratch / "stor.mp4"
        make_video(video)
        source, target = env_for(scratch, "source"), env_for(scratch, "target")
        for env in (source, target):
            manage(env, "migrate", "--noinput", "-v0")
        manage(dict(source, BENCH_VIDEO=str(video)), "shell", "-c", SETUP)
        manage(dict(target, BENCH_VIDEO="catalog"), "shell", "-c", SETUP)
        video.unlink()
        package = scratch / "stor.zip"
        export_time, export_rss = manage(
            source, "export_package", "stor-kurs", str(package)
        )
        size = package.stat().st_size / 1024 / 1024
        import_time, import_rss = manage(target, "import_package", str(package))
        print(f"Sharing a course with a {MEGABYTES} MB video (package {size:.0f} MB):")
        print(f"  export: {export_time:6.1f} s, peak RSS {export_rss:6.1f} MB")
        print(f"  import: {import_time:6.1f} s, peak RSS {import_rss:6.1f} MB")
        print(f"  bound:  peak RSS under {MAX_RSS_MB} MB")
        if max(export_rss, import_rss) >= MAX_RSS_MB:
            raise SystemExit("Peak memory over the bound.")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
