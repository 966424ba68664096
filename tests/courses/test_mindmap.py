"""The mindmap layout, tested directly on plain data."""

import itertools
import re

import pytest

from courses.demo import content
from courses.mindmap import (
    DESIGN_WIDTH,
    MAP_HEIGHT,
    MAX_LINES,
    MindmapTopic,
    build_mindmap,
    content_kinds,
    line_count,
)
from progress.states import ProgressState

ROOT_DEPTH = 3  # root (1) > catalog (2) > course (3)
COURSE_PATH = "000100010001"


def topic(path, title=None, pk=None, kinds=()):
    depth = len(path) // 4
    pk = pk or int(path)
    return MindmapTopic(
        id=pk,
        title=title or f"Ämne {int(path[-4:])}",
        url=f"/{path}/",
        depth=depth,
        path=path,
        kinds=kinds,
    )


def tree(branches: int, leaves_per_branch: int, deeper: int = 0, title=None):
    topics = []
    for b in range(1, branches + 1):
        branch_path = f"{COURSE_PATH}{b:04d}"
        topics.append(topic(branch_path, title=title and f"{title} {b}"))
        for leaf in range(1, leaves_per_branch + 1):
            leaf_path = f"{branch_path}{leaf:04d}"
            topics.append(topic(leaf_path, title=title and f"{title} {b}.{leaf}"))
            for deep in range(1, deeper + 1):
                topics.append(topic(f"{leaf_path}{deep:04d}"))
    return topics


def demo_topics() -> list[MindmapTopic]:
    """The demo course's twenty topics, with what their bodies hold."""
    topics = []

    def walk(items, prefix):
        for number, item in enumerate(items, 1):
            path = f"{prefix}{number:04d}"
            topics.append(
                MindmapTopic(
                    id=len(topics) + 1,
                    title=item["title"],
                    url=f"/{item['slug']}/",
                    depth=len(path) // 4,
                    path=path,
                    kinds=content_kinds(block[0] for block in item["body"]),
                )
            )
            walk(item.get("children", []), path)

    walk(content.TOPICS, COURSE_PATH)
    return topics


def build(topics, **kwargs):
    return build_mindmap(
        root_title="Kontaktcenter i kommunen",
        root_depth=ROOT_DEPTH,
        topics=topics,
        **kwargs,
    )


def boxes_overlap(a, b) -> bool:
    return (
        a.x < b.x + b.width
        and b.x < a.x + a.width
        and a.y < b.y + b.height
        and b.y < a.y + a.height
    )


def test_tree_follows_the_page_paths():
    mindmap = build(tree(3, 2))
    assert len(mindmap) == 9
    assert [len(root.children) for root in mindmap.roots] == [2, 2, 2]
    assert {node.level for node in mindmap.nodes} == {1, 2}
    for root in mindmap.roots:
        assert all(child.parent is root for child in root.children)


def test_a_topic_under_an_unpublished_parent_hangs_from_the_nearest_ancestor():
    topics = [topic(COURSE_PATH + "0001"), topic(COURSE_PATH + "000100020003")]
    mindmap = build(topics)
    orphan = mindmap.nodes[1]
    assert orphan.parent is mindmap.roots[0]
    assert orphan.level == 2


def test_the_demo_fits_a_laptop_screen_in_one_line_per_title_or_two():
    mindmap = build(demo_topics())
    assert len(mindmap) == 20
    assert mindmap.width <= DESIGN_WIDTH
    assert mindmap.height <= MAP_HEIGHT
    # Legible: no title is cut short, the labels are wide enough to read.
    assert all(node.lines <= 2 for node in mindmap.nodes)
    assert min(node.width for node in mindmap.nodes) >= 176


@pytest.mark.parametrize(
    "branches,leaves,deeper",
    [(4, 4, 0), (5, 3, 0), (6, 9, 0), (20, 9, 0), (1, 1, 0), (7, 0, 0), (4, 4, 2)],
)
def test_no_two_labels_overlap_and_every_label_is_on_the_canvas(
    branches, leaves, deeper
):
    mindmap = build(tree(branches, leaves, deeper, title="Relationer till"))
    for a, b in itertools.combinations(mindmap.nodes, 2):
        assert not boxes_overlap(a, b), (a.topic.path, b.topic.path)
    center = type(
        "Box",
        (),
        {
            "x": mindmap.center_x,
            "y": mindmap.center_y,
            "width": mindmap.center_width,
            "height": mindmap.center_height,
        },
    )
    for node in mindmap.nodes:
        assert not boxes_overlap(node, center)
        assert 0 <= node.x and node.x + node.width <= mindmap.width
        assert 0 <= node.y and node.y + node.height <= mindmap.height


def test_sixty_topics_fit_the_design_size_with_the_main_topics_in_the_first_row():
    mindmap = build(tree(6, 9))
    assert len(mindmap) == 60
    assert mindmap.width <= DESIGN_WIDTH and mindmap.height <= MAP_HEIGHT
    assert len({root.y for root in mindmap.roots}) == 1
    first_row_bottom = max(root.y + root.height for root in mindmap.roots)
    assert all(node.y >= first_row_bottom for node in mindmap.nodes if node.level > 1)


