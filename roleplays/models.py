"""Call-handling role-plays: a citizen's call as a branching script.

Steps are what the caller says (and narration); at each step the handler picks a
response (a ``ScenarioChoice``) that leads to the next step and carries feedback and
scores on three dimensions: bemötande (empathy), correctness and routing to the right
ROSA level. A choice can break a rule (e.g. disclosing a confidential case): the attempt
then fails whatever the score. Steps and choices refer to each other by the step's key,
so the whole graph is edited on one page and checked (``roleplays.graph``) before it is
published.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import DraftStateMixin, Orderable, RevisionMixin
from wagtail.search import index
from wagtailmedia.edit_handlers import MediaChooserPanel

from ecirkel.departments import DEPARTMENTS

from .forms import ScenarioForm
from .scoring import DIMENSIONS, scores_in_range


class Scenario(DraftStateMixin, RevisionMixin, index.Indexed, ClusterableModel):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("summary"), help_text=_("What the call is about."))
    shuffle_choices = models.BooleanField(
        _("shuffle the answers"),
        default=True,
        help_text=_(
            "Show the handler's possible answers in a new order in each attempt, so "
            "the best answer is not always in the same place."
        ),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=60,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "The share of points a call must score to pass (0 %: every choice at "
            "its worst, 50 %: neutral, 100 %: every choice at its best). A choice "
            "that breaks a rule fails the call whatever the score."
        ),
    )
    department = models.CharField(_("department"), max_length=50, choices=DEPARTMENTS)
    caller_name = models.CharField(_("caller"), max_length=200)
    caller_background = models.TextField(_("background"), blank=True)
    caller_goal = models.TextField(_("what the caller wants"))
    caller_mood = models.CharField(_("mood"), max_length=200)
    caller_lines = models.TextField(
        _("lines the caller may use"), blank=True, help_text=_("One per line.")
    )
    handler_rules = models.TextField(
        _("rules that apply"), help_text=_("One per line, e.g. what may not be said.")
    )
    handler_routing = models.TextField(
        _("where to route"), help_text=_("The right ROSA level or department.")
    )
    observer_notes = models.TextField(
        _("observer's checklist"), blank=True, help_text=_("One item per line.")
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="scenario")

    panels = [
        FieldPanel("title"),
        FieldPanel("summary"),
        FieldPanel("department"),
        FieldPanel("shuffle_choices"),
        FieldPanel("pass_mark"),
        MultiFieldPanel(
            [
                FieldPanel("caller_name"),
                FieldPanel("caller_background"),
                FieldPanel("caller_goal"),
                FieldPanel("caller_mood"),
                FieldPanel("caller_lines"),
            ],
            heading=_("The caller's card"),
        ),
        MultiFieldPanel(
            [FieldPanel("handler_rules"), FieldPanel("handler_routing")],
            heading=_("The handler's card"),
        ),
        FieldPanel("observer_notes"),
        InlinePanel(
            "steps",
            heading=_("Steps"),
            label=_("Step"),
            min_num=2,
            help_text=_("The first step is where the call starts."),
        ),
        InlinePanel("choices", heading=_("The handler's choices"), label=_("Choice")),
    ]
    # Site search finds a call by its title, summary and what the caller says, never
    # by the handler's choices or their feedback (ecirkel/search.py).
    search_fields = [
        index.SearchField("title"),
        index.SearchField("summary"),
        index.AutocompleteField("title"),
        index.AutocompleteField("summary"),
        index.RelatedFields(
            "steps",
            [index.SearchField("caller_says"), index.AutocompleteField("caller_says")],
        ),
        index.FilterField("live"),
    ]
    base_form_class = ScenarioForm

    class Meta:
        verbose_name = _("role-play scenario")
        verbose_name_plural = _("role-play scenarios")

    def __str__(self) -> str:
        return self.title

    @property
    def revisions(self):
        return self._revisions

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The search index is written on post_save, from the database, before
        # modelcluster has saved the steps: index again now that they are there,
        # so what the caller says is found after every edit.
        index.insert_or_update_object(self)

    def lines(self, field: str) -> list[str]:
        return [
            line.strip() for line in getattr(self, field).splitlines() if line.strip()
        ]

    def step_map(self) -> dict:
        return {step.key: step for step in self.steps.all()}

    def choices_from(self, key: str) -> list:
        return [c for c in self.choices.all() if c.step_key == key]

    def start_step(self):
        return self.steps.all().first()


class Step(Orderable):
    scenario = ParentalKey(Scenario, on_delete=models.CASCADE, related_name="steps")
    key = models.SlugField(
        _("key"), max_length=50, help_text=_("A short name, e.g. start.")
    )
    caller_says = models.TextField(_("the caller says"), blank=True)
    narration = models.TextField(_("narration"), blank=True)
    audio = models.ForeignKey(
        "wagtailmedia.Media",
        verbose_name=_("recording"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional: the caller's line, recorded (from the media library)."),
    )
    is_end = models.BooleanField(_("the call ends here"), default=False)
    outcome = models.TextField(
        _("outcome"), blank=True, help_text=_("End steps: what happened.")
    )

    panels = [
        FieldPanel("key"),
        FieldPanel("caller_says"),
        FieldPanel("narration"),
        MediaChooserPanel("audio", media_type="audio"),
        FieldPanel("is_end"),
        FieldPanel("outcome"),
    ]

    def __str__(self) -> str:
        return self.key


class ScenarioChoice(Orderable):
    scenario = ParentalKey(Scenario, on_delete=models.CASCADE, related_name="choices")
    step_key = models.SlugField(_("at step"), max_length=50)
    text = models.TextField(_("the handler says or does"))
    leads_to = models.SlugField(_("leads to step"), max_length=50)
    feedback = models.TextField(_("feedback"))
    empathy = models.SmallIntegerField(_("manner"), default=0)
    correctness = models.SmallIntegerField(_("correct information"), default=0)
    routing = models.SmallIntegerField(_("routing"), default=0)
    breaks_rule = models.BooleanField(
        _("breaks a rule"),
        default=False,
        help_text=_("E.g. discloses a confidential case: the attempt fails."),
    )

    panels = [
        FieldPanel("step_key"),
        FieldPanel("text"),
        FieldPanel("leads_to"),
        FieldPanel("feedback"),
        FieldPanel("empathy"),
        FieldPanel("correctness"),
        FieldPanel("routing"),
        FieldPanel("breaks_rule"),
    ]

    class Meta(Orderable.Meta):
        constraints = [
            models.CheckConstraint(
                condition=scores_in_range(),
                name="choice_scores_in_range",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]

    def scores(self) -> dict[str, int]:
        return {name: getattr(self, name) for name, _label in DIMENSIONS}


class RoleplayAttempt(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    scenario = models.ForeignKey(
        Scenario, on_delete=models.CASCADE, related_name="attempts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="roleplay_attempts",
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # [{"step": key, "choice": choice id}] in the order taken
    path = models.JSONField(default=list)
    current_step = models.CharField(max_length=50)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    scores = models.JSONField(default=dict)
    broke_rule = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.scenario} ({self.user_id})"

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


class ObservedSession(models.Model):
    """A pair role-play in the circle, scored by the circle leader for a learner."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="+")
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="observed_sessions",
    )
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The page the call is placed on; the session counts there."),
    )
    empathy = models.SmallIntegerField(_("manner"))
    correctness = models.SmallIntegerField(_("correct information"))
    routing = models.SmallIntegerField(_("routing"))
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=scores_in_range(),
                name="observed_scores_in_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.scenario} – {self.learner_id}"
