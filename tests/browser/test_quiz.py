"""A learner takes a demo quiz with the keyboard alone, in Chromium."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TOPIC = "/kontaktcenter-i-kommunen/vad-ar-kc/effektivisering/"


def press_until_focused(page, name, limit=60):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_learner_takes_a_quiz_with_the_keyboard_and_sees_the_result(
    page, context, live_server, demo, language
):
    context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    log_in(page, "deltagare", "deltagare", TOPIC)
    assert_no_axe_violations(page)
    start = "Starta quizet" if language == "sv" else "Start the quiz"
    press_until_focused(page, start)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/quiz/forsok/"))
    assert_no_axe_violations(page)

    # Answer the first question by keyboard: Tab into it, type the number.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "q0":
            break
    page.keyboard.type("85")
    # The remaining questions stay unanswered; Tab to "hand in" and press Enter.
    hand_in = "Lämna in" if language == "sv" else "Hand in"
    press_until_focused(page, hand_in, limit=120)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("%")
    assert_no_axe_violations(page)
    expect(page.locator(".quiz__reviewed").first).to_contain_text("✓")
