"""Checks a role-play scenario's branching script before it can be published.

A scenario is a directed graph: steps are nodes, the handler's choices are edges, and
the first step is where the call starts. It is sound when

- every choice leads to a step that exists,
- every step can be reached from the start,
- every step that is not an end offers at least one choice (no dead ends),
- an end step offers no choices,
- from every step some end can still be reached (no loop without an exit).

``problems`` returns each violation as a sentence naming the step, so an editor knows
what to fix.
"""

from collections import defaultdict, deque
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Problem:
    step: str
    kind: str
    message: str


def reachable(start: str, edges: dict[str, set[str]]) -> set[str]:
    seen, queue = {start}, deque([start])
    while queue:
        for nxt in edges.get(queue.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def problems(
    steps: list[tuple[str, bool]], choices: list[tuple[str, str]]
) -> list[Problem]:
    """``steps``: (key, is_end), the first is the start; ``choices``: (from, to)."""
    found: list[Problem] = []
    if not steps:
        return [
            Problem(
                "", "empty", _("A scenario needs at least a start and an end step.")
            )
        ]
    keys = [key for key, _end in steps]
    ends = {key for key, end in steps if end}
    known = set(keys)
    for key in {k for k in keys if keys.count(k) > 1}:
        found.append(
            Problem(
                key, "duplicate", _("Two steps are called “%(step)s”.") % {"step": key}
            )
        )
    edges: dict[str, set[str]] = defaultdict(set)
    for source, target in choices:
        if source not in known:
            found.append(
                Problem(
                    source,
                    "unknown_source",
                    _("A choice belongs to the step “%(step)s”, which does not exist.")
                    % {"step": source},
                )
            )
            continue
        if target not in known:
            found.append(
                Problem(
                    source,
                    "unknown_target",
                    _(
                        "A choice in “%(step)s” leads to “%(target)s”, "
                        "which does not exist."
                    )
                    % {"step": source, "target": target},
                )
            )
            continue
        edges[source].add(target)
    if not ends:
        found.append(Problem(keys[0], "no_end", _("The scenario has no end step.")))
    for key in keys:
        if key in ends and edges.get(key):
            found.append(
                Problem(
                    key,
                    "end_with_choices",
                    _("“%(step)s” is an end step but offers choices.") % {"step": key},
                )
            )
        if key not in ends and not edges.get(key):
            found.append(
                Problem(
                    key,
                    "dead_end",
                    _("“%(step)s” is not an end, but the handler has no choice there.")
                    % {"step": key},
                )
            )
    start = keys[0]
    from_start = reachable(start, edges)
    for key in keys:
        if key not in from_start:
            found.append(
                Problem(
                    key,
                    "unreachable",
                    _("No path from the start leads to “%(step)s”.") % {"step": key},
                )
            )
    # Steps from which no end can be reached: walk the reversed graph from the ends.
    reverse: dict[str, set[str]] = defaultdict(set)
    for source, targets in edges.items():
        for target in targets:
            reverse[target].add(source)
    can_finish = set()
    for end in ends:
        can_finish |= reachable(end, reverse)
    for key in keys:
        if key in from_start and key not in can_finish and edges.get(key):
            found.append(
                Problem(
                    key,
                    "trapped",
                    _(
                        "From “%(step)s” the call can never end: "
                        "it loops without an exit."
                    )
                    % {"step": key},
                )
            )
    return found


def best_totals(
    start: str,
    ends: set[str],
    choices: list[tuple[str, str, dict[str, int]]],
    dimensions: list[str],
) -> dict[str, int | None]:
    """The best total the handler can reach on each dimension, over every path from
    ``start`` to an end step: per dimension, the largest sum of that dimension's
    points along one path (the best path may differ between dimensions). ``choices``
    are (from step, to step, points per dimension). None for a dimension when no end
    can be reached at all.

    A path visits a step at most once: a loop with an exit (which ``problems`` allows)
    could otherwise be taken again and again for ever more points. A script without
    loops, the usual case, is solved by dynamic programming over the steps, once each;
    with a loop, the simple paths through the loop's steps are searched, at most
    ``SEARCH_LIMIT`` moves (scripts are a few dozen steps), after which the best found
    so far stands.
    """
    edges: dict[str, list[tuple[str, dict[str, int]]]] = defaultdict(list)
    for source, target, points in choices:
        edges[source].append((target, points))
    return {name: _best(start, ends, edges, name) for name in dimensions}


SEARCH_LIMIT = 100_000


def _best(start, ends, edges, name) -> int | None:
    memo: dict[str, int | None] = {}
    on_path: set[str] = set()
    looped = False

    def best_from(step: str) -> int | None:
        nonlocal looped
        if step in ends:
            return 0
        if step in memo:
            return memo[step]
        if step in on_path:  # a loop: this way revisits a step
            looped = True
            return None
        on_path.add(step)
        found = None
        for target, points in edges.get(step, ()):
            rest = best_from(target)
            if rest is not None:
                total = points.get(name, 0) + rest
                found = total if found is None else max(found, total)
        on_path.discard(step)
        memo[step] = found
        return found

    # An iterative search would not need the recursion limit; scripts are far below it.
    result = best_from(start)
    if not looped:
        return result
    return _best_simple_paths(start, ends, edges, name)


def _best_simple_paths(start, ends, edges, name) -> int | None:
    """Exhaustive search over simple paths (no step twice), bounded by SEARCH_LIMIT."""
    best: int | None = None
    moves = 0
    stack = [(start, 0, frozenset([start]))]
    while stack and moves < SEARCH_LIMIT:
        step, total, seen = stack.pop()
        moves += 1
        if step in ends:
            best = total if best is None else max(best, total)
            continue
        for target, points in edges.get(step, ()):
            if target not in seen:
                stack.append((target, total + points.get(name, 0), seen | {target}))
    return best
