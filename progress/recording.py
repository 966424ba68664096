"""The one path through which every activity reports progress.

``record`` stores a statement and updates the learner's summary for that activity in one
transaction. A statement id given by the client makes a retry harmless: the second call
finds the first statement and changes nothing. The summary row is locked while it is
updated, so two tabs reporting at once never lose an update.
"""

import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Activity, ActivityProgress, Statement
from .signals import activity_progressed
from .states import ProgressState

Verb = Statement.Verb

# The state a verb moves the learner to (never backwards).
VERB_STATES = {
    Verb.EXPERIENCED: ProgressState.STARTED,
    Verb.PROGRESSED: ProgressState.STARTED,
    Verb.ATTEMPTED: ProgressState.STARTED,
    Verb.COMPLETED: ProgressState.COMPLETED,
    Verb.FAILED: ProgressState.COMPLETED,
    Verb.PASSED: ProgressState.PASSED,
}
# Verbs that end an attempt.
FINISHING_VERBS = {Verb.COMPLETED, Verb.FAILED, Verb.PASSED}


@dataclass(frozen=True)
class Result:
    """xAPI's result: a score scaled to 0..1, success, completion, seconds spent."""

    score: Decimal | float | None = None
    success: bool | None = None
    completion: bool | None = None
    duration: int = 0

    def __post_init__(self):
        if self.score is not None and not 0 <= Decimal(str(self.score)) <= 1:
            raise ValueError("A scaled score lies between 0 and 1.")
        if self.duration < 0:
            raise ValueError("A duration cannot be negative.")


class StatementConflict(Exception):
    """A statement id that is already used by another learner or another event."""


def record(
    user,
    activity: Activity,
    verb: str,
    *,
    result: Result | None = None,
    statement_id: uuid.UUID | None = None,
    context: dict | None = None,
    timestamp=None,
) -> tuple[Statement, bool]:
    """Store a statement and update the summary; return (statement, created)."""
    verb = Verb(verb)
    result = result or Result()
    statement_id = statement_id or uuid.uuid4()
    with transaction.atomic():
        existing = Statement.objects.filter(pk=statement_id).first()
        if existing is not None:
            return _same_statement(existing, user, activity, verb), False
        try:
            with transaction.atomic():
                statement = Statement.objects.create(
                    id=statement_id,
                    actor=user,
                    verb=verb,
                    activity=activity,
                    score=None if result.score is None else Decimal(str(result.score)),
                    success=result.success,
                    completion=result.completion,
                    duration=result.duration,
                    context=context or {},
                    timestamp=timestamp or timezone.now(),
                )
        except IntegrityError:
            # The same statement arrived at the same moment from another request.
            existing = Statement.objects.get(pk=statement_id)
            return _same_statement(existing, user, activity, verb), False
        summary, _created = ActivityProgress.objects.get_or_create(
            user=user, activity=activity
        )
        summary = ActivityProgress.objects.select_for_update().get(pk=summary.pk)
        _apply(summary, statement)
        summary.save()
        activity_progressed.send(
            sender=ActivityProgress, user=user, activity=activity, summary=summary
        )
    return statement, True


def _same_statement(existing: Statement, user, activity, verb) -> Statement:
    if (existing.actor_id, existing.activity_id, existing.verb) != (
        user.pk,
        activity.pk,
        verb,
    ):
        raise StatementConflict(
            "This statement id is already used for another event; "
            "send a new id for a new event."
        )
    return existing


def _apply(summary: ActivityProgress, statement: Statement) -> None:
    new_state = VERB_STATES[Verb(statement.verb)]
    if statement.completion and new_state.rank < ProgressState.COMPLETED.rank:
        new_state = ProgressState.COMPLETED
    if new_state.rank > ProgressState(summary.state).rank:
        summary.state = new_state
    if statement.score is not None and (
        summary.best_score is None or statement.score > summary.best_score
    ):
        summary.best_score = statement.score
    summary.time_spent += statement.duration
    if statement.verb in FINISHING_VERBS:
        summary.attempts += 1
    when = statement.timestamp
    summary.first_visit = min(summary.first_visit or when, when)
    summary.last_visit = max(summary.last_visit or when, when)
    if ProgressState(summary.state).is_done and summary.completed_at is None:
        summary.completed_at = when
