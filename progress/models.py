"""Progress records, shaped after xAPI and kept the Kolibri way.

- ``Activity``: something a learner can make progress in (a topic, a lecture, a quiz, a
  role-play, H5P content), with the stable UUID of the content it stands for.
- ``Statement``: the append-only event log, one row per xAPI-like statement (actor,
  verb, object, result, context, timestamp). Its primary key is the statement id, which
  a client may generate, so a retried statement is stored once.
- ``ActivityProgress``: the summary per learner × activity, updated in the same
  transaction as the statement it summarises, with the learner's ``ProgressState``.

Nothing writes these but ``progress.recording.record``.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProgressState(models.TextChoices):
    """A learner's state in an activity, in the order it can only move forward."""

    NOT_STARTED = "not_started", _("Not started")
    STARTED = "started", _("Started")
    COMPLETED = "completed", _("Completed")
    PASSED = "passed", _("Passed")

    @property
    def rank(self) -> int:
        return _RANKS[self]

    @property
    def is_done(self) -> bool:
        return self.rank >= ProgressState.COMPLETED.rank


_RANKS = {state: rank for rank, state in enumerate(ProgressState)}


class Activity(models.Model):
    uuid = models.UUIDField(_("shared identifier"), unique=True)
    # The shared UUID of the content itself (a page, a quiz, a scenario). For a page
    # it is the activity's own uuid; a quiz or role-play placed on a page has one
    # activity per placement: uuid = uuid5(content_uuid, page uuid) (activities.py).
    content_uuid = models.UUIDField(_("content identifier"), db_index=True)
    # What the content apps registered (progress.kinds): "topic", "lecture", "quiz" …
    kind = models.CharField(_("kind"), max_length=20)
    title = models.CharField(_("title"), max_length=255)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The page the activity is on."),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.UniqueConstraint(
                fields=["content_uuid", "page"], name="one_activity_per_placement"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if self.content_uuid is None:  # an activity for a page is its own content
            self.content_uuid = self.uuid
        super().save(*args, **kwargs)


class Statement(models.Model):
    class Verb(models.TextChoices):
        EXPERIENCED = "experienced", _("experienced")
        PROGRESSED = "progressed", _("progressed")
        ATTEMPTED = "attempted", _("attempted")
        COMPLETED = "completed", _("completed")
        PASSED = "passed", _("passed")
        FAILED = "failed", _("failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="statements"
    )
    verb = models.CharField(max_length=20, choices=Verb.choices)
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="statements"
    )
    # Result: score scaled to 0..1, success, completion, time in seconds.
    score = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    success = models.BooleanField(null=True, blank=True)
    completion = models.BooleanField(null=True, blank=True)
    duration = models.PositiveIntegerField(default=0)
    context = models.JSONField(default=dict, blank=True)
    timestamp = models.DateTimeField(default=timezone.now)
    stored = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        indexes = [
            models.Index(fields=["actor", "activity"]),
            models.Index(fields=["timestamp"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=1),
                name="statement_score_scaled",
            )
        ]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.verb} {self.activity_id}"


class ActivityProgress(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="progress"
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="progress"
    )
    state = models.CharField(
        max_length=20, choices=ProgressState.choices, default=ProgressState.NOT_STARTED
    )
    best_score = models.DecimalField(
        max_digits=5, decimal_places=4, null=True, blank=True
    )
    time_spent = models.PositiveIntegerField(default=0, help_text=_("Seconds."))
    attempts = models.PositiveIntegerField(default=0)
    first_visit = models.DateTimeField(null=True, blank=True)
    last_visit = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("activity progress")
        verbose_name_plural = _("activity progress")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "activity"], name="one_progress_per_learner_activity"
            ),
            models.CheckConstraint(
                condition=Q(best_score__isnull=True)
                | Q(best_score__gte=0, best_score__lte=1),
                name="progress_best_score_scaled",
            ),
            models.CheckConstraint(
                condition=Q(state__in=ProgressState.values), name="progress_state_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.activity_id} {self.state}"
