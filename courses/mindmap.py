"""Server-side mindmap layout: the course on top, its main topics in a row beneath.

No canvas and no JavaScript graph library: this module computes where each topic's
link goes, the template writes the links as a nested list and positions them, and an
SVG of the same size draws the lines behind them.

The layout is a top-down tree chart, as mind-mapping tools draw one (XMind's "tree
chart", MindNode's vertical layout): the course's title at the top, a line down to a
bar and from it one line to each main topic, the main topics side by side in one row,
and under each its subtopics as an indented list joined by a line down its left side
(deeper topics indented further). Main topics are always in the first row, so they
are in view however large the course; a main topic with many subtopics spreads them
over more than one column while the map is taller than ``MAP_HEIGHT`` and there is
room to the side.

Every label has a computed box (``x``, ``y`` its top left corner, ``width``,
``height``) that no other label's box overlaps. Heights come from an estimate of how
many lines the title wraps to, with character widths of DejaVu Sans, a wide font, so
that titles fit in narrower fonts too; the template clamps a title to its lines (the
full title shows on focus and hover), so a box never grows into its neighbour.

Nothing here depends on the learner: the course page caches the layout and its
markup per content version (``courses.mindmap_cache``) and merges each learner's
states into the markup per request.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from progress.states import ProgressState

STEPLEN = 4  # treebeard's materialised path step, as used by Wagtail pages

# The canvas is laid out for the course page's content width (76rem less padding);
# a wider map (many main topics) scrolls or is zoomed out in the browser.
DESIGN_WIDTH = 1180  # px
MAP_HEIGHT = 560  # px: spread long branches over more columns above this height
MARGIN = 16  # px around the labels
COLUMN_MIN = 176  # px: the narrowest a column gets before the map grows wider
COLUMN_MAX = 296  # px: the widest, so that a course of two topics is not a banner
COLUMN_GAP = 16  # px between two columns
ROW_GAP = 8  # px between two labels in a column
CHILD_GAP = 12  # px from the row of main topics down to their subtopics
INDENT = 20  # px a subtopic is indented under its parent
SPINE = 12  # px from a parent's left edge to the line down to its subtopics
MAX_INDENT_LEVELS = 3  # deeper topics are indented no further
BAR_GAP = 16  # px from the course's title down to the bar, and from the bar down

# Label geometry; ecirkel.css uses the same numbers (px, so both agree at any zoom).
FONT_SIZE = 15
LINE_HEIGHT = 19
CENTER_FONT_SIZE = 17
CENTER_LINE_HEIGHT = 22
CENTER_MAX_WIDTH = 360
PAD_X = 8
PAD_Y = 5
BORDER = 2
MAIN_BORDER = 3
STATE_SLOT = 22  # the state symbol (16 px) and its gap
MARK_SLOT = 21  # one content icon (16 px) and its gaps
MAX_LINES = 3

# What a topic's body holds that a learner looks for, in the order it is shown.
CONTENT_KINDS = ("lecture", "quiz", "roleplay")

# Advance widths of DejaVu Sans (regular, bold) in em, by class of character.
_NARROW = set("iljI.,:;!|'’ ")
_MEDIUM = set('ftr-()[]/"”“')
_WIDE = set("mwMW%@")


def char_width(char: str, bold: bool = False) -> float:
    """Width of ``char`` in em, rounded up for DejaVu Sans."""
    if char in _NARROW:
        return 0.35 if bold else 0.32
    if char in _MEDIUM:
        return 0.5 if bold else 0.42
    if char in _WIDE:
        return 1.05 if bold else 0.98
    if char.isupper():
        return 0.8 if bold else 0.72
    if char.isdigit():
        return 0.72 if bold else 0.66
    return 0.7 if bold else 0.62


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of ``text`` in px at ``size``, with 3 % to spare for rounding."""
    return sum(char_width(c, bold) for c in text) * size * 1.03


def line_count(text: str, width: float, size: float, bold: bool = False) -> int:
    """How many lines ``text`` wraps to in ``width`` px (greedy, as browsers do);
    a word longer than a line is broken (``overflow-wrap: anywhere``)."""
    if width <= 0:
        return MAX_LINES
    space = char_width(" ", bold) * size
    lines, used = 1, 0.0
    for word in text.split():
        word_width = text_width(word, size, bold)
        needed = word_width if used == 0 else used + space + word_width
        if needed <= width:
            used = needed
            continue
        if used > 0:
            lines, used = lines + 1, 0.0
        while word_width > width:  # a long word fills whole lines
            lines += 1
            word_width -= width
        used = word_width
    return lines


