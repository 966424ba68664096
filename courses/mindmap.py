"""Server-side mindmap layout: topics on rings around the course.

No canvas and no JavaScript graph library.

The layout is a radial tree. The course sits in the middle; its topics are placed on
ellipses, one per level of the page tree, each branch getting an angular sector in
proportion to the number of leaves under it so that branches never cross. An ellipse
grows until no two neighbouring labels on it overlap.

Coordinates are pixels on a canvas of ``width`` × ``height``; the template positions the
HTML links there and draws the edges in an SVG of the same size. Nothing here depends on
the learner: per-learner states are attached to nodes last, so the geometry can be
cached per course version and the states looked up per request.
"""

import math
from dataclasses import dataclass, field

from progress.states import ProgressState

STEPLEN = 4  # treebeard's materialised path step, as used by Wagtail pages
NODE_WIDTH = 176  # px, the widest a label gets on the canvas (11rem)
NODE_HEIGHT = 48  # px, room for two lines of text
GAP = 8  # px kept free between two labels
RING_STEP = 200  # px between rings (horizontal radius)
ASPECT = 0.65  # vertical radius / horizontal radius: screens are wider than tall
MARGIN = 16  # px around the outermost labels


@dataclass(frozen=True)
class MindmapTopic:
    """What the layout needs to know of one topic page."""

    id: int
    title: str
    url: str
    depth: int
    path: str
    summary: str = ""


@dataclass
class MindmapNode:
    topic: MindmapTopic
    level: int
    children: list["MindmapNode"] = field(default_factory=list)
    parent: "MindmapNode | None" = None
    angle: float = 0.0  # radians clockwise from the top
    x: float = 0.0
    y: float = 0.0
    state: ProgressState = ProgressState.NOT_STARTED
    related: list["MindmapNode"] = field(default_factory=list)

    @property
    def id(self) -> int:
        return self.topic.id

    @property
    def leaves(self) -> int:
        return max(1, sum(child.leaves for child in self.children))


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    # Control point of a curved line (cross-links); the midpoint when straight.
    cx: float
    cy: float


@dataclass
class Mindmap:
    root_title: str
    roots: list[MindmapNode]
    nodes: list[MindmapNode]
    edges: list[Line]
    cross_links: list[Line]
    width: int
    height: int
    center_x: float
    center_y: float

    def __len__(self) -> int:
        return len(self.nodes)


def build_mindmap(
    *,
    root_title: str,
    root_depth: int,
    topics: list[MindmapTopic],
    related: list[tuple[int, int]] = (),
    states: dict[int, ProgressState] | None = None,
) -> Mindmap:
    """Lay out ``topics`` (in tree order, as Wagtail's ``path`` sorts them).

    ``related`` holds (topic id, related topic id) pairs; pairs naming a topic that is
    not on the map are ignored. ``states`` maps topic ids to the learner's state.
    """
    nodes = _build_tree(root_depth, topics)
    roots = [node for node in nodes if node.parent is None]
    by_id = {node.id: node for node in nodes}

    _assign_angles(roots, 0.0, 2 * math.pi)
    rings = _ring_radii(nodes)
    width = 2 * (rings[-1][0] + NODE_WIDTH / 2 + MARGIN) if rings else NODE_WIDTH * 2
    height = 2 * (rings[-1][1] + NODE_HEIGHT / 2 + MARGIN) if rings else NODE_HEIGHT * 2
    center_x, center_y = width / 2, height / 2
    for node in nodes:
        rx, ry = rings[node.level - 1]
        node.x = round(center_x + rx * math.sin(node.angle), 1)
        node.y = round(center_y - ry * math.cos(node.angle), 1)

    edges = [
        _line(
            node.parent.x if node.parent else center_x,
            node.parent.y if node.parent else center_y,
            node.x,
            node.y,
        )
        for node in nodes
    ]
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
            cross_links.append(_curve(source, target, center_x, center_y))

    for node in nodes:
        node.state = (states or {}).get(node.id, ProgressState.NOT_STARTED)

    return Mindmap(
        root_title=root_title,
        roots=roots,
        nodes=nodes,
        edges=edges,
        cross_links=cross_links,
        width=round(width),
        height=round(height),
        center_x=center_x,
        center_y=center_y,
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


def _assign_angles(nodes, start: float, end: float) -> None:
    """Give each branch a sector in proportion to its leaves; a node sits mid-sector."""
    total = sum(node.leaves for node in nodes)
    for node in nodes:
        span = (end - start) * node.leaves / total
        node.angle = start + span / 2
        if node.children:
            _assign_angles(node.children, start, start + span)
        start += span


def _ring_radii(nodes) -> list[tuple[float, float]]:
    """(horizontal, vertical) radius of each ring, innermost first.

    A ring starts one step outside the previous one and grows until no two labels on
    it overlap (labels are NODE_WIDTH × NODE_HEIGHT boxes centred on their point).
    """
    by_level: dict[int, list[float]] = {}
    for node in nodes:
        by_level.setdefault(node.level, []).append(node.angle)
    rings: list[tuple[float, float]] = []
    previous = 0.0
    for level in range(1, max(by_level, default=0) + 1):
        ring = sorted(by_level.get(level, []))
        rx = previous + RING_STEP
        while _crowded(ring, rx, rx * ASPECT):
            rx *= 1.05
        rings.append((rx, rx * ASPECT))
        previous = rx
    return rings


def _crowded(ring: list[float], rx: float, ry: float) -> bool:
    """Whether two neighbouring labels on an ellipse of these radii would overlap."""
    points = [(rx * math.sin(a), -ry * math.cos(a)) for a in ring]
    # Each label with the next one round the ring (and the last with the first).
    following = points[1:] + points[:1] if len(points) > 2 else points[1:]
    neighbours = zip(points[: len(following)], following, strict=True)
    return any(
        abs(x1 - x2) < NODE_WIDTH + GAP and abs(y1 - y2) < NODE_HEIGHT + GAP
        for (x1, y1), (x2, y2) in neighbours
    )


def _line(x1, y1, x2, y2) -> Line:
    return Line(x1, y1, x2, y2, (x1 + x2) / 2, (y1 + y2) / 2)


def _curve(source, target, center_x, center_y) -> Line:
    """A cross-link bends towards the middle, so it is told apart from tree edges."""
    mid_x, mid_y = (source.x + target.x) / 2, (source.y + target.y) / 2
    return Line(
        source.x,
        source.y,
        target.x,
        target.y,
        round(mid_x + (center_x - mid_x) * 0.35, 1),
        round(mid_y + (center_y - mid_y) * 0.35, 1),
    )
