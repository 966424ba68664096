"""Scenario graph validation, with examples and generated graphs (hypothesis)."""

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from roleplays.graph import problems, reachable


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def kinds(steps, choices):
    return {(p.kind, p.step) for p in problems(steps, choices)}


def test_a_sound_scenario_has_no_problems():
    steps = [("start", False), ("ask", False), ("route", True), ("solve", True)]
    choices = [("start", "ask"), ("start", "solve"), ("ask", "route"), ("ask", "start")]
    assert problems(steps, choices) == []


def test_dead_ends_unreachable_steps_and_loops_are_named():
    steps = [
        ("start", False),
        ("loop-a", False),
        ("loop-b", False),
        ("stuck", False),
        ("island", True),
        ("end", True),
    ]
    choices = [
        ("start", "loop-a"),
        ("loop-a", "loop-b"),
        ("loop-b", "loop-a"),
        ("start", "stuck"),
        ("start", "end"),
    ]
    assert kinds(steps, choices) == {
        ("dead_end", "stuck"),
        ("unreachable", "island"),
        ("trapped", "loop-a"),
        ("trapped", "loop-b"),
    }
    message = next(p.message for p in problems(steps, choices) if p.kind == "trapped")
    assert "loops without an exit" in message


def test_choices_to_missing_steps_and_ends_with_choices_are_refused():
    steps = [("start", False), ("end", True)]
    choices = [("start", "nowhere"), ("start", "end"), ("end", "start")]
    assert kinds(steps, choices) == {
        ("unknown_target", "start"),
        ("end_with_choices", "end"),
    }


def test_a_scenario_without_an_end_or_steps_is_refused():
    assert kinds([("start", False)], [("start", "start")]) >= {("no_end", "start")}
    assert kinds([], []) == {("empty", "")}


# Generated graphs: n steps, the last ones ends, random choices between them.
graphs = st.integers(min_value=2, max_value=12).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.lists(st.booleans(), min_size=n, max_size=n),
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=3 * n
        ),
    )
)


def build(n, end_flags, pairs):
    steps = [(f"s{i}", end_flags[i] if i else False) for i in range(n)]
    ends = {key for key, end in steps if end}
    choices = [(f"s{a}", f"s{b}") for a, b in pairs if f"s{a}" not in ends]
    return steps, choices


@given(graphs)
def test_a_scenario_without_problems_always_lets_the_call_end(graph):
    steps, choices = build(*graph)
    if problems(steps, choices):
        return
    edges = {}
    for source, target in choices:
        edges.setdefault(source, set()).add(target)
    ends = {key for key, end in steps if end}
    everything = reachable("s0", edges)
    assert everything == {key for key, _ in steps}  # nothing unreachable
    for key in everything:  # and from everywhere some end is reachable
        assert reachable(key, edges) & ends


@given(graphs)
def test_removing_every_choice_of_a_reachable_step_is_caught(graph):
    steps, choices = build(*graph)
    if problems(steps, choices):
        return
    victim = choices[0][0]
    pruned = [c for c in choices if c[0] != victim]
    assert ("dead_end", victim) in kinds(steps, pruned)