def content_kinds(block_types: Iterable[str]) -> tuple[str, ...]:
    """The kinds of content (``CONTENT_KINDS``) among a body's block types, in order."""
    present = set(block_types)
    return tuple(kind for kind in CONTENT_KINDS if kind in present)


@dataclass(frozen=True)
class MindmapTopic:
    """What the layout needs to know of one topic page."""

    id: int
    title: str
    url: str
    depth: int
    path: str
    summary: str = ""
    kinds: tuple[str, ...] = ()  # CONTENT_KINDS in the topic's body


@dataclass
class MindmapNode:
    topic: MindmapTopic
    level: int
    children: list["MindmapNode"] = field(default_factory=list)
    parent: "MindmapNode | None" = None
    # The label's box: top left corner, size, and the lines its title may take.
    x: float = 0.0
    y: float = 0.0
    width: float = 0.0
    height: float = 0.0
    lines: int = 1
    state: ProgressState = ProgressState.NOT_STARTED
    related: list["MindmapNode"] = field(default_factory=list)

    @property
    def id(self) -> int:
        return self.topic.id

    @property
    def kinds(self) -> tuple[str, ...]:
        return self.topic.kinds

    @property
    def center(self) -> tuple[float, float]:
        return self.x + self.width / 2, self.y + self.height / 2

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def starts_list(self) -> bool:
        """Whether this node's item opens its parent's list of subtopics."""
        return self.parent is not None and self.parent.children[0] is self

    @property
    def closes(self) -> range:
        """The lists that end after this node's item (one per level it is the last
        item of), so that the template writes the nested list in one flat loop."""
        if self.children:
            return range(0)  # its last descendant closes it
        count, node = 0, self
        while node.parent is not None and node.parent.children[-1] is node:
            count, node = count + 1, node.parent
        return range(count)

    def subtree(self) -> list["MindmapNode"]:
        """This node and everything under it, in tree order."""
        nodes = [self]
        for child in self.children:
            nodes.extend(child.subtree())
        return nodes


@dataclass(frozen=True)
class Edge:
    """A tree line, as the ``d`` of an SVG path (numbers and M/H/V only)."""

    d: str


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    # Control point of the curve (cross-links).
    cx: float
    cy: float
    # The two topics it joins.
    source_id: int = 0
    target_id: int = 0


