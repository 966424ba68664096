"""A learner opens a page: their state in it, and "experienced" the first time only.

Opening a topic counts as starting it. Recording that on every view stored a new
statement per page view and cost a transaction, an INSERT, a ``SELECT … FOR UPDATE``,
an UPDATE and a certificate check (10 of a topic page's 36 queries). The page needs
the learner's state anyway; the same indexed read tells whether the learner's own
summary for the page exists, and only when it does not does the visit go through
``record``, the one path that writes progress. A repeat visit writes nothing.
"""

from . import kinds
from .activities import activity_for_page, shared_page_uuid
from .models import ActivityProgress
from .recording import record
from .states import ProgressState


def page_state(user, page) -> tuple[ProgressState, bool]:
    """(the learner's state in ``page`` as ``states_for`` counts it, whether the
    page's own activity has a summary for them): one query."""
    if user is None or not user.is_authenticated:
        return ProgressState.NOT_STARTED, False
    own_uuid = shared_page_uuid(page)
    placed = kinds.placed_kinds()
    state, seen = ProgressState.NOT_STARTED, False
    rows = ActivityProgress.objects.filter(
        user=user, activity__page_id=page.pk
    ).values_list("activity__uuid", "activity__kind", "state")
    for activity_uuid, kind, row_state in rows:
        row_state = ProgressState(row_state)
        seen = seen or activity_uuid == own_uuid
        counts = kind not in placed or row_state == ProgressState.PASSED
        if counts and row_state.rank > state.rank:
            state = row_state
    return state, seen


def visit(user, page) -> ProgressState:
    """The learner opens ``page``: their state in it, after recording "experienced"
    if this is their first visit. One read on a repeat visit, no write."""
    state, seen = page_state(user, page)
    if user is None or not user.is_authenticated or seen:
        return state
    record(user, activity_for_page(page), "experienced")
    return max(state, ProgressState.STARTED, key=lambda s: s.rank)
