"""What learners choose in a scenario: for editors to see where calls go wrong."""

from collections import Counter, defaultdict

from .models import RoleplayAttempt, Scenario
from .playing import scaled


def is_wrong(attempt: RoleplayAttempt) -> bool:
    """A path that broke a rule or scored under half of what was possible."""
    return attempt.broke_rule or scaled(attempt.scores, len(attempt.path)) < 0.5


def scenario_statistics(scenario: Scenario) -> dict:
    attempts = list(
        RoleplayAttempt.objects.filter(scenario=scenario, finished_at__isnull=False)
    )
    taken: Counter = Counter()
    for attempt in attempts:
        taken.update(entry["choice"] for entry in attempt.path)
    steps = []
    for step in scenario.steps.all():
        options = scenario.choices_from(step.key)
        if options:
            total = sum(taken[c.pk] for c in options) or 0
            steps.append(
                {
                    "step": step,
                    "choices": [
                        (
                            c,
                            taken[c.pk],
                            round(100 * taken[c.pk] / total) if total else 0,
                        )
                        for c in options
                    ],
                }
            )
    wrong_paths = Counter(
        tuple(entry["choice"] for entry in a.path) for a in attempts if is_wrong(a)
    )
    choices = {c.pk: c for c in scenario.choices.all()}
    common = wrong_paths.most_common(1)
    return {
        "attempts": len(attempts),
        "failed": sum(1 for a in attempts if is_wrong(a)),
        "steps": steps,
        "wrong_path": (
            [choices[pk] for pk in common[0][0] if pk in choices],
            common[0][1],
        )
        if common
        else None,
    }


def by_department() -> dict[str, list]:
    """Scenarios and their statistics under each department's name, as the reader
    reads it (the translated label of the stored value)."""
    grouped = defaultdict(list)
    for scenario in Scenario.objects.order_by("department", "title"):
        grouped[scenario.get_department_display()].append(
            (scenario, scenario_statistics(scenario))
        )
    return dict(grouped)