@dataclass
class Mindmap:
    root_title: str
    roots: list[MindmapNode]
    nodes: list[MindmapNode]
    edges: list[Edge]
    cross_links: list[Line]
    width: int
    height: int
    # The course's title: its box, like a node's.
    center_x: float
    center_y: float
    center_width: float
    center_height: float
    columns: int = 0

    def __len__(self) -> int:
        return len(self.nodes)

    @property
    def states(self) -> list[ProgressState]:
        """Every state a node can show, in order (for the legend)."""
        return list(ProgressState)

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds of content found anywhere on the map (for its legend)."""
        return content_kinds(kind for node in self.nodes for kind in node.kinds)


def build_mindmap(
    *,
    root_title: str,
    root_depth: int,
    topics: list[MindmapTopic],
    related: Iterable[tuple[int, int]] = (),
    states: dict[int, ProgressState] | None = None,
) -> Mindmap:
    """Lay out ``topics`` (in tree order, as Wagtail's ``path`` sorts them).

    ``related`` holds (topic id, related topic id) pairs; pairs naming a topic that is
    not on the map are ignored. ``states`` maps topic ids to the learner's state.
    """
    nodes = _build_tree(root_depth, topics)
    roots = [node for node in nodes if node.parent is None]
    by_id = {node.id: node for node in nodes}

    center_width, center_height = _center_size(root_title)
    spans = _choose_spans(roots, center_height)
    columns = sum(spans) or 1
    column_width = _column_width(columns)
    columns_width = columns * column_width + (columns - 1) * COLUMN_GAP
    width = max(DESIGN_WIDTH, columns_width + 2 * MARGIN)
    left = (width - columns_width) / 2

    center_x = (width - center_width) / 2
    center_y = MARGIN
    bar_y = center_y + center_height + BAR_GAP
    row_y = bar_y + BAR_GAP
    edges: list[Edge] = []

    column = 0
    branches = []
    for root, span in zip(roots, spans, strict=True):
        root.x = left + column * (column_width + COLUMN_GAP)
        root.width = span * column_width + (span - 1) * COLUMN_GAP
        root.y = row_y
        _size(root, root.width)
        branches.append((root, column, span))
        column += span
    row_bottom = max((root.bottom for root in roots), default=row_y)

    for root, first_column, span in branches:
        root_cx = root.x + root.width / 2
        trunk_x = width / 2
        edges.append(
            Edge(
                f"M{_n(trunk_x)} {_n(center_y + center_height)}V{_n(bar_y)}"
                f"H{_n(root_cx)}V{_n(root.y)}"
            )
        )
        for offset, units in enumerate(_split(root, span, column_width)):
            column_x = left + (first_column + offset) * (column_width + COLUMN_GAP)
            y = row_bottom + CHILD_GAP
            for unit in units:
                for node in unit.subtree():
                    indent = INDENT * min(node.level - 1, MAX_INDENT_LEVELS)
                    node.x = column_x + indent
                    node.y = y
                    _size(node, column_width - indent)
                    y = node.bottom + ROW_GAP
                    parent = node.parent
                    if parent is root:
                        spine_x, start_y = column_x + SPINE, root.bottom
                    else:
                        spine_x, start_y = parent.x + SPINE, parent.bottom
                    if node.x - spine_x < SPINE / 2:  # no room to indent deeper
                        spine_x = node.x - SPINE / 2
                    edges.append(
                        Edge(
                            f"M{_n(spine_x)} {_n(start_y)}"
                            f"V{_n(node.y + node.height / 2)}H{_n(node.x)}"
                        )
                    )

    height = (
        max((node.bottom for node in nodes), default=center_y + center_height) + MARGIN
    )

    cross_links = []
    seen = set()
    for source_id, target_id in related:
        source, target = by_id.get(source_id), by_id.get(target_id)
        if source is None or target is None or source is target:
            continue
        source.related.append(target)
        pair = frozenset((source_id, target_id))
        if pair not in seen:
            seen.add(pair)
            cross_links.append(_curve(source, target))

    for node in nodes:
        node.state = (states or {}).get(node.id, ProgressState.NOT_STARTED)
        node.x, node.y = round(node.x, 1), round(node.y, 1)
        node.width, node.height = round(node.width, 1), round(node.height, 1)

    return Mindmap(
        root_title=root_title,
        roots=roots,
        nodes=nodes,
        edges=edges,
        cross_links=cross_links,
        width=math.ceil(width),
        height=math.ceil(height),
        center_x=round(center_x, 1),
        center_y=round(center_y, 1),
        center_width=round(center_width, 1),
        center_height=round(center_height, 1),
        columns=columns,
    )


def _build_tree(root_depth: int, topics: list[MindmapTopic]) -> list[MindmapNode]:
    """Nodes in tree order, each linked to its nearest ancestor on the map."""
    by_path: dict[str, MindmapNode] = {}
    nodes = []
    for topic in sorted(topics, key=lambda t: t.path):
        parent = None
        # A topic whose parent is not on the map (e.g. a draft) hangs from the
        # nearest ancestor that is, or from the course itself.
        for end in range(len(topic.path) - STEPLEN, root_depth * STEPLEN, -STEPLEN):
            parent = by_path.get(topic.path[:end])
            if parent is not None:
                break
        node = MindmapNode(
            topic=topic, level=parent.level + 1 if parent else 1, parent=parent
        )
        if parent is not None:
            parent.children.append(node)
        by_path[topic.path] = node
        nodes.append(node)
    return nodes


def _n(value: float) -> str:
    """A coordinate for an SVG path: at most one decimal, no trailing zeros."""
    return f"{value:.1f}".removesuffix(".0")


def _center_size(title: str) -> tuple[float, float]:
    chrome = 2 * 12  # padding left and right
    natural = text_width(title, CENTER_FONT_SIZE, bold=True) + chrome
    width = min(CENTER_MAX_WIDTH, max(160.0, natural))
    lines = min(
        MAX_LINES, line_count(title, width - chrome, CENTER_FONT_SIZE, bold=True)
    )
    return width, lines * CENTER_LINE_HEIGHT + 2 * 8


def _size(node: MindmapNode, width: float) -> None:
    """Give ``node`` its width and the height its title needs at that width."""
    main = node.level == 1
    border = MAIN_BORDER if main else BORDER
    text = width - 2 * (PAD_X + border) - STATE_SLOT - MARK_SLOT * len(node.kinds)
    node.width = width
    node.lines = min(MAX_LINES, line_count(node.topic.title, text, FONT_SIZE, main))
    node.height = node.lines * LINE_HEIGHT + 2 * (PAD_Y + border)


def _column_width(columns: int) -> float:
    available = DESIGN_WIDTH - 2 * MARGIN - (columns - 1) * COLUMN_GAP
    return max(COLUMN_MIN, min(COLUMN_MAX, available / columns))


def _max_columns() -> int:
    return max(1, (DESIGN_WIDTH - 2 * MARGIN + COLUMN_GAP) // (COLUMN_MIN + COLUMN_GAP))


def _unit_height(unit: MindmapNode, column_width: float) -> float:
    """Height of a subtopic with everything under it, stacked in one column."""
    total = 0.0
    for node in unit.subtree():
        indent = INDENT * min(node.level - 1, MAX_INDENT_LEVELS)
        _size(node, column_width - indent)
        total += node.height + ROW_GAP
    return total


def _split(root: MindmapNode, span: int, column_width: float) -> list[list]:
    """The root's subtopics (each with its subtree) over at most ``span`` columns,
    in order, so that the tallest column is as short as it can be."""
    units = root.children
    heights = [_unit_height(unit, column_width) for unit in units]
    return [
        units[start:end] for start, end in _partition(heights, min(span, len(units)))
    ] or [[]]


def _partition(heights: list[float], parts: int) -> list[tuple[int, int]]:
    """Split ``heights`` into at most ``parts`` runs (start, end), in order, so that
    the largest sum is as small as it can be (to a pixel): the smallest limit that
    filling runs greedily up to it keeps within ``parts``, by bisection."""
    if not heights:
        return []

    def runs(limit: float) -> list[tuple[int, int]]:
        result, start, total = [], 0, 0.0
        for index, height in enumerate(heights):
            if index > start and total + height > limit:
                result.append((start, index))
                start, total = index, 0.0
            total += height
        result.append((start, len(heights)))
        return result

    low, high = max(heights), sum(heights)
    while high - low > 1:
        middle = (low + high) / 2
        if len(runs(middle)) <= parts:
            high = middle
        else:
            low = middle
    return runs(high)


def _choose_spans(roots: list[MindmapNode], center_height: float) -> list[int]:
    """How many columns each main topic's subtopics take.

    One each; while the tallest branch makes the map taller than ``MAP_HEIGHT`` and
    another column fits in the design width, the tallest branch gets one more.
    """
    spans = [1] * len(roots)
    limit = _max_columns()
    while roots:
        column_width = _column_width(sum(spans))
        row = 0.0
        for root, span in zip(roots, spans, strict=True):
            _size(root, span * column_width + (span - 1) * COLUMN_GAP)
            row = max(row, root.height)
        above = MARGIN + center_height + 2 * BAR_GAP + row + CHILD_GAP
        budget = MAP_HEIGHT - above - MARGIN
        tallest, index = max(
            (_branch_height(root, span, column_width), n)
            for n, (root, span) in enumerate(zip(roots, spans, strict=True))
        )
        if tallest <= budget or sum(spans) >= limit:
            break
        if spans[index] >= len(roots[index].children):
            break  # one subtopic a column already
        spans[index] += 1
        # Another column makes every column narrower: keep it only if it helped.
        new_width = _column_width(sum(spans))
        if _branch_height(roots[index], spans[index], new_width) >= tallest:
            spans[index] -= 1
            break
    return spans


def _branch_height(root: MindmapNode, span: int, column_width: float) -> float:
    columns = _split(root, span, column_width)
    return max(
        (
            sum(_unit_height(unit, column_width) for unit in column)
            for column in columns
        ),
        default=0.0,
    )


def _curve(source: MindmapNode, target: MindmapNode) -> Line:
    """A cross-link bends to one side, so it is told apart from the tree's lines."""
    (x1, y1), (x2, y2) = source.center, target.center
    mid_x, mid_y = (x1 + x2) / 2, (y1 + y2) / 2
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    bend = min(80.0, 0.2 * length)
    # Perpendicular to the line, towards the top of the map.
    nx, ny = (y1 - y2) / length, (x2 - x1) / length
    if ny > 0:
        nx, ny = -nx, -ny
    return Line(
        round(x1, 1),
        round(y1, 1),
        round(x2, 1),
        round(y2, 1),
        round(mid_x + nx * bend, 1),
        round(mid_y + ny * bend, 1),
        source.id,
        target.id,
    )
