"""The scenario's shape as an SVG, drawn on the server.

Steps stand in columns by their distance from the start, choices are arrows and steps
with problems are outlined in red: for editors to check a script at a glance.
"""

from collections import deque

from django.utils.html import escape

from .graph import problems

BOX_W, BOX_H, GAP_X, GAP_Y, PAD = 150, 44, 70, 24, 20


def layers(start: str, keys: list[str], edges: dict[str, list[str]]) -> dict[str, int]:
    depth = {start: 0}
    queue = deque([start])
    while queue:
        key = queue.popleft()
        for nxt in edges.get(key, []):
            if nxt not in depth:
                depth[nxt] = depth[key] + 1
                queue.append(nxt)
    last = max(depth.values(), default=0) + 1
    for key in keys:  # unreachable steps in a column of their own, at the far right
        depth.setdefault(key, last)
    return depth


def svg(steps: list[tuple[str, bool]], choices: list[tuple[str, str, str]]) -> str:
    """``steps``: (key, is_end); ``choices``: (from, to, text). Returns SVG markup."""
    keys = [key for key, _end in steps]
    ends = {key for key, end in steps if end}
    edges: dict[str, list[str]] = {}
    for source, target, _text in choices:
        edges.setdefault(source, []).append(target)
    depth = layers(keys[0], keys, edges) if keys else {}
    columns: dict[int, list[str]] = {}
    for key in keys:
        columns.setdefault(depth[key], []).append(key)
    position = {}
    for column, members in columns.items():
        for row, key in enumerate(members):
            position[key] = (
                PAD + column * (BOX_W + GAP_X),
                PAD + row * (BOX_H + GAP_Y),
            )
    bad = {p.step for p in problems(steps, [(s, t) for s, t, _x in choices])}
    width = PAD * 2 + (max(columns, default=0) + 1) * (BOX_W + GAP_X)
    height = PAD * 2 + max((len(m) for m in columns.values()), default=1) * (
        BOX_H + GAP_Y
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="Scenario diagram">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" '
        'markerWidth="8" '
        'markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#4a5360"/>'
        "</marker></defs>",
    ]
    for source, target, text in choices:
        if source in position and target in position:
            x1, y1 = position[source]
            x2, y2 = position[target]
            parts.append(
                f'<line x1="{x1 + BOX_W}" y1="{y1 + BOX_H / 2}" '
                f'x2="{x2}" y2="{y2 + BOX_H / 2}" stroke="#4a5360" '
                f'marker-end="url(#arrow)"><title>{escape(text)}</title></line>'
            )
    for key in keys:
        x, y = position[key]
        fill = "#e3f2e6" if key in ends else "#e3edf8"
        stroke = "#a4000f" if key in bad else "#0b5394"
        parts.append(
            f'<g><rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="8" '
            f'fill="{fill}" '
            f'stroke="{stroke}" stroke-width="{3 if key in bad else 1.5}"/>'
            f'<text x="{x + BOX_W / 2}" y="{y + BOX_H / 2 + 5}" text-anchor="middle" '
            f'font-family="sans-serif" font-size="13">{escape(key)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
