"""Import jobs: create one, queue its check, and the steps the worker runs.

A job moves  downloading → queued → checking → (needs_review →) importing → done,
or ends as failed (the package was refused: ``error`` says why in plain words) or
cancelled. The worker runs ``check`` and ``run_import`` (through ``imports.tasks``);
the web process only creates, starts, cancels and discards jobs.

Public, also for the catalog feeds (``catalogs``): ``create``, ``package_path``,
``start``. A catalog download creates a job with status "downloading", writes the
package to ``package_path(job)`` and then calls ``start(job)``.

Progress while the import runs is written to a small file next to the package
(``progress_path``), not to the database: the engine imports in one transaction,
and on SQLite that transaction holds the write lock until it ends, so neither a
second connection nor the web process could record or see progress there.
"""

import json
import logging
import os
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from . import engine
from .models import ImportJob

logger = logging.getLogger(__name__)

Status = ImportJob.Status


def incoming_dir() -> Path:
    """Where packages wait: private, outside MEDIA_ROOT, made on first use."""
    path = Path(settings.SHARING_WORK_DIR) / "incoming"
    path.mkdir(parents=True, exist_ok=True)
    return path


def package_path(job: ImportJob) -> Path:
    """The job's package file. Named by the job's id only, never by user input."""
    return incoming_dir() / f"{job.id}.zip"


def progress_path(job: ImportJob) -> Path:
    return incoming_dir() / f"{job.id}.progress.json"


def create(
    user,
    filename: str,
    source_url: str = "",
    expected_sha256: str = "",
    expected_size: int | None = None,
    status: str = Status.QUEUED,
) -> ImportJob:
    """A new job; its package is then written to ``package_path(job)``."""
    return ImportJob.objects.create(
        created_by=user,
        filename=Path(filename).name[:255] or "package.zip",
        source_url=source_url,
        expected_sha256=expected_sha256,
        expected_size=expected_size,
        status=status,
        stage=gettext_noop("Waiting in line"),
    )


def start(job: ImportJob) -> None:
    """Queue the check of a job whose package file is in place."""
    from . import tasks

    job.status = Status.QUEUED
    job.progress = 0
    job.stage = gettext_noop("Waiting in line")
    job.save(update_fields=["status", "progress", "stage", "updated_at"])
    _enqueue(tasks.check_package, job)


def start_import(job: ImportJob, decisions: dict[str, str]) -> bool:
    """Queue the import of a reviewed job with the editor's choices. False if the
    job was no longer waiting for review (another editor started it)."""
    from . import tasks

    moved = ImportJob.objects.filter(pk=job.pk, status=Status.NEEDS_REVIEW).update(
        status=Status.QUEUED,
        decisions=decisions,
        progress=0,
        stage=gettext_noop("Waiting in line"),
    )
    if moved:
        _enqueue(tasks.import_package, job)
    return bool(moved)


def _enqueue(task, job: ImportJob) -> None:
    # After the commit: the worker is another process and must find the job saved.
    transaction.on_commit(lambda: task.enqueue(str(job.pk)))


def cancel(job: ImportJob) -> bool:
    """Stop a job that is not being worked on (waiting in line or for review).
    False if the worker has it now."""
    cancellable = [Status.DOWNLOADING, Status.QUEUED, Status.NEEDS_REVIEW]
    moved = ImportJob.objects.filter(pk=job.pk, status__in=cancellable).update(
        status=Status.CANCELLED, stage=gettext_noop("Cancelled")
    )
    if moved:
        remove_files(job)
    return bool(moved)


def discard(job: ImportJob) -> bool:
    """Delete an ended job (and anything left of its files)."""
    if job.status not in ImportJob.ENDED:
        return False
    remove_files(job)
    job.delete()
    return True


def remove_files(job: ImportJob) -> None:
    for path in (package_path(job), progress_path(job)):
        path.unlink(missing_ok=True)
        Path(f"{path}.part").unlink(missing_ok=True)


# --- Progress --------------------------------------------------------------------


