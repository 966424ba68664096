"""Two E-cirkel installations on one machine: a second one runs in a subprocess on
loopback with its own database, media folder and sharing folder, loads the demo and
publishes its catalog; this one subscribes, imports the demo course with one click
(the download, check and import run through the task queue's database worker, in
process), and has the course with its pages and media. Slow (the other instance
migrates and loads the demo first: about a minute), so it runs once per session.
"""

import hashlib
import os
import socket
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.test import Client
from django.urls import reverse

from catalogs.models import Subscription
from courses.models import CoursePage
from imports import jobs
from imports.models import ImportJob
from lectures.models import LecturePage
from sharing.models import ImportedCourse
from tests.imports.worker import work_until_settled

DEMO_COURSE = "kontaktcenter-i-kommunen"
# Ports of this helper's servers; the first free one is used.
PORTS = range(8150, 8170)


def free_port() -> int:
    for port in PORTS:
        with closing(socket.socket()) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.fail(f"No free port in {PORTS.start}–{PORTS.stop - 1} for the instance.")


class Instance:
    """Another installation: ``manage.py`` with its own environment."""

    def __init__(self, root: Path):
        self.root = root
        self.media = root / "media"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "ecirkel.settings.dev",
            "DATABASE_URL": f"sqlite:///{root / 'db.sqlite3'}",
            "MEDIA_ROOT": str(self.media),
            "ECIRKEL_SHARING_DIR": str(root / "sharing"),
        }
        self.server = None
        self.port = None

    def manage(self, *args: str) -> str:
        done = subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if done.returncode:
            pytest.fail(f"manage.py {' '.join(args)} failed:\n{done.stderr}")
        return done.stdout

    def serve(self) -> str:
        self.port = free_port()
        self.server = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "manage.py",
                "runserver",
                f"127.0.0.1:{self.port}",
                "--noreload",
            ],
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        feed = self.url("/delning/katalog.json")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(feed, timeout=30).status_code == 200:
                    return feed
            except requests.RequestException:
                pass
            if self.server.poll() is not None:
                break
            time.sleep(0.5)
        self.stop()
        pytest.fail("The other instance's server did not start.")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self):
        if self.server is not None and self.server.poll() is None:
            self.server.terminate()
            try:
                self.server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.server.kill()


@pytest.fixture(scope="module")
def other(tmp_path_factory):
    """The publishing installation, its demo course offered in a public catalog."""
    instance = Instance(tmp_path_factory.mktemp("other-instance"))
    instance.manage("migrate", "--noinput", "-v0")
    instance.manage("load_demo")
    instance.manage(
        "publish_catalog",
        "--public",
        "--share",
        DEMO_COURSE,
        "--organisation",
        "Grannkommunen",
        "--organisation-url",
        "https://grannkommunen.example.se",
    )
    instance.feed = instance.serve()
    yield instance
    instance.stop()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow
def test_a_course_travels_from_one_installation_to_another_through_the_catalog(
    other, migrated_db, catalog, editor, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    client = Client()
    client.force_login(editor)

    # Subscribe: the browse page reads the catalog.
    response = client.post(
        reverse("catalog_subscriptions:add"),
        {"url": other.feed, "name": "", "token": ""},
    )
    subscription = Subscription.objects.get()
    browse = client.get(response.url).content.decode()
    assert subscription.courses.count() == 1, Subscription.objects.get().last_error
    offer = subscription.courses.get()
    assert "Grannkommunen" in browse
    assert "Kontaktcenter i kommunen" in browse
    assert "Inte importerad" in browse

    # One click; the worker downloads, checks and imports.
    response = client.post(
        reverse("catalog_subscriptions:import", args=[subscription.pk, offer.pk])
    )
    job = ImportJob.objects.get()
    assert response.url == reverse("imports:job", args=[job.pk])
    job = work_until_settled(job)
    assert job.status == ImportJob.Status.DONE, job.error

    # The course is here, with its pages and media, and says where it is from.
    course = CoursePage.objects.get(uuid=offer.uuid)
    imported = ImportedCourse.objects.get(course=course)
    assert imported.version == offer.version
    assert imported.source_organisation == "Grannkommunen"
    assert course.get_descendants().live().count() >= 5
    lectures = LecturePage.objects.descendant_of(course).live()
    assert lectures.exists()
    theirs = {sha256(path) for path in other.media.rglob("*") if path.is_file()}
    for lecture in lectures:
        video = Path(lecture.video.file.path)
        assert video.is_relative_to(Path(settings.MEDIA_ROOT))
        assert sha256(video) in theirs  # the same bytes as in the other installation

    # Browsing again: imported, nothing newer; no package left behind.
    browse = client.get(
        reverse("catalog_subscriptions:browse", args=[subscription.pk])
    ).content.decode()
    assert "Importerad" in browse
    assert "Nyare version finns" not in browse
    assert not jobs.package_path(job).exists()

    # The other installation changes the course: "Hämta nu" shows the newer
    # version, and importing it is an update that waits for the editor's review.
    other.manage(
        "shell",
        "-c",
        "from courses.models import TopicPage;"
        "page = TopicPage.objects.get(slug='vad-ar-kc');"
        "page.title = 'Vad är ett kontaktcenter?';"
        "page.save_revision().publish()",
    )
    client.post(reverse("catalog_subscriptions:refresh", args=[subscription.pk]))
    browse = client.get(
        reverse("catalog_subscriptions:browse", args=[subscription.pk])
    ).content.decode()
    assert "Nyare version finns" in browse
    newer = subscription.courses.get()
    assert newer.version > offer.version
    client.post(
        reverse("catalog_subscriptions:import", args=[subscription.pk, newer.pk])
    )
    update = ImportJob.objects.exclude(pk=job.pk).get()
    update = work_until_settled(update)
    assert update.status == ImportJob.Status.NEEDS_REVIEW, update.error
