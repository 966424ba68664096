"""Merging watched ranges, with properties checked by hypothesis."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lectures.ranges import RangeError, clean, is_complete, merge, watched

DURATION = 600.0
seconds = st.floats(min_value=0, max_value=DURATION, allow_nan=False)
ranges = st.lists(st.tuples(seconds, seconds).map(sorted).map(tuple), max_size=60)


def covered(merged, point):
    return any(start <= point <= end for start, end in merged)


@given(ranges)
def test_merged_ranges_are_sorted_and_disjoint(raw):
    merged = merge(raw)
    for (s1, e1), (s2, e2) in zip(merged, merged[1:], strict=False):
        assert s1 < e1 < s2 < e2


@given(ranges)
def test_merging_never_counts_more_than_the_lecture_or_the_parts(raw):
    merged = merge(raw, tolerance=0)
    assert 0 <= watched(merged) <= DURATION
    assert watched(merged) <= sum(end - start for start, end in raw) + 1e-6


@given(ranges)
def test_every_watched_moment_stays_covered(raw):
    merged = merge(raw)
    for start, end in raw:
        if end > start:
            assert covered(merged, (start + end) / 2)


@given(ranges, ranges)
def test_merging_is_idempotent_and_order_free(first, second):
    assert merge(merge(first) + merge(second)) == merge(first + second)
    assert merge(merge(first)) == merge(first)


@given(ranges)
def test_completion_never_exceeds_what_was_watched(raw):
    # What was watched, counted independently of merge(): the union of the raw ranges
    # by a sweep over their ends.
    union, reach = 0.0, 0.0
    for start, end in sorted(raw):
        if end > reach:
            union += end - max(start, reach)
            reach = end
    if is_complete(merge(raw, tolerance=0), DURATION):
        assert union >= 0.9 * DURATION - 1e-6
    assert watched(merge(raw, tolerance=0)) == pytest.approx(union)


def test_jumping_to_the_end_is_not_watching():
    assert not is_complete(merge([(0, 5), (595, 600)]), DURATION)
    assert is_complete(merge([(0, 300), (299.9, 545)]), DURATION)


def test_small_gaps_between_reports_are_closed():
    assert merge([(0, 10), (10.2, 20)]) == [(0, 20)]
    assert merge([(0, 10), (11, 20)]) == [(0, 10), (11, 20)]


@pytest.mark.parametrize(
    "raw",
    [
        "0-10",
        [[0]],
        [[5, 1]],
        [[-1, 3]],
        [["a", 3]],
        [[True, 3]],
        [[0, float("nan")]],
        [[0, 1]] * 501,
    ],
)
def test_bad_ranges_are_refused(raw):
    with pytest.raises(RangeError):
        clean(raw, DURATION)


def test_ranges_past_the_end_are_cut_at_the_end():
    assert clean([[590, 9999]], DURATION) == [(590, DURATION)]
