"""Solo practice: walk a scenario step by step, recording the path and the scores."""

import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from progress.activities import activity_for_placement
from progress.recording import Result, record

from . import graph
from .models import RoleplayAttempt, Scenario
from .scoring import DIMENSIONS, SCORE_RANGE


class StaleChoice(Exception):
    """A choice made for a step that is no longer the current one (a double click,
    a second tab, the back button)."""


def start(scenario: Scenario, user, page) -> RoleplayAttempt:
    return RoleplayAttempt.objects.create(
        scenario=scenario, user=user, page=page, current_step=scenario.start_step().key
    )


def scaled(scores: dict[str, int], steps_taken: int) -> Decimal:
    """Total score scaled to 0..1: every choice scores within SCORE_RANGE on each
    dimension."""
    if not steps_taken:
        return Decimal(0)
    low, high = SCORE_RANGE
    span = (high - low) * len(DIMENSIONS) * steps_taken
    total = sum(scores.values()) - low * len(DIMENSIONS) * steps_taken
    return (Decimal(total) / span).quantize(Decimal("0.0001"))


def has_passed(attempt: RoleplayAttempt) -> bool:
    """A finished call passes when no choice broke a rule and it scored at least the
    scenario's pass mark."""
    score = scaled(attempt.scores, len(attempt.path))
    return not attempt.broke_rule and score * 100 >= attempt.scenario.pass_mark


def options(attempt: RoleplayAttempt) -> list:
    """The choices of the current step in the order this attempt shows them: shuffled
    per attempt and step when the scenario says so, the same order on every reload."""
    choices = list(attempt.scenario.choices_from(attempt.current_step))
    if attempt.scenario.shuffle_choices:
        seed = f"{attempt.uuid}:{attempt.current_step}:{len(attempt.path)}"
        random.Random(seed).shuffle(choices)  # noqa: S311 - an order, not a secret
    return choices


def choose(attempt: RoleplayAttempt, position: int, step: str):
    """Take the choice at ``position`` of ``step``, which must be the current step;
    None if there is no such choice. Raises StaleChoice when the call has moved on
    (or ended) since the learner saw ``step``."""
    with transaction.atomic():
        attempt = RoleplayAttempt.objects.select_for_update().get(pk=attempt.pk)
        if attempt.finished or step != attempt.current_step:
            raise StaleChoice
        scenario = attempt.scenario
        shown = options(attempt)
        if not 0 <= position < len(shown):
            return None
        choice = shown[position]
        attempt.path = [
            *attempt.path,
            {"step": attempt.current_step, "choice": choice.pk},
        ]
        attempt.current_step = choice.leads_to
        attempt.broke_rule = attempt.broke_rule or choice.breaks_rule
        totals = dict(attempt.scores) or {name: 0 for name, _l in DIMENSIONS}
        for name, value in choice.scores().items():
            totals[name] = totals.get(name, 0) + value
        attempt.scores = totals
        step = scenario.step_map().get(choice.leads_to)
        if step is None or step.is_end:
            attempt.finished_at = timezone.now()
        attempt.save()
        if attempt.finished:
            passed = has_passed(attempt)
            record(
                attempt.user,
                activity_for_placement(scenario, "roleplay", attempt.page),
                "passed" if passed else "failed",
                result=Result(
                    score=scaled(attempt.scores, len(attempt.path)),
                    success=passed,
                    completion=True,
                    duration=int(
                        (attempt.finished_at - attempt.started_at).total_seconds()
                    ),
                ),
                context={"attempt": str(attempt.uuid), "path": attempt.path},
            )
    return choice


def best_possible(scenario: Scenario) -> dict[str, int | None]:
    """The best total reachable on each dimension, from the script itself: the
    largest sum of the dimension's points along any path from the start to an end
    (``graph.best_totals``), not the number of steps a learner happened to take."""
    steps = list(scenario.steps.all())
    if not steps:
        return {name: None for name, _label in DIMENSIONS}
    return graph.best_totals(
        steps[0].key,
        {step.key for step in steps if step.is_end},
        [(c.step_key, c.leads_to, c.scores()) for c in scenario.choices.all()],
        [name for name, _label in DIMENSIONS],
    )


def transcript(attempt: RoleplayAttempt) -> list[dict]:
    """The call so far: what the caller said and what the handler answered."""
    scenario = attempt.scenario
    steps = scenario.step_map()
    choices = {c.pk: c for c in scenario.choices.all()}
    lines = []
    for entry in attempt.path:
        step, choice = steps.get(entry["step"]), choices.get(entry["choice"])
        lines.append({"step": step, "choice": choice})
    return lines
