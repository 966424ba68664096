"""The catalog's background task, on the import's task backend (``imports.tasks``):
the worker that checks and imports packages also downloads them."""

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext_noop
from django_tasks import task

from imports import jobs
from imports.models import ImportJob
from imports.tasks import BACKEND

from . import downloading
from .models import OfferedCourse


@task(backend=BACKEND)
def download_package(
    job_id: str, subscription_id: int, course_uuid: str = "", version: str = ""
) -> None:
    downloading.run(job_id, subscription_id, course_uuid, version)


def start_import(offer: OfferedCourse, user) -> ImportJob:
    """One click: an import job in status "downloading", its download queued once
    the transaction commits."""
    job = jobs.create(
        user,
        f"{slugify(offer.title) or 'kurs'}.zip",
        source_url=offer.package_url,
        expected_sha256=offer.sha256,
        expected_size=offer.size,
        status=ImportJob.Status.DOWNLOADING,
    )
    job.stage = gettext_noop("Downloading")
    job.save(update_fields=["stage"])
    subscription_id = offer.subscription_id
    course_uuid, version = str(offer.uuid), offer.version
    transaction.on_commit(
        lambda: download_package.enqueue(
            str(job.pk), subscription_id, course_uuid, version
        )
    )
    return job
