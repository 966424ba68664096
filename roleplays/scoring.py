"""What a practice-call choice is scored on: three dimensions, each from -2 to 2.

A plain module, so that both the models (their database constraints) and the forms
(``models`` imports ``forms``) take the dimensions and the range from here.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

DIMENSIONS = [
    ("empathy", _("Manner")),
    ("correctness", _("Correct information")),
    ("routing", _("Routing (ROSA)")),
]
SCORE_RANGE = (-2, 2)
SCORE_CHOICES = [(n, str(n)) for n in range(SCORE_RANGE[0], SCORE_RANGE[1] + 1)]


def scores_in_range() -> Q:
    """The condition of a CheckConstraint: every dimension's score in SCORE_RANGE."""
    condition = Q()
    for name, _label in DIMENSIONS:
        condition &= Q(**{f"{name}__range": SCORE_RANGE})
    return condition