def test_a_large_course_keeps_its_main_topics_in_one_row_at_the_top():
    mindmap = build(tree(20, 9))
    tops = {root.y for root in mindmap.roots}
    assert len(tops) == 1
    assert tops.pop() < 120  # right under the course's title
    assert mindmap.width > DESIGN_WIDTH  # wider: it scrolls or is zoomed out


def test_a_long_branch_spreads_over_more_columns_instead_of_growing_tall():
    mindmap = build(tree(2, 18))
    assert mindmap.height <= MAP_HEIGHT
    for root in mindmap.roots:
        columns = {child.x for child in root.children}
        assert len(columns) > 1
        # Under its own main topic, in the order of the pages: column by column,
        # top to bottom.
        assert all(root.x <= child.x < root.x + root.width for child in root.children)
        reading = sorted(root.children, key=lambda child: (child.x, child.y))
        assert reading == root.children


def test_subtopics_stand_under_their_main_topic_indented_by_level():
    mindmap = build(tree(2, 2, deeper=1))
    for node in mindmap.nodes:
        if node.parent is not None:
            assert node.x > node.parent.x - 1 or node.level == 2
            assert node.y > node.parent.y
    deep = [node for node in mindmap.nodes if node.level == 3]
    assert all(node.x > node.parent.x for node in deep)


def test_every_topic_has_a_line_from_its_parent():
    mindmap = build(tree(3, 2))
    assert len(mindmap.edges) == len(mindmap)
    for edge in mindmap.edges:
        assert re.fullmatch(r"M[\d.]+ [\d.]+V[\d.]+H[\d.]+(V[\d.]+)?", edge.d)
    # A subtopic's line ends at its label's left edge, half way down.
    leaf = mindmap.roots[0].children[0]
    edge = mindmap.edges[mindmap.nodes.index(leaf)]
    assert edge.d.endswith(f"V{leaf.y + leaf.height / 2:g}H{leaf.x:g}")


def test_a_title_too_long_for_three_lines_is_clamped_to_three():
    title = "Mycket lång rubrik " * 12
    mindmap = build([topic(COURSE_PATH + "0001", title=title)])
    assert mindmap.nodes[0].lines == MAX_LINES


def test_line_count_wraps_at_spaces_and_breaks_words_longer_than_a_line():
    assert line_count("Fördelar", 200, 15) == 1
    assert line_count("Relationer till förvaltningar", 150, 15) == 2
    assert line_count("a" * 60, 100, 15) > 3


def test_content_kinds_come_from_block_types_in_a_fixed_order():
    assert content_kinds(["paragraph", "roleplay", "heading", "quiz"]) == (
        "quiz",
        "roleplay",
    )
    assert content_kinds(["lecture", "lecture"]) == ("lecture",)
    assert content_kinds(["paragraph", "image"]) == ()


def test_content_kinds_take_room_from_the_title():
    plain = build([topic(COURSE_PATH + "0001", title="Relationer till förvalt")])
    marked = build(
        [
            topic(
                COURSE_PATH + "0001",
                title="Relationer till förvalt",
                kinds=("lecture", "quiz", "roleplay"),
            )
        ]
    )
    assert marked.nodes[0].kinds == ("lecture", "quiz", "roleplay")
    assert marked.nodes[0].lines >= plain.nodes[0].lines
    assert marked.kinds == ("lecture", "quiz", "roleplay")


def test_the_demo_map_marks_the_lecture_the_quizzes_and_the_calls():
    by_title = {node.topic.title: node for node in build(demo_topics()).nodes}
    assert by_title["Projektorganisation"].kinds == ("lecture",)
    assert by_title["Medborgarservice"].kinds == ("quiz", "roleplay")
    assert by_title["Relationer till förvaltningar"].kinds == ("quiz", "roleplay")
    assert by_title["Förstudie"].kinds == ()


def test_cross_links_are_drawn_once_and_skip_topics_not_on_the_map():
    topics = tree(2, 1)
    a, b = topics[0].id, topics[2].id
    mindmap = build(topics, related=[(a, b), (b, a), (a, 999_999), (a, a)])
    assert len(mindmap.cross_links) == 1
    assert {mindmap.cross_links[0].source_id, mindmap.cross_links[0].target_id} == {
        a,
        b,
    }
    by_id = {node.id: node for node in mindmap.nodes}
    assert [n.id for n in by_id[a].related] == [b]
    assert [n.id for n in by_id[b].related] == [a]


def test_learner_states_are_attached_and_missing_ones_are_not_started():
    topics = tree(2, 0)
    mindmap = build(topics, states={topics[0].id: ProgressState.PASSED})
    assert [node.state for node in mindmap.nodes] == [
        ProgressState.PASSED,
        ProgressState.NOT_STARTED,
    ]
    assert mindmap.states == list(ProgressState)


def test_an_empty_course_has_an_empty_map():
    mindmap = build([])
    assert len(mindmap) == 0 and mindmap.edges == [] and mindmap.width > 0