def write_progress(job: ImportJob, percent: int, stage: str) -> None:
    """Record progress where the web process can read it during a transaction."""
    path = progress_path(job)
    part = Path(f"{path}.part")
    part.write_text(
        json.dumps({"progress": max(0, min(100, int(percent))), "stage": str(stage)})
    )
    os.replace(part, path)


def current_progress(job: ImportJob) -> tuple[int, str]:
    """(percent, stage) as the worker last reported it."""
    if job.running:
        try:
            data = json.loads(progress_path(job).read_text())
            return int(data["progress"]), str(data["stage"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
    return job.progress, job.stage


# --- The worker's steps ----------------------------------------------------------


def _claim(job_id, from_status, to_status, stage) -> ImportJob | None:
    """Move the job on if it is still where the queue left it (not cancelled)."""
    moved = ImportJob.objects.filter(pk=job_id, status=from_status).update(
        status=to_status, stage=stage, progress=0
    )
    return ImportJob.objects.get(pk=job_id) if moved else None


def _refuse(job: ImportJob, message: str, code: str) -> None:
    job.status = Status.FAILED
    job.error = str(message)
    job.error_code = code[:100]
    job.stage = gettext_noop("Refused")
    job.save(update_fields=["status", "error", "error_code", "stage", "updated_at"])
    remove_files(job)


def _fail_unexpectedly(job: ImportJob) -> None:
    logger.exception("Import job %s failed", job.pk)
    _refuse(
        job,
        gettext(
            "Something went wrong on the server and nothing was imported. "
            "Try again; if it happens again, tell the administrator."
        ),
        "internal_error",
    )


def is_update(plan: dict) -> bool:
    """Whether the plan updates a course that is already here."""
    return bool(plan.get("update") or plan.get("is_update") or plan.get("local_course"))


def check(job_id) -> None:
    """The worker's first step: check the whole package. A new course goes on to
    the import; an update waits for the editor's review."""
    job = _claim(job_id, Status.QUEUED, Status.CHECKING, "Checking the package")
    if job is None:
        return
    try:
        plan = engine.inspect(package_path(job)).as_dict()
    except engine.PackageError as error:
        _refuse(job, error.message, getattr(error, "code", "refused"))
        return
    except Exception:  # noqa: BLE001 - any bug: the job fails, the editor is told
        _fail_unexpectedly(job)
        return
    job.plan = plan
    if is_update(plan):
        job.status = Status.NEEDS_REVIEW
        job.stage = gettext_noop("Waiting for your review")
        job.progress = 0
        job.save(update_fields=["plan", "status", "stage", "progress", "updated_at"])
        return
    job.status = Status.IMPORTING
    job.stage = gettext_noop("Importing")
    job.save(update_fields=["plan", "status", "stage", "updated_at"])
    _import(job)


def run_import(job_id) -> None:
    """The worker's step after the review: import with the editor's choices."""
    job = _claim(job_id, Status.QUEUED, Status.IMPORTING, "Importing")
    if job is not None:
        _import(job)


# The engine's stages (sharing.importing), as the progress line says them.
STAGES = {
    "checking": gettext_noop("Checking the package"),
    "importing": gettext_noop("Importing"),
    "content": gettext_noop("Writing the content"),
    "pages": gettext_noop("Writing the pages"),
    "done": gettext_noop("Imported"),
}


def _import(job: ImportJob) -> None:
    def progress(percent, stage=""):
        write_progress(job, percent, STAGES.get(stage, stage))

    try:
        result = engine.import_package(
            package_path(job),
            decisions=job.decisions or None,
            user=job.created_by,
            source_url=job.source_url,
            progress=progress,
        )
    except engine.PackageError as error:
        _refuse(job, error.message, getattr(error, "code", "refused"))
        return
    except Exception:  # noqa: BLE001 - any bug: the job fails, the editor is told
        _fail_unexpectedly(job)
        return
    job.status = Status.DONE
    job.progress = 100
    job.stage = gettext_noop("Imported")
    job.course_id = getattr(getattr(result, "course", None), "pk", None)
    job.result = result.as_dict() if hasattr(result, "as_dict") else {}
    job.save()
    remove_files(job)
