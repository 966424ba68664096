"""The admin's "Import a course" with a stand-in engine: upload → job → worker →
done; refused packages; the review of an update; cancel and discard; the upload's
limits; who may use it."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from imports import jobs
from imports.models import ImportJob
from users.factories import UserFactory

from .conftest import (
    CONFLICT,
    THEIRS,
    package_upload,
    update_plan,
    zip_bytes,
)
from .worker import work_queue

pytestmark = pytest.mark.django_db

INDEX = reverse("imports:index")


def job_url(job):
    return reverse("imports:job", args=[job.pk])


@pytest.fixture
def client(editor):
    client = Client()
    client.force_login(editor)
    return client


def upload(client, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(INDEX, {"package": package_upload(**kwargs)})


def incoming_files():
    folder = settings.SHARING_WORK_DIR / "incoming"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_upload_queues_a_job_the_worker_imports(
    client, editor, fake_engine, django_capture_on_commit_callbacks
):
    response = upload(client, django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == job_url(job)
    assert job.status == ImportJob.Status.QUEUED
    assert job.created_by == editor and job.filename == "kurs.zip"
    # The package waits in the private folder, named by the job's id only.
    path = jobs.package_path(job)
    assert path.read_bytes() == zip_bytes()
    assert path.parent == settings.SHARING_WORK_DIR / "incoming"
    assert not path.resolve().is_relative_to(settings.MEDIA_ROOT.resolve())
    # Queued on the imports backend's database queue, not run at once.
    queued = DBTaskResult.objects.get()
    assert queued.backend_name == "imports"
    assert queued.task_path == "imports.tasks.check_package"
    assert "Väntar på tur" in client.get(job_url(job)).content.decode()

    assert work_queue() == 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.progress == 100
    assert job.course.pk == fake_engine.course.pk
    assert fake_engine.imports == [
        {"decisions": None, "user": editor, "source_url": ""}
    ]
    assert incoming_files() == []  # the package is deleted when the job ends
    page = client.get(job_url(job)).content.decode()
    assert "Kursen är importerad" in page
    assert reverse("wagtailadmin_pages:edit", args=[fake_engine.course.pk]) in page
    assert "2 nya sidor eller objekt" in page


def test_a_refused_package_shows_the_reason_and_writes_nothing(
    client, fake_engine, django_capture_on_commit_callbacks
):
    fake_engine.refuse = ("unsafe_path", "Paketet innehåller en sökväg utanför målet.")
    upload(client, django_capture_on_commit_callbacks)
    work_queue()
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert job.error_code == "unsafe_path"
    assert fake_engine.imports == []
    assert incoming_files() == []
    page = client.get(job_url(job)).content.decode()
    assert "Paketet avvisades" in page
    assert "Paketet innehåller en sökväg utanför målet." in page
    assert "Inget av det importerades." in page
    # An uploaded package's next step: another upload.
    assert f'href="{reverse("imports:index")}">Ladda upp ett annat paket' in page
    assert "Försök igen" not in page


def test_an_unexpected_error_fails_the_job_with_a_plain_message(
    client, fake_engine, django_capture_on_commit_callbacks
):
    fake_engine.crash = RuntimeError("boom")
    upload(client, django_capture_on_commit_callbacks)
    work_queue()
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert job.error_code == "internal_error"
    assert "boom" not in job.error and "Något gick fel" in job.error


def review(client, fake_engine, course, django_capture_on_commit_callbacks):
    topic = course.get_children().get(slug="vad-ar-kc")
    fake_engine.plan = update_plan(page_id=topic.pk)
    upload(client, django_capture_on_commit_callbacks)
    work_queue()
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.NEEDS_REVIEW
    assert fake_engine.imports == []  # nothing written before the review
    return job, topic


def test_an_update_waits_for_the_review(
    client, fake_engine, course, django_capture_on_commit_callbacks
):
    job, topic = review(client, fake_engine, course, django_capture_on_commit_callbacks)
    page = client.get(job_url(job)).content.decode()
    assert "Granska uppdateringen" in page
    assert "Ändrat både här och hos källan (1)" in page
    assert "<legend>Ämne: Vad är KC?</legend>" in page
    assert "Brödtexten är ändrad" in page
    assert f'name="decision-{CONFLICT}" value="local"' in page
    assert "Behåll vår version" in page and "Ta deras version" in page
    assert reverse("wagtailadmin_pages:edit", args=[topic.pk]) in page
    assert "Ändrat hos källan (1)" in page and "Förstudie" in page
    assert "Oförändrat (1)" in page
    # Only conflicts get a choice.
    assert f"decision-{THEIRS}" not in page
    assert jobs.package_path(job).is_file()


@pytest.mark.parametrize("choice", ["local", "theirs"])
def test_the_editors_choice_goes_to_the_import(
    client, fake_engine, course, django_capture_on_commit_callbacks, choice
):
    job, _topic = review(
        client, fake_engine, course, django_capture_on_commit_callbacks
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            job_url(job), {"action": "import", f"decision-{CONFLICT}": choice}
        )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.QUEUED
    assert job.decisions == {CONFLICT: choice}
    work_queue()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert fake_engine.imports[0]["decisions"] == {CONFLICT: choice}
    assert (
        "är uppdaterad till den nya versionen"
        in client.get(job_url(job)).content.decode()
    )


def test_a_choice_that_is_not_offered_is_refused(
    client, fake_engine, course, django_capture_on_commit_callbacks
):
    job, _topic = review(
        client, fake_engine, course, django_capture_on_commit_callbacks
    )
    response = client.post(
        job_url(job), {"action": "import", f"decision-{CONFLICT}": "both"}
    )
    assert response.status_code == 400
    job.refresh_from_db()
    assert job.status == ImportJob.Status.NEEDS_REVIEW
    assert not DBTaskResult.objects.filter(task_path__endswith="import_package")


def test_cancel_a_waiting_job_then_discard_it(
    client, fake_engine, django_capture_on_commit_callbacks
):
    upload(client, django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    client.post(job_url(job), {"action": "cancel"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED
    assert incoming_files() == []
    work_queue()  # the queued check finds the job cancelled and does nothing
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED
    response = client.post(job_url(job), {"action": "discard"})
    assert response.status_code == 302 and response.url == INDEX
    assert not ImportJob.objects.exists()


def test_a_running_job_cannot_be_discarded(client, editor):
    job = jobs.create(editor, "kurs.zip", status=ImportJob.Status.IMPORTING)
    client.post(job_url(job), {"action": "discard"})
    client.post(job_url(job), {"action": "cancel"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.IMPORTING


def test_the_page_follows_the_progress(client, editor):
    job = jobs.create(editor, "kurs.zip", status=ImportJob.Status.IMPORTING)
    jobs.write_progress(job, 40, "Skriver sidorna")
    data = client.get(job_url(job), {"format": "json"}).json()
    assert data == {
        "status": "importing",
        "status_label": "Importerar",
        "running": True,
        "progress": 40,
        "stage": "Skriver sidorna",
    }
    page = client.get(job_url(job)).content.decode()
    assert 'max="100" value="40">40 %</progress>' in page
    assert "imports/job.js" in page
    assert 'role="status"' in page


def test_the_list_shows_every_editors_jobs(client, editor):
    colleague = UserFactory(username="eva", roles=["Redaktör"])
    jobs.create(colleague, "evas-kurs.zip", status=ImportJob.Status.DONE)
    jobs.create(editor, "min-kurs.zip", status=ImportJob.Status.FAILED)
    page = client.get(INDEX).content.decode()
    assert "evas-kurs.zip" in page and "min-kurs.zip" in page


# --- The upload's limits ---------------------------------------------------------


def test_only_zip_files(client, django_capture_on_commit_callbacks):
    response = upload(client, django_capture_on_commit_callbacks, name="kurs.pdf")
    assert response.status_code == 400
    assert "Välj en .zip-fil" in response.content.decode()
    response = upload(
        client, django_capture_on_commit_callbacks, name="kurs.zip", data=b"%PDF-1.4"
    )
    assert response.status_code == 400
    assert "inte en zip-fil" in response.content.decode()
    assert not ImportJob.objects.exists() and incoming_files() == []


def test_too_large_a_file_is_refused(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SHARING_MAX_UPLOAD_BYTES = 100
    response = upload(
        client, django_capture_on_commit_callbacks, data=zip_bytes({"a": b"x" * 500})
    )
    assert response.status_code == 413
    assert "Filen är för stor" in response.content.decode()
    assert not ImportJob.objects.exists() and incoming_files() == []


def test_upload_needs_the_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(INDEX, {"package": package_upload()})
    assert response.status_code == 403
    assert not ImportJob.objects.exists()


def test_an_unknown_job_is_404(client):
    assert (
        client.get(INDEX + "00000000-0000-4000-8000-000000000000/").status_code == 404
    )


# --- Who may ---------------------------------------------------------------------


def test_learners_and_circle_leaders_get_nothing(learner, circle_leader, editor):
    job = jobs.create(editor, "kurs.zip")
    for user in (learner, circle_leader):
        client = Client()
        client.force_login(user)
        for url in (INDEX, job_url(job)):
            response = client.get(url)
            assert response.status_code == 302
            assert response.url.startswith("/admin/login/")


def test_admin_access_without_the_permission_is_refused(editor):
    user = UserFactory(username="annan")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(user)
    job = jobs.create(editor, "kurs.zip")
    for url in (INDEX, job_url(job)):
        assert client.get(url).url == reverse("wagtailadmin_home")
    assert "kursimport" not in client.get(reverse("wagtailadmin_home")).content.decode()
    editor_client = Client()
    editor_client.force_login(editor)
    assert (
        "/admin/kursimport/"
        in editor_client.get(reverse("wagtailadmin_home")).content.decode()
    )
