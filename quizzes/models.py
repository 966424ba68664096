"""The question bank: questions on the departments' rules, as Wagtail snippets.

A question has a type; its answer key lives in its ``Choice`` rows (single and multiple
choice, true/false, matching pairs, ordering) or in its own fields (accepted short
answers, a number with a tolerance). Grading is in ``quizzes.grading`` and happens only
on the server.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import DraftStateMixin, Orderable, RevisionMixin
from wagtail.search import index

from . import formats, grading


class QuestionTag(TaggedItemBase):
    content_object = ParentalKey(
        "quizzes.Question", on_delete=models.CASCADE, related_name="tagged_items"
    )


class Question(DraftStateMixin, RevisionMixin, index.Indexed, ClusterableModel):
    class Type(models.TextChoices):
        SINGLE = formats.SINGLE, _("Single choice")
        MULTIPLE = formats.MULTIPLE, _("Multiple choice")
        TRUE_FALSE = formats.TRUE_FALSE, _("True or false")
        MATCHING = formats.MATCHING, _("Matching pairs")
        ORDERING = formats.ORDERING, _("Ordering")
        SHORT_TEXT = formats.SHORT_TEXT, _("Short text")
        NUMERIC = formats.NUMERIC, _("Number")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    title = models.CharField(
        _("name"), max_length=255, blank=True, help_text=_("Shown in lists; optional.")
    )
    text = models.TextField(_("question"))
    explanation = models.TextField(
        _("explanation"), blank=True, help_text=_("Shown after answering, as allowed.")
    )
    accepted_answers = models.TextField(
        _("accepted answers"),
        blank=True,
        help_text=_("Short text: one accepted answer per line. Case is ignored."),
    )
    fold_diacritics = models.BooleanField(
        _("accept answers without å, ä, ö"),
        default=False,
        help_text=_("Short text: also accept “forvaltning” for “förvaltning”."),
    )
    number = models.DecimalField(
        _("right number"), max_digits=16, decimal_places=6, null=True, blank=True
    )
    tolerance = models.DecimalField(
        _("tolerance (±)"), max_digits=16, decimal_places=6, default=Decimal(0)
    )
    tags = ClusterTaggableManager(
        through=QuestionTag,
        blank=True,
        help_text=_("The department (e.g. Socialtjänst) and the topic."),
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="question")

    panels = [
        FieldPanel("type"),
        FieldPanel("title"),
        FieldPanel("text"),
        InlinePanel(
            "choices",
            heading=_("Options"),
            label=_("Option"),
            help_text=_(
                "Choice and true/false: tick the right options. Matching: the "
                "left side here, its match in “Matches”. Ordering: the items in the "
                "right order."
            ),
        ),
        MultiFieldPanel(
            [FieldPanel("accepted_answers"), FieldPanel("fold_diacritics")],
            heading=_("Short text"),
        ),
        MultiFieldPanel(
            [FieldPanel("number"), FieldPanel("tolerance")], heading=_("Number")
        ),
        FieldPanel("explanation"),
        FieldPanel("tags"),
    ]
    search_fields = [
        index.SearchField("text"),
        index.SearchField("title"),
        index.AutocompleteField("text"),
        index.FilterField("type"),
    ]

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    @property
    def revisions(self):
        return self._revisions

    def __str__(self) -> str:
        return self.title or self.text[:80]

    def clean(self):
        super().clean()
        if self.type == self.Type.SHORT_TEXT and not self.accepted():
            raise ValidationError(
                {"accepted_answers": _("Give at least one accepted answer.")}
            )
        if self.type == self.Type.NUMERIC and self.number is None:
            raise ValidationError({"number": _("Give the right number.")})
        if self.tolerance is not None and self.tolerance < 0:
            raise ValidationError({"tolerance": _("The tolerance cannot be negative.")})

    def accepted(self) -> list[str]:
        return [
            line.strip() for line in self.accepted_answers.splitlines() if line.strip()
        ]

    def grade(self, response) -> grading.Grade:
        """Grade a response: option ids (str) for choices, {left id: right id} for
        matching, [ids] for ordering, text for short text and numbers."""
        choices = list(self.choices.all())
        ids = {str(c.pk) for c in choices}
        if self.type in (self.Type.SINGLE, self.Type.TRUE_FALSE):
            right = next((str(c.pk) for c in choices if c.is_correct), "")
            return grading.single(right, response if response in ids else None)
        if self.type == self.Type.MULTIPLE:
            picked = {r for r in (response or []) if r in ids}
            right = {str(c.pk) for c in choices if c.is_correct}
            return grading.multiple(right, ids, picked)
        if self.type == self.Type.MATCHING:
            return grading.matching(
                {str(c.pk): str(c.pk) for c in choices}, response or {}
            )
        if self.type == self.Type.ORDERING:
            return grading.ordering([str(c.pk) for c in choices], list(response or []))
        if self.type == self.Type.SHORT_TEXT:
            return grading.short_text(
                self.accepted(), response or "", fold_diacritics=self.fold_diacritics
            )
        return grading.numeric(
            self.number, self.tolerance or Decimal(0), response or ""
        )


class Choice(Orderable):
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("text"), max_length=500)
    is_correct = models.BooleanField(_("right"), default=False)
    match = models.CharField(
        _("matches"),
        max_length=500,
        blank=True,
        help_text=_("Matching questions only."),
    )
    feedback = models.CharField(
        _("feedback"),
        max_length=500,
        blank=True,
        help_text=_("Shown if this is picked."),
    )

    panels = [
        FieldPanel("text"),
        FieldPanel("is_correct"),
        FieldPanel("match"),
        FieldPanel("feedback"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self) -> str:
        return self.text


class Quiz(DraftStateMixin, RevisionMixin, index.Indexed, ClusterableModel):
    """A quiz: fixed questions and/or random draws from tags, with its rules."""

    class Review(models.TextChoices):
        IMMEDIATELY = "immediately", _("Show the answers right after submitting")
        AFTER_PASS = "after_pass", _("Show the answers once the learner has passed")
        AFTER_LAST = "after_last", _("Show the answers after the last attempt")
        NEVER = "never", _("Never show the answers")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=255)
    intro = models.TextField(_("introduction"), blank=True)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=70,
        help_text=_("The share of points needed to pass."),
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    time_limit = models.PositiveSmallIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        help_text=_("Empty: no limit."),
    )
    shuffle_questions = models.BooleanField(_("shuffle the questions"), default=False)
    shuffle_options = models.BooleanField(_("shuffle the options"), default=True)
    review = models.CharField(
        _("showing the answers"),
        max_length=20,
        choices=Review.choices,
        default=Review.IMMEDIATELY,
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="quiz")

    panels = [
        FieldPanel("title"),
        FieldPanel("intro"),
        InlinePanel("fixed_questions", heading=_("Questions"), label=_("Question")),
        InlinePanel(
            "draws",
            heading=_("Random questions"),
            label=_("Draw"),
            help_text=_("For example: 3 questions tagged Socialtjänst."),
        ),
        MultiFieldPanel(
            [
                FieldPanel("pass_mark"),
                FieldPanel("max_attempts"),
                FieldPanel("time_limit"),
                FieldPanel("shuffle_questions"),
                FieldPanel("shuffle_options"),
                FieldPanel("review"),
            ],
            heading=_("Rules"),
        ),
    ]
    # Site search finds a quiz by what a learner sees before starting it; never by
    # its questions (ecirkel/search.py). Autocomplete: a word finds longer words.
    search_fields = [
        index.SearchField("title"),
        index.SearchField("intro"),
        index.AutocompleteField("title"),
        index.AutocompleteField("intro"),
        index.FilterField("live"),
    ]

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_mark__lte=100), name="pass_mark_percent"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def revisions(self):
        return self._revisions


class QuizQuestion(Orderable):
    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="fixed_questions")
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="+"
    )

    panels = [FieldPanel("question")]


class QuizDraw(Orderable):
    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="draws")
    tag = models.CharField(_("tag"), max_length=100)
    count = models.PositiveSmallIntegerField(_("number of questions"), default=3)

    panels = [FieldPanel("tag"), FieldPanel("count")]

    def clean(self):
        super().clean()
        if self.count < 1:
            raise ValidationError({"count": _("Draw at least one question.")})


def draw_problems(fixed: list[Question], draws: list[tuple[str, int]]) -> list[str]:
    """Why these draws could leave a quiz short of questions, one message a draw,
    named by its number in the quiz (as the editor sees them: "Draw 2").

    Mirrors ``quizzes.attempts.questions_for``: a draw takes published questions with
    its tag, leaving out the quiz's published fixed questions and whatever the draws
    above it took. Those earlier draws are random, so a draw is counted against the
    most they could take from its pool; an empty list means every attempt gets every
    question it asks for.
    """
    fixed_ids = {question.pk for question in fixed if question.live}
    problems, above = [], []
    for number, (tag, count) in enumerate(draws, 1):
        tagged = set(
            Question.objects.filter(live=True, tags__name=tag).values_list(
                "pk", flat=True
            )
        )
        pool = tagged - fixed_ids
        overlap = set().union(*(pool & earlier for earlier, _n in above))
        may_be_taken = min(
            len(overlap), sum(min(n, len(pool & earlier)) for earlier, n in above)
        )
        available = len(pool) - may_be_taken
        above.append((pool, count))
        if available >= count:
            continue
        values = {"count": count, "tag": tag, "available": available}
        if not tagged:
            problem = (
                _(
                    "No published question is tagged “%(tag)s”. Tag questions with "
                    "it in the question bank, or remove the draw."
                )
                % values
            )
        elif available == len(tagged):
            problem = (
                ngettext(
                    "The quiz cannot draw %(count)d question tagged “%(tag)s”, only "
                    "%(available)d: the question bank has no more published "
                    "questions with that tag. Draw fewer, or tag more questions.",
                    "The quiz cannot draw %(count)d questions tagged “%(tag)s”, only "
                    "%(available)d: the question bank has no more published "
                    "questions with that tag. Draw fewer, or tag more questions.",
                    count,
                )
                % values
            )
        else:
            problem = (
                ngettext(
                    "The quiz cannot draw %(count)d question tagged “%(tag)s”, only "
                    "%(available)d: its fixed questions and the draws above this one "
                    "may take the other published questions with that tag. Draw "
                    "fewer, or tag more questions.",
                    "The quiz cannot draw %(count)d questions tagged “%(tag)s”, only "
                    "%(available)d: its fixed questions and the draws above this one "
                    "may take the other published questions with that tag. Draw "
                    "fewer, or tag more questions.",
                    count,
                )
                % values
            )
        problems.append(
            _("Draw %(number)d: %(problem)s") % {"number": number, "problem": problem}
        )
    return problems


class Attempt(models.Model):
    """One learner's go at a quiz: which questions, in which order, and the result."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    number = models.PositiveSmallIntegerField()
    # [{"question": id, "options": [choice ids as shown], "matches": [choice ids as
    #   shown on the right-hand side]}]: the order the learner sees.
    layout = models.JSONField(default=list)
    started_at = models.DateTimeField(default=timezone.now)
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    passed = models.BooleanField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "user", "page", "number"], name="attempt_number"
            ),
            models.UniqueConstraint(
                fields=["quiz", "user", "page"],
                condition=Q(submitted_at__isnull=True),
                name="one_open_attempt",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=1),
                name="attempt_score_scaled",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quiz} #{self.number} ({self.user_id})"

    @property
    def is_open(self) -> bool:
        return self.submitted_at is None


class AttemptAnswer(models.Model):
    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    response = models.JSONField(null=True, blank=True)
    score = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    correct = models.BooleanField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="one_answer")
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id} {self.question_id}"
