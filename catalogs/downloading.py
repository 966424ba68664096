"""One-click import from a catalog: a job that downloads the package, verifies it
against the catalog entry, and hands it to the import's check.

The job is an ordinary import job (``imports``), created in status "downloading"
(``tasks.start_import``); the download runs on the import's task queue, so the
editor follows it on the job's page like an upload. The subscription's token goes
with the request only to the catalog's own origin, and is never stored in the
task's arguments (the task looks it up by the subscription's id).
"""

from django.utils.translation import gettext, gettext_noop

from imports import jobs
from imports.models import ImportJob
from sharing.package import PackageError, open_package

from .fetching import FetchError, download
from .models import Subscription


def run(
    job_id: str, subscription_id: int, course_uuid: str = "", version: str = ""
) -> None:
    """The worker's step: download, verify (size, checksum, and that the package
    is the course and version offered), then queue the check. A job that is no
    longer downloading (cancelled) is left alone."""
    job = ImportJob.objects.filter(
        pk=job_id, status=ImportJob.Status.DOWNLOADING
    ).first()
    if job is None:
        return
    subscription = Subscription.objects.filter(pk=subscription_id).first()
    if subscription is None:
        fail(
            job,
            gettext(
                "The catalog subscription this course came from was deleted, so "
                "the package was not downloaded."
            ),
            "download_no_subscription",
        )
        return
    try:
        download(
            job.source_url,
            jobs.package_path(job),
            expected_size=job.expected_size,
            expected_sha256=job.expected_sha256,
            token=subscription.token,
            token_origin=subscription.url,
            same_origin_as=subscription.url,
        )
    except FetchError as error:
        fail(job, error.message, f"download_{error.code}")
        return
    try:
        problem = not_as_offered(jobs.package_path(job), course_uuid, version)
    except PackageError as error:
        fail(job, error.message, error.code)
        return
    if problem:
        fail(job, problem, "download_not_as_offered")
        return
    # Cancelled while downloading: drop the file instead of importing it.
    if not ImportJob.objects.filter(
        pk=job.pk, status=ImportJob.Status.DOWNLOADING
    ).exists():
        jobs.remove_files(job)
        return
    jobs.start(job)


def not_as_offered(path, course_uuid: str, version: str) -> str:
    """Why the package at ``path`` is not the course and version the catalog
    offered ("" if it is): a catalog cannot offer one course and deliver
    another."""
    with open_package(path) as package:
        course = package.manifest.get("course", {})
    if course_uuid and str(course.get("uuid", "")).lower() != course_uuid.lower():
        return gettext(
            "The package is another course than the one the catalog offers (course "
            "%(got)s, not %(offered)s). It was not imported; tell the other "
            "installation."
        ) % {"got": course.get("uuid", "?"), "offered": course_uuid}
    if version and str(course.get("version", "")) != version:
        return gettext(
            "The package is another version of the course than the catalog offers "
            "(%(got)s, not %(offered)s). It was not imported. Refresh the catalog "
            "and try again; if it happens again, tell the other installation."
        ) % {"got": course.get("version", "?"), "offered": version}
    return ""


def fail(job: ImportJob, message: str, code: str) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.FAILED,
        error=message,
        error_code=code[:100],
        stage=gettext_noop("Refused"),
    )
    jobs.remove_files(job)
