"""The installation's local facts: a Wagtail site setting "Lokala uppgifter".

The standard facts (``standard.STANDARD_FACTS``) are fields named after their
placeholders; ``LocalFact`` rows add any other fact a course needs. Shared content
writes ``[[telefon]]``; pages show this site's value (``placeholders``,
``facts.current``).
"""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable

from .standard import NAME_RE, STANDARD_FACTS, STANDARD_NAMES, StandardFact

VALUE_MAX_LENGTH = 2000

name_validator = RegexValidator(
    NAME_RE,
    _(
        "Write the name with lower-case letters a–z, digits and underscores, "
        "starting with a letter (at most 50 characters), for example "
        "“bygglov_telefon”."
    ),
)


def _written_as(name: str) -> str:
    return gettext("Written as [[%(name)s]] in course content.") % {"name": name}


# Lazy: the help text is translated when shown, not when the model is imported.
written_as = lazy(_written_as, str)


def standard_field(fact: StandardFact) -> models.Field:
    help_text = written_as(fact.name)
    if fact.multiline:
        return models.TextField(
            fact.label,
            blank=True,
            max_length=VALUE_MAX_LENGTH,
            help_text=help_text,
        )
    return models.CharField(
        fact.label, blank=True, max_length=fact.max_length, help_text=help_text
    )


@register_setting(icon="home")
class LocalFacts(ClusterableModel, BaseSiteSetting):
    """This installation's facts, shown in shared courses where they say
    ``[[name]]``. Blank means "not filled in": learners then read the fact's
    description and editors see the placeholder highlighted."""

    kommun = standard_field(STANDARD_FACTS[0])
    kontaktcenter = standard_field(STANDARD_FACTS[1])
    telefon = standard_field(STANDARD_FACTS[2])
    oppettider = standard_field(STANDARD_FACTS[3])
    talsvar = standard_field(STANDARD_FACTS[4])
    medborgarkontor = standard_field(STANDARD_FACTS[5])
    epost = standard_field(STANDARD_FACTS[6])
    webbplats = standard_field(STANDARD_FACTS[7])

    panels = [
        HelpPanel(
            content=_(
                "Courses shared between municipalities write [[telefon]] where each "
                "installation has its own phone number; learners read the value "
                "filled in here. Leave a fact empty if it does not apply: learners "
                "then read its description (“the contact centre’s phone number”). "
                "The report “Local facts in courses” lists what each course uses."
            )
        ),
        MultiFieldPanel(
            [FieldPanel(fact.name) for fact in STANDARD_FACTS],
            heading=_("Standard facts"),
        ),
        InlinePanel(
            "extra_facts",
            heading=_("Other facts"),
            label=_("Fact"),
            help_text=_(
                "A fact the standard list lacks, for a course that uses it: its "
                "name as written in the content, and its value."
            ),
        ),
    ]

    class Meta:
        verbose_name = _("Local facts")
        verbose_name_plural = _("Local facts")


class LocalFact(Orderable):
    """A fact of the installation's own naming, beside the standard ones."""

    setting = ParentalKey(
        LocalFacts, on_delete=models.CASCADE, related_name="extra_facts"
    )
    name = models.CharField(
        _("name"),
        max_length=50,
        validators=[name_validator],
        help_text=_("Written as [[name]] in the content, e.g. “bygglov_telefon”."),
    )
    description = models.CharField(
        _("description"),
        max_length=200,
        blank=True,
        help_text=_(
            "What a learner reads while the value is empty, e.g. “the building "
            "office's phone number”."
        ),
    )
    value = models.TextField(_("value"), blank=True, max_length=VALUE_MAX_LENGTH)

    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("value")]

    class Meta(Orderable.Meta):
        verbose_name = _("fact")
        verbose_name_plural = _("facts")
        constraints = [
            models.UniqueConstraint(
                fields=["setting", "name"], name="localfacts_unique_name"
            )
        ]

    def __str__(self) -> str:
        return f"[[{self.name}]]"

    def clean(self) -> None:
        super().clean()
        if self.name in STANDARD_NAMES:
            raise ValidationError(
                {
                    "name": _(
                        "“%(name)s” is a standard fact: fill it in above instead."
                    )
                    % {"name": self.name}
                }
            )
