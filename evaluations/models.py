"""Course evaluations (kursutvärdering): a short questionnaire an editor attaches to a
course, which learners are invited to when they complete it.

Anonymity is kept by the tables themselves: when the evaluation is anonymous a
``Response`` has no user, a random primary key and only the day it was sent, and the
learner's ``Invitation`` records only *that* they answered (no time), so no row ties
an answer to a person. Results are shown only from ``MIN_RESPONSES`` answers up.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

# Fewer answers than this are never shown: they could tell who answered what.
MIN_RESPONSES = 3
TEXT_ANSWER_MAX_LENGTH = 2000


class Likert(models.IntegerChoices):
    STRONGLY_DISAGREE = 1, _("Strongly disagree")
    DISAGREE = 2, _("Disagree")
    NEUTRAL = 3, _("Neither agree nor disagree")
    AGREE = 4, _("Agree")
    STRONGLY_AGREE = 5, _("Strongly agree")


class Evaluation(ClusterableModel):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    course = models.OneToOneField(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="evaluation",
    )
    title = models.CharField(_("title"), max_length=255)
    introduction = models.TextField(_("introduction"), blank=True)
    anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_("Nobody, editors included, can see who answered what."),
    )
    is_open = models.BooleanField(_("open for answers"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("course evaluation")
        verbose_name_plural = _("course evaluations")

    def __str__(self) -> str:
        return self.title


class Question(Orderable):
    class Kind(models.TextChoices):
        LIKERT = "likert", _("Statement (agree–disagree)")
        TEXT = "text", _("Free-text question")

    evaluation = ParentalKey(
        Evaluation, on_delete=models.CASCADE, related_name="questions"
    )
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("statement or question"), max_length=500)
    required = models.BooleanField(_("required"), default=False)

    class Meta(Orderable.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text


class Invitation(models.Model):
    """A learner who completed the course is invited; ``answered`` says only that they
    have answered, never when or what."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="invitations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="evaluation_invitations",
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    answered = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "user"], name="one_invitation_per_learner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluation} – {self.user}"


class Response(models.Model):
    # Random, so the order of the rows does not match the order of the invitations.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="responses"
    )
    circle = models.ForeignKey(
        "circles.StudyCircle",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Only when the evaluation is not anonymous.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_on = models.DateField()

    def __str__(self) -> str:
        return f"{self.evaluation} ({self.submitted_on})"


class Answer(models.Model):
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers"
    )
    value = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        choices=Likert.choices,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    text = models.TextField(blank=True, max_length=TEXT_ANSWER_MAX_LENGTH)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="one_answer_per_question"
            ),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True)
                | models.Q(value__gte=1, value__lte=5),
                name="likert_value_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.value or self.text[:30]}"
