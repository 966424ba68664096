"""An editor's import of a course package, as a job the task queue works through.

The package file lives in the private working folder (``jobs.package_path``:
``SHARING_WORK_DIR/incoming/<job id>.zip``), never under MEDIA_ROOT, so no URL
reaches it; it is deleted when the job ends or is discarded. Its path comes from
the job's id, never from anything a user sent.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    class Status(models.TextChoices):
        DOWNLOADING = "downloading", _("Downloading")
        QUEUED = "queued", _("Waiting in line")
        CHECKING = "checking", _("Checking the package")
        NEEDS_REVIEW = "needs_review", _("Waiting for your review")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Refused")
        CANCELLED = "cancelled", _("Cancelled")

    # The worker is busy with these; the page follows them as they move.
    RUNNING = frozenset(
        {Status.DOWNLOADING, Status.QUEUED, Status.CHECKING, Status.IMPORTING}
    )
    # Over: the package file is gone, the job can be discarded.
    ENDED = frozenset({Status.DONE, Status.FAILED, Status.CANCELLED})

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_jobs",
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    filename = models.CharField(_("file name"), max_length=255)
    source_url = models.URLField(_("downloaded from"), max_length=2000, blank=True)
    expected_sha256 = models.CharField(max_length=64, blank=True)
    expected_size = models.BigIntegerField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    stage = models.CharField(_("stage"), max_length=200, blank=True)
    error = models.TextField(_("reason"), blank=True)
    error_code = models.CharField(max_length=100, blank=True)
    # sharing.importing.Plan.as_dict() of the checked package.
    plan = models.JSONField(default=dict, blank=True)
    # {object uuid: "local" | "theirs"}, the editor's choices for conflicts.
    decisions = models.JSONField(default=dict, blank=True)
    # What the import did (ImportResult), for the summary on the done page.
    result = models.JSONField(default=dict, blank=True)
    course = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("course import")
        verbose_name_plural = _("course imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename

    @property
    def running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def ended(self) -> bool:
        return self.status in self.ENDED
