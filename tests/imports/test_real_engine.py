"""The admin's import with the real sharing engine: a package exported here, the
course wiped, imported again through the upload and the worker; an update with a
page changed on both sides, keep ours or take theirs; a hostile package refused
with its reason and nothing written."""

import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Page

from courses.models import CoursePage, TopicPage
from imports.models import ImportJob
from tests.sharing.conftest import export, snapshot, wipe

from .worker import work_queue

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def client(editor):
    client = Client()
    client.force_login(editor)
    return client


def upload(client, capture, data: bytes, name="testkurs.zip") -> ImportJob:
    from django.core.files.uploadedfile import SimpleUploadedFile

    with capture(execute=True):
        response = client.post(
            reverse("imports:index"), {"package": SimpleUploadedFile(name, data)}
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    work_queue()
    return ImportJob.objects.order_by("-created_at").first()


def publish(page, **fields):
    page = page.specific
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()


@pytest.fixture
def imported(client, course, media, django_capture_on_commit_callbacks):
    """The course exported, wiped, and imported through the admin as a new course."""
    package = export(course)
    wipe(course)
    assert not CoursePage.objects.exists()
    job = upload(client, django_capture_on_commit_callbacks, package)
    assert job.status == ImportJob.Status.DONE, job.error
    return job


def test_a_new_course_is_imported_through_the_worker(client, imported):
    course = CoursePage.objects.get()
    assert imported.course_id == course.pk and course.live
    assert course.title == "Testkurs"
    titles = sorted(p.title for p in course.get_descendants())
    assert titles == ["Fördelar", "Förstudie", "Nackdelar", "Vad är KC?"]
    page = client.get(reverse("imports:job", args=[imported.pk])).content.decode()
    assert "Kursen är importerad" in page
    assert "”Testkurs” är importerad som en ny kurs." in page
    assert reverse("wagtailadmin_pages:edit", args=[course.pk]) in page


@pytest.mark.parametrize("choice", ["local", "theirs"])
def test_an_update_with_a_page_changed_on_both_sides(
    client, imported, django_capture_on_commit_callbacks, choice
):
    course = CoursePage.objects.get()
    topic = TopicPage.objects.get(slug="vad-ar-kc")
    # Upstream: the source changes the topic and exports a new version …
    publish(topic, summary="Källans nya sammanfattning")
    newer = export(course)
    # … while here the same topic was edited too.
    publish(topic, summary="Vår egen sammanfattning")

    job = upload(client, django_capture_on_commit_callbacks, newer)
    assert job.status == ImportJob.Status.NEEDS_REVIEW, job.error
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "Granska uppdateringen" in page
    assert "Vad är KC?" in page and "Behåll vår version" in page
    assert reverse("wagtailadmin_pages:edit", args=[topic.pk]) in page
    conflicts = job.plan["conflicts"]
    assert conflicts  # the topic, changed on both sides

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("imports:job", args=[job.pk]),
            {"action": "import", **{f"decision-{uuid}": choice for uuid in conflicts}},
        )
    work_queue()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.error
    assert job.course_id == course.pk
    topic = TopicPage.objects.get(pk=topic.pk)
    expected = {
        "local": "Vår egen sammanfattning",
        "theirs": "Källans nya sammanfattning",
    }[choice]
    assert topic.summary == expected
    assert (
        "är uppdaterad till den nya versionen"
        in client.get(reverse("imports:job", args=[job.pk])).content.decode()
    )


def hostile_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", "{}")
        archive.writestr("../../utanfor.txt", "x")
    return buffer.getvalue()


def test_a_hostile_package_is_refused_with_its_reason(
    client, course, media, django_capture_on_commit_callbacks
):
    before = snapshot(media)
    pages = Page.objects.count()
    job = upload(client, django_capture_on_commit_callbacks, hostile_zip())
    assert job.status == ImportJob.Status.FAILED
    assert job.error_code == "path_escape"
    assert Page.objects.count() == pages
    after = snapshot(media)
    assert after["files"] == before["files"]
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "Paketet avvisades" in page
    assert job.error in page and "Inget av det importerades." in page
