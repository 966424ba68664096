"""Watched time ranges: what part of a lecture a learner has actually seen.

The player reports the ranges it has played (the browser's ``video.played``), not just
the current time, so jumping to the end does not count as watching. Ranges from every
report are merged here; a lecture counts as completed when they cover 90 % of it.
"""

from collections.abc import Iterable

COMPLETION_SHARE = 0.9
MAX_RANGES = 500  # one report never needs more; more is a broken or hostile client


class RangeError(ValueError):
    pass


Range = tuple[float, float]


def clean(raw, duration: float) -> list[Range]:
    """Ranges from a client: a list of [start, end] pairs of seconds in the lecture."""
    if not isinstance(raw, list) or len(raw) > MAX_RANGES:
        raise RangeError(f"Send at most {MAX_RANGES} ranges as a list of [start, end].")
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
                "Each range is a pair of numbers: [start, end] in seconds."
            )
        start, end = float(item[0]), float(item[1])
        if not (0 <= start <= end) or start != start or end != end:  # NaN fails too
            raise RangeError("A range starts at 0 or later and ends after it starts.")
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
