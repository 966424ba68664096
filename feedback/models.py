"""Feedback ("Ge synpunkter"): what a learner or visitor says about a page, and the
editors' handling of it — status, assignment, internal notes and replies.

A sender who asks to be anonymous is not stored: the row keeps only
``sender_token``, a keyed hash (HMAC with the installation's SECRET_KEY) from which
"Mina synpunkter" finds the sender's own feedback again. The admin, the export and
every screen of the inbox never show the token, and it cannot be turned back into a
person without the key.
"""

import hashlib
import hmac
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

TEXT_MAX_LENGTH = 2000
REPLY_MAX_LENGTH = 4000
NOTE_MAX_LENGTH = 2000


def sender_token(user) -> str:
    """The keyed hash that ties anonymous feedback to its sender for "Mina
    synpunkter" only."""
    message = f"feedback-sender:{user.pk}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


class Feedback(models.Model):
    class Kind(models.TextChoices):
        ERROR = "error", _("Error in the content")
        SUGGESTION = "suggestion", _("Suggestion")
        PRAISE = "praise", _("Praise")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_PROGRESS = "in_progress", _("Being handled")
        RESOLVED = "resolved", _("Resolved")
        REJECTED = "rejected", _("Rejected")

    class Subject(models.TextChoices):
        """What on the page the feedback is about: the page itself, or reusable
        content placed on it."""

        PAGE = "page", _("Page")
        QUIZ = "quiz", _("Quiz")
        SCENARIO = "scenario", _("Practice call")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subject = models.CharField(
        _("about"), max_length=20, choices=Subject.choices, default=Subject.PAGE
    )
    subject_uuid = models.UUIDField(null=True, blank=True, editable=False)
    # The title when it was sent: the page or quiz may be renamed or deleted later.
    subject_title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    text = models.TextField(_("feedback text"), max_length=TEXT_MAX_LENGTH)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    # Null when anonymous or sent by a visitor who is not logged in.
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sender"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_sent",
    )
    sender_token = models.CharField(max_length=64, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_assigned",
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("feedback item")
        verbose_name_plural = _("feedback items")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-created_at"]),
            models.Index(fields=["sender_token"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True)
                | models.Q(rating__gte=1, rating__lte=5),
                name="feedback_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(anonymous=False) | models.Q(sender__isnull=True),
                name="feedback_anonymous_has_no_sender",
            ),
        ]
        permissions = [("reply_feedback", _("Can handle and answer feedback"))]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject_title}"

    @property
    def display_title(self) -> str:
        """The title with what it is, for a quiz or practice call ("Quiz: …"): the
        same title can name a page and content placed on it."""
        if self.subject == self.Subject.PAGE:
            return self.subject_title
        return f"{self.get_subject_display()}: {self.subject_title}"


class EditorsWriting(models.Model):
    """What an editor writes on feedback: a note or a reply."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:50]


class FeedbackNote(EditorsWriting):
    """An internal note on feedback: editors only, never shown to the sender."""

    feedback = models.ForeignKey(
        Feedback, on_delete=models.CASCADE, related_name="notes"
    )
    text = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH)

    class Meta(EditorsWriting.Meta):
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")


class FeedbackReply(EditorsWriting):
    """An editor's answer, shown to the sender in "Mina synpunkter"."""

    feedback = models.ForeignKey(
        Feedback, on_delete=models.CASCADE, related_name="replies"
    )
    text = models.TextField(_("reply"), max_length=REPLY_MAX_LENGTH)
    # Whether the sender has seen it in "Mina synpunkter" (unread replies show as
    # new). A flag, not a time: one visit marks all unread replies at once, and a
    # shared timestamp would tie their anonymous and named feedback together.
    seen = models.BooleanField(default=False)

    class Meta(EditorsWriting.Meta):
        verbose_name = _("reply")
        verbose_name_plural = _("replies")


@register_setting(icon="comment")
class FeedbackSettings(BaseSiteSetting):
    allow_visitors = models.BooleanField(
        _("visitors who are not logged in may give feedback on public courses"),
        default=False,
    )
    notify_owners = models.BooleanField(
        _("tell a page's owner by e-mail about new feedback on it"), default=True
    )

    class Meta:
        verbose_name = _("Feedback")
