"""Watched time ranges: what part of a lecture a learner has actually seen.

The player reports the ranges it has played (the browser's ``video.played``), not just
the current time, so jumping to the end does not count as watching. Ranges from every
report are merged here; a lecture counts as completed when they cover 90 % of it.
"""

import math
from collections.abc import Iterable

from django.utils.translation import gettext as _

COMPLETION_SHARE = 0.9
MAX_RANGES = 500  # one report never needs more; more is a broken or hostile client
# Watched time is credited only as fast as it can be played: the player's fastest
# speed times the wall-clock time of the viewing session, plus a little slack for
# clocks and the first buffered seconds.
MAX_PLAYBACK_RATE = 2.0
SLACK_SECONDS = 3.0


class RangeError(ValueError):
    pass


Range = tuple[float, float]


def clean(raw, duration: float) -> list[Range]:
    """Ranges from a client: a list of [start, end] pairs of seconds in the lecture."""
    if not isinstance(raw, list) or len(raw) > MAX_RANGES:
        raise RangeError(
            _("Send at most %(count)d ranges as a list of [start, end].")
            % {"count": MAX_RANGES}
        )
    ranges = []
    for item in raw:
        if (
            not isinstance(item, list | tuple)
            or len(item) != 2
            or not all(
                isinstance(v, int | float) and not isinstance(v, bool) for v in item
            )
        ):
            raise RangeError(
                _("Each range is a pair of numbers: [start, end] in seconds.")
            )
        try:
            start, end = float(item[0]), float(item[1])
        except OverflowError:  # an integer of hundreds of digits
            start, end = math.inf, math.inf
        if not (0 <= start <= end) or not math.isfinite(end):  # NaN fails too
            raise RangeError(
                _("A range starts at 0 or later and ends after it starts.")
            )
        # The browser knows the file's exact length, which can be a little longer
        # than the stored one: what lies past the stored end is cut off, not refused.
        ranges.append((min(start, duration), min(end, duration)))
    return ranges


def merge(ranges: Iterable[Range], tolerance: float = 0.25) -> list[Range]:
    """Sorted, non-overlapping ranges covering exactly the same time (gaps up to
    ``tolerance`` seconds, which players leave between reports, are closed)."""
    merged: list[list[float]] = []
    for start, end in sorted(ranges):
        if end <= start:
            continue
        if merged and start <= merged[-1][1] + tolerance:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def watched(ranges: Iterable[Range]) -> float:
    """Seconds covered by already merged ranges."""
    return sum(end - start for start, end in ranges)


def is_complete(ranges: Iterable[Range], duration: float) -> bool:
    return duration > 0 and watched(ranges) >= COMPLETION_SHARE * duration


def budget(elapsed_seconds: float) -> float:
    """The most a learner can have played in ``elapsed_seconds`` of wall-clock time."""
    return max(0.0, elapsed_seconds) * MAX_PLAYBACK_RATE + SLACK_SECONDS


def within_budget(ranges: Iterable[Range], allowed: float) -> list[Range]:
    """Merged ``ranges`` cut to cover at most ``allowed`` seconds, earliest first
    (what was played first is what was played for sure)."""
    kept: list[Range] = []
    left = allowed
    for start, end in merge(ranges):
        if left <= 0:
            break
        end = min(end, start + left)
        kept.append((start, end))
        left -= end - start
    return kept
