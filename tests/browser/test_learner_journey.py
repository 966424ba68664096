"""A learner's way to a topic with the keyboard alone, in real Chromium."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COURSE_URL = "/kontaktcenter-i-kommunen/"


def focused(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {tag: el.tagName, name: el.name || "", text: el.textContent.trim(),
                    node: el.classList.contains("mindmap__node")};
        }"""
    )


def tab_until(page, predicate, limit: int = 40) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = focused(page)
        if predicate(state):
            return state
    raise AssertionError(f"Tab never reached the element; last focus: {focused(page)}")


def test_learner_logs_in_and_opens_forstudie_with_the_keyboard_alone(page, demo):
    page.goto(COURSE_URL)
    expect(page).to_have_url(re.compile(r"/konto/logga-in/"))

    tab_until(page, lambda s: s["name"] == "username")
    page.keyboard.type("deltagare")
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "password"
    page.keyboard.type("deltagare")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(COURSE_URL + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kontaktcenter i kommunen"
    )

    # Tab reaches the map at its first topic.
    state = tab_until(page, lambda s: s["node"])
    assert state["text"].startswith("Vad är KC?")

    # Down walks the list; Right enters a main topic's subtopics.
    for _ in range(4):
        page.keyboard.press("ArrowDown")
    assert focused(page)["text"].startswith("Projektorganisation")
    page.keyboard.press("ArrowRight")
    assert focused(page)["text"].startswith("Förstudie")
    page.keyboard.press("ArrowLeft")
    assert focused(page)["text"].startswith("Projektorganisation")
    page.keyboard.press("ArrowRight")

    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Förstudie")
    expect(page).to_have_url(re.compile(r"/projektorganisation/forstudie/$"))


def test_the_map_is_one_tab_stop(page, demo):
    from tests.browser.conftest import log_in

    log_in(page, "deltagare", "deltagare", COURSE_URL)
    tab_until(page, lambda s: s["node"])
    page.keyboard.press("Tab")
    assert not focused(page)["node"], "Tab should leave the map after one stop"


def test_every_topic_is_a_visible_link_on_a_wide_screen_and_a_list_on_a_phone(
    page, demo
):
    from tests.browser.conftest import log_in

    log_in(page, "deltagare", "deltagare", COURSE_URL)
    nodes = page.locator("a.mindmap__node")
    expect(nodes).to_have_count(20)
    for index in range(20):
        expect(nodes.nth(index)).to_be_visible()
    assert (
        page.locator("a.mindmap__node").first.evaluate(
            "el => getComputedStyle(el).position"
        )
        == "absolute"
    )

    page.set_viewport_size({"width": 375, "height": 800})
    assert (
        page.locator("a.mindmap__node").first.evaluate(
            "el => getComputedStyle(el).position"
        )
        == "static"
    )
    expect(page.locator(".mindmap__lines")).to_be_hidden()
    expect(page.get_by_role("link", name="Förstudie")).to_be_visible()
