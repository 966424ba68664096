"""The mindmap fits the screen: in real Chromium, at a laptop's, a large screen's and
a phone's size, with the demo course and with generated ones."""

import itertools
import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COURSE_URL = "/kontaktcenter-i-kommunen/"
RESULTS = settings.BASE_DIR / "test-results"
SIZES = [(1280, 800), (1920, 1080)]


def boxes(page, selector: str = "a.mindmap__node") -> list[dict]:
    return page.locator(selector).evaluate_all(
        """nodes => nodes.map(n => {
            const r = n.getBoundingClientRect();
            return {text: (n.querySelector('.mindmap__title') || n).textContent,
                    x: r.x, y: r.y, width: r.width, height: r.height};
        })"""
    )


def overlapping(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def in_viewport(box: dict, width: int, height: int) -> bool:
    return (
        box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= width
        and box["y"] + box["height"] <= height
    )


def title_is_whole(page) -> list[str]:
    """Titles the browser had to cut short (more lines than the server allowed)."""
    return page.locator(".mindmap__title").evaluate_all(
        "nodes => nodes.filter(n => n.scrollHeight > n.clientHeight + 1)"
        ".map(n => n.textContent)"
    )


def shoot(page, name: str) -> None:
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / name), full_page=False)


@pytest.mark.parametrize("width,height", SIZES)
def test_all_twenty_topics_are_in_view_without_overlap(page, demo, width, height):
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, "deltagare", "deltagare", COURSE_URL)
    expect(page.locator("a.mindmap__node")).to_have_count(20)
    shoot(page, f"mindmap-{width}x{height}.png")

    nodes = boxes(page)
    assert len(nodes) == 20
    for node in nodes:
        assert in_viewport(node, width, height), node
        assert node["height"] >= 28 and node["width"] >= 176, node  # legible
    for a, b in itertools.combinations(nodes, 2):
        assert not overlapping(a, b), (a["text"], b["text"])
    center = boxes(page, ".mindmap__center")
    center[0]["text"] = "course"
    assert not any(overlapping(center[0], node) for node in nodes)
    assert title_is_whole(page) == []
    # Nothing scrolls: the map is whole, not zoomed, and needs no control.
    assert page.locator(".mindmap").evaluate("m => m.scrollWidth <= m.clientWidth")
    expect(page.locator("[data-mindmap-zoom]")).to_be_hidden()


def test_on_a_phone_the_map_is_the_indented_list(page, demo):
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, "deltagare", "deltagare", COURSE_URL)
    shoot(page, "mindmap-375x812.png")
    first = page.locator("a.mindmap__node").first
    assert first.evaluate("el => getComputedStyle(el).position") == "static"
    expect(page.locator(".mindmap__lines")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # What a topic holds reads as text next to it.
    expect(
        page.get_by_role("link", name=re.compile(r"^Projektorganisation"))
    ).to_contain_text("Föreläsning")
    expect(page.locator(".mindmap__list .content-mark__text").first).to_be_visible()


def test_with_sixty_topics_the_main_topics_are_in_view(page, demo):
    from courses.factories import CoursePageFactory, generate_topics
    from courses.models import CatalogPage

    course = CoursePageFactory(
        parent=CatalogPage.objects.get(), title="Stor kurs", slug="stor-kurs"
    )
    generate_topics(course, 60)
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, "deltagare", "deltagare", "/stor-kurs/")
    expect(page.locator("a.mindmap__node")).to_have_count(60)
    shoot(page, "mindmap-60-topics-1280x800.png")

    nodes = boxes(page)
    main = [node for node in nodes if node["text"].startswith("Huvudämne")]
    assert len(main) == 6
    assert all(in_viewport(node, 1280, 800) for node in main), main
    for a, b in itertools.combinations(nodes, 2):
        assert not overlapping(a, b), (a["text"], b["text"])


def test_a_map_wider_than_the_window_is_zoomed_out_whole_and_can_be_shown_full_size(
    page, demo
):
    page.set_viewport_size({"width": 900, "height": 800})
    log_in(page, "deltagare", "deltagare", COURSE_URL)
    button = page.get_by_role("button", name="Visa kartan i full storlek")
    expect(button).to_be_visible()
    nodes = boxes(page)
    assert all(in_viewport(node, 900, 800) for node in nodes)
    for a, b in itertools.combinations(nodes, 2):
        assert not overlapping(a, b), (a["text"], b["text"])

    button.click()
    expect(page.get_by_role("button", name="Visa hela kartan")).to_be_visible()
    assert page.locator(".mindmap").evaluate("m => m.scrollWidth > m.clientWidth")
    page.get_by_role("button", name="Visa hela kartan").click()
    assert page.locator(".mindmap").evaluate("m => m.scrollWidth <= m.clientWidth")


def test_a_title_cut_short_shows_whole_on_focus(page, demo):
    from courses.models import TopicPage

    topic = TopicPage.objects.get(slug="forstudie")
    topic.title = "Förstudie: " + "mätningar av telefontrafiken " * 6
    topic.save_revision().publish()
    log_in(page, "deltagare", "deltagare", COURSE_URL)
    link = page.get_by_role("link", name=re.compile(r"^Förstudie: "))
    title = link.locator(".mindmap__title")
    assert title.evaluate("t => t.scrollHeight > t.clientHeight + 1")  # clamped
    link.focus()
    assert title.evaluate("t => t.scrollHeight <= t.clientHeight + 1")  # whole


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("width,height", [*SIZES, (375, 812)])
def test_the_course_page_has_no_wcag_violations(
    page, context, live_server, demo, language, width, height
):
    context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, "deltagare", "deltagare", COURSE_URL)
    assert page.locator("html").get_attribute("lang") == language
    assert_no_axe_violations(page)


def test_tab_reaches_the_map_arrows_move_and_enter_opens(page, demo):
    log_in(page, "deltagare", "deltagare", COURSE_URL)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a.mindmap__node')"):
            break
    active = "document.activeElement.querySelector('.mindmap__title').textContent"
    assert page.evaluate(active) == "Vad är KC?"
    page.keyboard.press("ArrowRight")
    assert page.evaluate(active) == "Fördelar"
    # Related topics light up with the topic in hand.
    assert page.locator(".mindmap__cross-link.is-active").count() >= 1
    page.keyboard.press("End")
    assert page.evaluate(active) == "E-tjänster"
    page.keyboard.press("Home")
    for _ in range(4):
        page.keyboard.press("ArrowDown")
    assert page.evaluate(active) == "Projektorganisation"
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Projektorganisation")
    # The lecture is where the learner arrives: the topic starts with it.
    expect(page.locator("article video")).to_have_count(1)
    assert_no_axe_violations(page)
