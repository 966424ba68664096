"""The one place pages ask for a learner's state in an activity.

Every learner-facing view that shows progress (the mindmap's nodes now; the dashboard,
lectures, quizzes and role-plays later) asks ``states_for`` and nothing else, so the
progress records can grow behind it without touching the pages. Until activities report
progress, nothing has been recorded and every activity is NOT_STARTED.

States are per learner, so they are looked up per request and never stored inside a
cached fragment of a page. ``ProgressState`` is defined with the summaries that store it
(``progress.models``); pages import it from here.
"""

from collections.abc import Iterable

from django.db.models import Q

from . import kinds
from .models import ActivityProgress, ProgressState


def counts_toward_page(prefix: str = "") -> Q:
    """Which summaries make a page's state: the page's own activity (opening a topic,
    "Markera som klar", watching a lecture), and content placed on it (a quiz, a
    practice call) only once passed. Finishing placed content without a pass (a
    failed quiz or call, a circle leader's observed pair session, which records
    "completed") is evidence about that content, not about the page: it neither
    opens nor completes the page, so it meets no requirement either. ``prefix``
    reaches the summary through a relation."""
    return ~Q(**{f"{prefix}activity__kind__in": kinds.placed_kinds()}) | Q(
        **{f"{prefix}state": ProgressState.PASSED}
    )


def states_for(user, page_ids: Iterable[int]) -> dict[int, ProgressState]:
    """The learner's state in each page (see ``counts_toward_page``); absent ids are
    NOT_STARTED.

    One query, whatever the number of pages. Anonymous visitors have no progress.
    """
    if user is None or not user.is_authenticated:
        return {}
    rows = (
        ActivityProgress.objects.filter(user=user, activity__page_id__in=list(page_ids))
        .filter(counts_toward_page())
        .values_list("activity__page_id", "state")
    )
    states: dict[int, ProgressState] = {}
    for page_id, state in rows:
        state = ProgressState(state)
        if page_id not in states or state.rank > states[page_id].rank:
            states[page_id] = state
    return states
