"""Best possible points come from the script itself, and points show their sign."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roleplays import graph
from roleplays.demo.content import SCENARIOS
from roleplays.factories import make_scenario
from roleplays.playing import best_possible
from roleplays.templatetags.roleplay_tags import signed
from tests.roleplays.test_playing import play

DIMENSIONS = ["empathy", "correctness", "routing"]


def demo_scenario(key: str):
    """A demo practice call, built from roleplays/demo/content.py."""
    data = next(s for s in SCENARIOS if s["key"] == key)
    return make_scenario(
        [(k, says, end) for k, says, _narration, end, _outcome in data["steps"]],
        [
            (at, text, to, points, breaks)
            for at, text, to, _feedback, points, breaks in data["choices"]
        ],
        title=data["title"],
    )


def score_cells(html: str) -> list[list[str]]:
    """The score table's rows: [dimension, points, best possible]."""
    table = re.search(r"<table class=\"table\">.*?</table>", html, re.S).group(0)
    return [
        [
            re.sub(r"<.*?>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>.*?</t[hd]>", row)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S)
    ]


@pytest.mark.django_db
def test_the_best_possible_of_the_two_weeks_call_is_what_its_best_path_scores():
    scenario = demo_scenario("har-ringt-manga-ganger")
    assert scenario.title == "Han har ringt i två veckor"
    # start → lyssna (2, 1, 0), lyssna → bra-slut (2, 2, 2): 4 / 3 / 2, not 4 / 4 / 4.
    assert best_possible(scenario) == {"empathy": 4, "correctness": 3, "routing": 2}


@pytest.mark.django_db
def test_the_result_shows_best_possible_from_the_script_and_signed_points(
    client, learner
):
    scenario = demo_scenario("har-ringt-manga-ganger")
    client.force_login(learner)
    # The detour: "Det är inte mitt fel" (−2, 0, 0), then "Förlåt …" (+2, 0, 0), then
    # the booked call-back (+2, +2, +2). Three steps taken; the best path has two.
    attempt = play(client, scenario, 1, 0, 0)
    assert attempt.finished
    html = client.get(f"/rollspel/forsok/{attempt.uuid}/").content.decode()
    assert score_cells(html) == [
        ["Bemötande", "+2", "+4"],
        ["Rätt information", "+2", "+3"],
        ["Rätt väg (ROSA)", "+2", "+2"],
    ]


@pytest.mark.django_db
def test_negative_points_show_a_real_minus_sign(client, learner):
    scenario = demo_scenario("har-ringt-manga-ganger")
    client.force_login(learner)
    attempt = play(client, scenario, 1, 1)  # "Det är inte mitt fel", "Om du skriker…"
    html = client.get(f"/rollspel/forsok/{attempt.uuid}/").content.decode()
    rows = score_cells(html)
    assert [row[1] for row in rows] == ["\u22124", "0", "\u22121"]
    assert ">-4<" not in html and ">-1<" not in html


def test_points_are_written_with_their_sign():
    assert [signed(v) for v in (2, -1, 0, "3", None)] == [
        "+2",
        "\u22121",
        "0",
        "+3",
        "–",
    ]


def test_each_dimension_takes_its_own_best_path():
    choices = [
        ("start", "a", {"empathy": 2, "correctness": -2}),
        ("start", "b", {"empathy": -1, "correctness": 2}),
        ("a", "end", {}),
        ("b", "end", {"routing": 1}),
    ]
    assert graph.best_totals("start", {"end"}, choices, DIMENSIONS) == {
        "empathy": 2,
        "correctness": 2,
        "routing": 1,
    }


def test_a_loop_with_an_exit_is_counted_once_not_for_ever():
    # "fraga" ↔ "igen" is a loop the handler may leave; going round it scores each
    # time, so without a guard the best would be unbounded (or the search endless).
    choices = [
        ("start", "fraga", {"empathy": 1}),
        ("fraga", "igen", {"empathy": 2}),
        ("igen", "fraga", {"empathy": 2}),
        ("fraga", "slut", {"empathy": 1}),
    ]
    assert graph.best_totals("start", {"slut"}, choices, DIMENSIONS) == {
        "empathy": 2,
        "correctness": 0,
        "routing": 0,
    }


def test_no_reachable_end_gives_no_best():
    choices = [("start", "mitt", {"empathy": 2})]
    assert graph.best_totals("start", {"slut"}, choices, ["empathy"]) == {
        "empathy": None
    }


@st.composite
def scripts(draw):
    """Random acyclic scripts: steps 0..n-1, choices only forward, the last an end."""
    n = draw(st.integers(min_value=2, max_value=7))
    choices = []
    for source in range(n - 1):
        targets = draw(
            st.lists(st.integers(min_value=source + 1, max_value=n - 1), min_size=1)
        )
        for target in targets:
            points = draw(st.tuples(*[st.integers(-2, 2)] * 3))
            choices.append(
                (str(source), str(target), dict(zip(DIMENSIONS, points, strict=True)))
            )
    return n, choices


def all_paths(step, end, choices):
    if step == end:
        yield []
        return
    for source, target, points in choices:
        if source == step:
            for rest in all_paths(target, end, choices):
                yield [points, *rest]


@settings(max_examples=60, deadline=None)
@given(scripts())
def test_the_best_equals_the_best_of_all_paths_enumerated(script):
    n, choices = script
    end = str(n - 1)
    paths = list(all_paths("0", end, choices))
    expected = {
        name: max(sum(p[name] for p in path) for path in paths) for name in DIMENSIONS
    }
    assert graph.best_totals("0", {end}, choices, DIMENSIONS) == expected
