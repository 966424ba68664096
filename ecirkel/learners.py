"""The learners in a user's charge in a course, as the app that groups learners says.

Content where a leader assesses a learner's work (a circle leader scoring an observed
pair session on a practice call) asks ``in_charge_of(user, course)``. Content apps
cannot ask the study circles themselves, because circles sit above content (they
report on it); the circles app registers its answer here from its
``AppConfig.ready`` (``circles.leading.learners_led``). Until one is registered,
nobody is in anyone's charge.
"""

from collections.abc import Callable

from django.contrib.auth import get_user_model


def nobody(user, course):
    return get_user_model().objects.none()


_registry: dict[str, Callable] = {"in_charge_of": nobody}


def register(in_charge_of: Callable) -> None:
    """``in_charge_of(user, course)`` returns a queryset of users."""
    _registry["in_charge_of"] = in_charge_of


def in_charge_of(user, course):
    """The learners ``user`` may assess in ``course``, a queryset of users."""
    return _registry["in_charge_of"](user, course)
