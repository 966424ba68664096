"""Solo practice: walk a scenario step by step, recording the path and the scores."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from .models import DIMENSIONS, RoleplayAttempt, Scenario


def start(scenario: Scenario, user, page=None) -> RoleplayAttempt:
    return RoleplayAttempt.objects.create(
        scenario=scenario, user=user, page=page, current_step=scenario.start_step().key
    )


def scaled(scores: dict[str, int], steps_taken: int) -> Decimal:
    """Total score scaled to 0..1: every choice scores -2..2 on each dimension."""
    if not steps_taken:
        return Decimal(0)
    span = 4 * len(DIMENSIONS) * steps_taken
    total = sum(scores.values()) + 2 * len(DIMENSIONS) * steps_taken
    return (Decimal(total) / span).quantize(Decimal("0.0001"))


def choose(attempt: RoleplayAttempt, position: int):
    """Take the choice at ``position`` of the current step; None if there is none."""
    from progress.activities import activity_for_snippet
    from progress.recording import Result, record

    with transaction.atomic():
        attempt = RoleplayAttempt.objects.select_for_update().get(pk=attempt.pk)
        if attempt.finished:
            return None
        scenario = attempt.scenario
        options = scenario.choices_from(attempt.current_step)
        if not 0 <= position < len(options):
            return None
        choice = options[position]
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
            passed = not attempt.broke_rule
            record(
                attempt.user,
                activity_for_snippet(scenario, "roleplay", attempt.page),
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
