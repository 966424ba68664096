"""What the progress ledger keeps about a person: a summary per activity and the
statements (the registry: ``ecirkel.personal_data``).

A statement's context holds whatever the app that recorded it put there, so the app
that writes a key says how it is shown in the download: ``hide_context`` for ids
that mean nothing to the person or point at someone else, ``present_context`` to
make a value readable. Other keys (free text from clients) are written as they are;
anonymising empties the context, since it may hold anything.
"""

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _

from ecirkel import personal_data
from ecirkel.personal_data import Anonymise, Keep, plain_row, readable

from . import kinds

STATISTICS = (
    "Anonymous statistics: the rows stay, the person's name goes with their account."
)

# context key → how to write its value; None: left out.
CONTEXT: dict[str, Callable[[Any], Any] | None] = {}


def hide_context(*keys: str) -> None:
    """Leave the statement context ``keys`` out of the download."""
    for key in keys:
        CONTEXT[key] = None


def present_context(key: str):
    """Decorate ``function(value)``, which writes the context ``key`` readably."""

    def register(function):
        CONTEXT[key] = function
        return function

    return register


def activity_fields(activity) -> dict:
    return {
        "activity": activity.title,
        "activity_kind": kinds.label(activity.kind),
        "course": readable(activity.course),
    }


def present_progress(progress, person) -> dict:
    return {
        **activity_fields(progress.activity),
        **plain_row(progress, person, skip={"activity"}),
    }


def present_statement(statement, person) -> dict:
    row = {
        **activity_fields(statement.activity),
        **plain_row(statement, person, skip={"activity"}),
    }
    context = {}
    for key, value in (statement.context or {}).items():
        if key not in CONTEXT:
            context[key] = value
        elif CONTEXT[key] is not None:
            context[key] = CONTEXT[key](value)
    row["context"] = context
    return row


personal_data.register(
    "progress.activityprogress",
    ["user"],
    title=_("Progress per activity"),
    present=present_progress,
    select_related=["activity__course"],
    erase=Keep(STATISTICS),
)
personal_data.register(
    "progress.statement",
    ["actor"],
    title=_("Everything you did (statements)"),
    present=present_statement,
    select_related=["activity__course"],
    erase=Anonymise(context={}),
)
