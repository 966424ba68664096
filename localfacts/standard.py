"""The facts every installation is asked for, and how a fact is named.

A fact's name is what editors write between double brackets (``[[telefon]]``):
lower-case ASCII letters, digits and underscores, starting with a letter, at most
50 characters. The standard facts are fields of the site setting ``LocalFacts``
named after their placeholders; editors add any other fact as a row of their own.
"""

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

NAME_PATTERN = r"[a-z][a-z0-9_]{0,49}"
NAME_RE = re.compile(rf"^{NAME_PATTERN}$")


@dataclass(frozen=True)
class StandardFact:
    name: str  # the placeholder and the model field
    label: Promise  # the field's label in the settings form
    reads_as: Promise  # what a learner reads while it has no value
    multiline: bool = False
    max_length: int = 200


STANDARD_FACTS = (
    StandardFact("kommun", _("name of the municipality"), _("the municipality")),
    StandardFact(
        "kontaktcenter",
        _("name of the contact centre"),
        _("the contact centre"),
    ),
    StandardFact(
        "telefon",
        _("phone number of the contact centre"),
        _("the contact centre's phone number"),
        max_length=50,
    ),
    StandardFact(
        "oppettider",
        _("opening hours of the contact centre"),
        _("the contact centre's opening hours"),
        multiline=True,
    ),
    StandardFact(
        "talsvar",
        _("talsvar menu (the phone menu's choices)"),
        _("the choices of the phone menu"),
        multiline=True,
    ),
    StandardFact(
        "medborgarkontor",
        _("address of the citizens' office"),
        _("the citizens' office's address"),
        multiline=True,
    ),
    StandardFact(
        "epost",
        _("e-mail address of the contact centre"),
        _("the contact centre's e-mail address"),
        max_length=254,
    ),
    StandardFact(
        "webbplats",
        _("website of the municipality"),
        _("the municipality's website"),
    ),
)
STANDARD_NAMES = frozenset(fact.name for fact in STANDARD_FACTS)


def standard_fact(name: str) -> StandardFact | None:
    for fact in STANDARD_FACTS:
        if fact.name == name:
            return fact
    return None
