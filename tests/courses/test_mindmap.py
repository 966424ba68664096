"""The mindmap layout, tested directly on plain data."""

import itertools
import math

import pytest

from courses.mindmap import NODE_HEIGHT, NODE_WIDTH, MindmapTopic, build_mindmap
from progress.states import ProgressState

ROOT_DEPTH = 3  # root (1) > catalog (2) > course (3)


def topic(path, title=None, pk=None):
    depth = len(path) // 4
    pk = pk or int(path)
    return MindmapTopic(
        id=pk, title=title or path, url=f"/{path}/", depth=depth, path=path
    )


def tree(branches: int, leaves_per_branch: int, course_path="000100010001"):
    topics = []
    for b in range(1, branches + 1):
        branch_path = f"{course_path}{b:04d}"
        topics.append(topic(branch_path))
        for leaf in range(1, leaves_per_branch + 1):
            topics.append(topic(f"{branch_path}{leaf:04d}"))
    return topics


def overlap(a, b) -> bool:
    return abs(a.x - b.x) < NODE_WIDTH and abs(a.y - b.y) < NODE_HEIGHT


def test_tree_follows_the_page_paths():
    mindmap = build_mindmap(root_title="Kurs", root_depth=ROOT_DEPTH, topics=tree(3, 2))
    assert len(mindmap) == 9
    assert [len(root.children) for root in mindmap.roots] == [2, 2, 2]
    assert {node.level for node in mindmap.nodes} == {1, 2}
    for root in mindmap.roots:
        assert all(child.parent is root for child in root.children)


def test_a_topic_under_an_unpublished_parent_hangs_from_the_nearest_ancestor():
    course = "000100010001"
    topics = [topic(course + "0001"), topic(course + "000100020003")]
    mindmap = build_mindmap(root_title="Kurs", root_depth=ROOT_DEPTH, topics=topics)
    orphan = mindmap.nodes[1]
    assert orphan.parent is mindmap.roots[0]
    assert orphan.level == 2


def test_every_node_lies_inside_the_canvas():
    mindmap = build_mindmap(root_title="Kurs", root_depth=ROOT_DEPTH, topics=tree(4, 4))
    for node in mindmap.nodes:
        assert NODE_WIDTH / 2 <= node.x <= mindmap.width - NODE_WIDTH / 2
        assert NODE_HEIGHT / 2 <= node.y <= mindmap.height - NODE_HEIGHT / 2


@pytest.mark.parametrize("branches,leaves", [(4, 4), (5, 3), (20, 9), (1, 1), (7, 0)])
def test_no_two_labels_overlap(branches, leaves):
    mindmap = build_mindmap(
        root_title="Kurs", root_depth=ROOT_DEPTH, topics=tree(branches, leaves)
    )
    for a, b in itertools.combinations(mindmap.nodes, 2):
        assert not overlap(a, b), (a.topic.title, b.topic.title)
    for node in mindmap.nodes:
        assert not overlap_center(node, mindmap)


def overlap_center(node, mindmap) -> bool:
    return (
        math.hypot(node.x - mindmap.center_x, node.y - mindmap.center_y) < NODE_HEIGHT
    )


def test_a_branch_keeps_its_leaves_in_its_own_sector():
    mindmap = build_mindmap(root_title="Kurs", root_depth=ROOT_DEPTH, topics=tree(4, 3))

    def angle(node):
        return math.atan2(node.x - mindmap.center_x, mindmap.center_y - node.y) % (
            2 * math.pi
        )

    previous_max = -1.0
    for root in mindmap.roots:
        angles = [angle(child) for child in root.children]
        assert min(angles) > previous_max
        previous_max = max(angles)


def test_cross_links_are_drawn_once_and_skip_topics_not_on_the_map():
    topics = tree(2, 1)
    a, b = topics[0].id, topics[2].id
    mindmap = build_mindmap(
        root_title="Kurs",
        root_depth=ROOT_DEPTH,
        topics=topics,
        related=[(a, b), (b, a), (a, 999_999), (a, a)],
    )
    assert len(mindmap.cross_links) == 1
    by_id = {node.id: node for node in mindmap.nodes}
    assert [n.id for n in by_id[a].related] == [b]
    assert [n.id for n in by_id[b].related] == [a]


def test_learner_states_are_attached_and_missing_ones_are_not_started():
    topics = tree(2, 0)
    mindmap = build_mindmap(
        root_title="Kurs",
        root_depth=ROOT_DEPTH,
        topics=topics,
        states={topics[0].id: ProgressState.COMPLETED},
    )
    assert [node.state for node in mindmap.nodes] == [
        ProgressState.COMPLETED,
        ProgressState.NOT_STARTED,
    ]


def test_an_empty_course_has_an_empty_map():
    mindmap = build_mindmap(root_title="Kurs", root_depth=ROOT_DEPTH, topics=[])
    assert len(mindmap) == 0 and mindmap.edges == [] and mindmap.width > 0
