"""A practice call passes on its score, not merely by reaching an end: the review
played "Han har ringt i två veckor" as badly as it can be played (29 %) and it
counted as passed."""

import pytest

from roleplays.demo.content import SCENARIOS
from roleplays.models import Scenario
from roleplays.playing import scaled
from tests.roleplays.test_best_possible import demo_scenario
from tests.roleplays.test_playing import play

DEFAULT_PASS_MARK = Scenario._meta.get_field("pass_mark").default


def paths(data):
    """Every way through a demo script: (points per dimension, steps, broke a rule)."""
    ends = {key for key, _says, _narration, end, _outcome in data["steps"] if end}
    choices = data["choices"]

    def walk(step, totals, taken, broke):
        if step in ends:
            yield totals, taken, broke
            return
        for at, _text, to, _feedback, points, breaks in choices:
            if at == step:
                yield from walk(
                    to,
                    [a + b for a, b in zip(totals, points, strict=True)],
                    taken + 1,
                    broke or breaks,
                )

    yield from walk(data["steps"][0][0], [0, 0, 0], 0, False)


@pytest.mark.parametrize("data", SCENARIOS, ids=[s["key"] for s in SCENARIOS])
def test_in_every_demo_call_the_best_way_passes_and_the_worst_fails(data):
    percents = {
        (float(scaled(dict(enumerate(t)), n) * 100), broke)
        for t, n, broke in paths(data)
    }
    clean = [p for p, broke in percents if not broke]
    assert max(clean) >= DEFAULT_PASS_MARK
    assert min(p for p, _broke in percents) < DEFAULT_PASS_MARK


@pytest.mark.django_db
def test_the_worst_way_through_the_two_weeks_call_is_not_passed(client, learner):
    from progress.models import ActivityProgress
    from progress.states import ProgressState

    scenario = demo_scenario("har-ringt-manga-ganger")
    client.force_login(learner)
    attempt = play(client, scenario, 1, 1)  # start → argare → konflikt: −4 / 0 / −1
    assert attempt.finished and not attempt.broke_rule
    html = client.get(f"/rollspel/forsok/{attempt.uuid}/").content.decode()
    assert "Inte godkänt: 29 % av poängen; 60 % krävs." in html
    state = ActivityProgress.objects.get(user=learner)
    assert state.state != ProgressState.PASSED
