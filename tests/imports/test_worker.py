"""A real round through the task queue: the upload enqueues into django-tasks'
database backend (committed, as in production), and ``manage.py db_worker --batch``
— the worker ``make run`` starts — picks the job up and runs it."""

import pytest
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from imports.models import ImportJob

from .conftest import package_upload
from .worker import run_db_worker


def test_the_database_worker_runs_the_import(migrated_db, editor, fake_engine):
    client = Client()
    client.force_login(editor)
    client.post(reverse("imports:index"), {"package": package_upload()})
    job = ImportJob.objects.get()
    task = DBTaskResult.objects.get()
    assert task.status == "READY" and job.status == ImportJob.Status.QUEUED

    run_db_worker()

    task.refresh_from_db()
    job.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert job.status == ImportJob.Status.DONE
    assert job.course_id == fake_engine.course.pk


@pytest.mark.django_db
def test_wagtails_own_tasks_do_not_wait_for_the_worker(settings):
    from django_tasks import task_backends

    assert type(task_backends["default"]).__name__ == "ImmediateBackend"
    assert type(task_backends["imports"]).__name__ == "DatabaseBackend"
