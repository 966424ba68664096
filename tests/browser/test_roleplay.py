"""A learner plays a demo practice call to its end with the keyboard alone."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TOPIC = "/kontaktcenter-i-kommunen/medborgarservice/"


def tab_to(page, text, limit=150):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()").startswith(text):
            return
    raise AssertionError(f"Tab never reached {text!r}")


def test_a_learner_plays_a_call_to_the_end_with_the_keyboard(page, demo):
    log_in(page, "deltagare", "deltagare", TOPIC)
    tab_to(page, "Ta samtalet")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/rollspel/forsok/"))
    expect(page.get_by_role("heading", name="Karin, 86 år säger")).to_be_visible()
    assert_no_axe_violations(page)

    tab_to(page, "Hej Karin, vad bra att du ringde")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("hälsan först")
    tab_to(page, "Jag ringer hemtjänstens samordnare direkt")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Utfall")).to_be_visible()
    expect(page.get_by_text(re.compile("^Du hanterade samtalet: "))).to_be_visible()
    expect(page.get_by_role("table").get_by_role("rowheader")).to_have_count(3)
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_print_cards_have_no_wcag_violations(
    page, context, live_server, demo, language
):
    context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    log_in(page, "deltagare", "deltagare", TOPIC)
    page.locator(".quiz-card a[href*='/kort/']").first.click()
    expect(page.locator(".card")).to_have_count(3)
    assert_no_axe_violations(page)


def test_a_practice_call_works_on_a_phone(page, demo):
    page.set_viewport_size({"width": 375, "height": 740})
    log_in(page, "deltagare", "deltagare", TOPIC)
    page.get_by_role("button", name="Ta samtalet").click()
    choice = page.get_by_role("button", name=re.compile("^Hej Karin"))
    box = choice.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375  # nothing off-screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    choice.click()
    page.get_by_role("button", name=re.compile("^Jag ringer hemtjänstens")).click()
    expect(page.get_by_text(re.compile("^Du hanterade samtalet: "))).to_be_visible()
    assert_no_axe_violations(page)
