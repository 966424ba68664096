"""Feedback in Chromium: "Ge synpunkter" opened and sent in place with the keyboard
alone, focus and announcements, Mina synpunkter, and axe-core on each, in Swedish
and English."""

import pytest
from playwright.sync_api import expect

from feedback.models import Feedback, FeedbackReply
from tests.browser.conftest import assert_no_axe_violations, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TOPIC = "/kontaktcenter-i-kommunen/vad-ar-kc/"


def set_language(context, live_server, language):
    context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )


@pytest.fixture
def demo(demo):
    """The demo with its replies already read; returns its own feedback's ids, so
    what a test sends and answers is all that is new."""
    FeedbackReply.objects.update(seen=True)
    return set(Feedback.objects.values_list("pk", flat=True))


def new_feedback(demo):
    """Feedback sent during the test (the demo brings its own)."""
    return Feedback.objects.exclude(pk__in=demo)


def test_feedback_is_given_in_place_with_the_keyboard(page, demo):
    log_in(page, "deltagare", "deltagare", TOPIC)
    toggle = page.get_by_role("button", name="Ge synpunkter")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    heading = page.get_by_role("heading", name="Synpunkter på ”Vad är KC?”")
    expect(heading).to_be_focused()

    # Sent empty: the errors are announced and take the focus; nothing is stored.
    send = page.get_by_role("button", name="Skicka synpunkter")
    send.focus()
    page.keyboard.press("Enter")
    # Focus alone announces them (an alert role as well would read them twice).
    errors = page.locator("[data-feedback-errors]")
    expect(errors).to_be_focused()
    expect(errors).not_to_have_attribute("role", "alert")
    expect(page.get_by_text("Välj vad dina synpunkter gäller.")).to_be_visible()
    assert not new_feedback(demo).exists()

    # The kind, a rating and the text, moving with Tab and the arrow keys only.
    page.keyboard.press("Tab")
    expect(page.get_by_role("radio", name="Fel i innehållet")).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("radio", name="Förslag")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_role("radio", name="Inget betyg")).to_be_focused()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    expect(page.get_by_role("radio", name="4")).to_be_checked()
    page.keyboard.press("Tab")
    text = page.get_by_role("textbox", name="Dina synpunkter")
    expect(text).to_be_focused()
    page.keyboard.type("Lägg till telefontiderna.")
    expect(page.get_by_text("Använda tecken: 25")).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(page.get_by_role("checkbox", name="Skicka anonymt")).to_be_checked()
    page.keyboard.press("Tab")
    expect(send).to_be_focused()
    page.keyboard.press("Enter")

    thanks = page.get_by_role("heading", name="Tack för dina synpunkter!")
    expect(thanks).to_be_focused()
    # The focused heading is the announcement: the live region does not repeat the
    # thanks or read back the learner's own text.
    page.wait_for_timeout(300)
    for status in page.get_by_role("status").all():
        assert "Tack" not in status.text_content()
        assert "telefontiderna" not in status.text_content()
    assert page.url.endswith(TOPIC)  # still on the topic
    # Sent: the toggle is gone (hidden wins over the button's display).
    expect(toggle).to_be_hidden()
    feedback = new_feedback(demo).get()
    assert (feedback.kind, feedback.rating, feedback.anonymous) == (
        "suggestion",
        4,
        True,
    )
    assert feedback.sender is None


def test_cancel_closes_the_form_and_returns_focus(page, demo):
    log_in(page, "deltagare", "deltagare", TOPIC)
    toggle = page.get_by_role("button", name="Ge synpunkter")
    toggle.click()
    page.get_by_role("button", name="Avbryt").click()
    expect(toggle).to_be_focused()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("textbox", name="Dina synpunkter")).to_have_count(0)


def test_escape_folds_the_form_away_keeping_the_text(page, demo):
    log_in(page, "deltagare", "deltagare", TOPIC)
    toggle = page.get_by_role("button", name="Ge synpunkter")
    toggle.click()
    text = page.get_by_role("textbox", name="Dina synpunkter")
    text.click()
    page.keyboard.type("Halvskriven mening")
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
    expect(text).to_be_hidden()
    # Opened again from the keyboard: the text is still there (Esc is easily
    # pressed by accident), and Esc folds it away from the heading too.
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(text).to_have_value("Halvskriven mening")
    heading = page.get_by_role("heading", name="Synpunkter på ”Vad är KC?”")
    expect(heading).to_be_focused()
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()


def test_without_javascript_the_form_is_a_page_of_its_own(browser, live_server, demo):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    log_in(page, "deltagare", "deltagare", TOPIC)
    page.get_by_role("link", name="Ge synpunkter").click()
    expect(page.get_by_role("heading", level=1, name="Ge synpunkter")).to_be_visible()
    page.get_by_role("radio", name="Beröm").check()
    page.get_by_role("textbox", name="Dina synpunkter").fill("Bra exempel!")
    page.get_by_role("button", name="Skicka synpunkter").click()
    expect(
        page.get_by_role("heading", name="Tack för dina synpunkter!")
    ).to_be_visible()
    page.get_by_role("link", name="Tillbaka till ”Vad är KC?”").click()
    assert page.url.endswith(TOPIC)
    context.close()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_feedback_pages_have_no_wcag_violations(
    page, context, live_server, demo, language
):
    set_language(context, live_server, language)
    log_in(page, "deltagare", "deltagare", TOPIC)
    page.locator("[data-feedback] button").click()
    expect(page.locator("[data-feedback-form]")).to_be_visible()
    assert_no_axe_violations(page)  # the form in place
    page.locator("[data-feedback-form] button[type=submit]").click()
    expect(page.locator("[data-feedback-errors]")).to_be_visible()
    assert_no_axe_violations(page)  # with errors

    page.goto(f"/synpunkter/ny/?sida={topic_id()}")
    assert_no_axe_violations(page)  # the form's own page
    page.locator("input[value=praise]").check()
    page.locator("textarea").fill("Tydligt och bra.")
    page.locator("[data-feedback-form] button[type=submit]").click()
    expect(page.locator("[data-feedback-sent]")).to_be_visible()
    assert_no_axe_violations(page)  # the confirmation

    feedback = new_feedback(demo).latest("pk")
    FeedbackReply.objects.create(feedback=feedback, text="Tack, vi tar med det.")
    page.goto("/mina-synpunkter/")
    expect(page.locator(".reply--new")).to_have_count(1)
    assert_no_axe_violations(page)


def topic_id() -> int:
    from wagtail.models import Page

    return Page.objects.get(url_path__endswith="/vad-ar-kc/").pk


def test_mina_synpunkter_with_the_keyboard(page, demo):
    log_in(page, "deltagare", "deltagare", TOPIC)
    page.get_by_role("button", name="Ge synpunkter").click()
    page.get_by_role("radio", name="Fel i innehållet").check()
    page.get_by_role("textbox", name="Dina synpunkter").fill("Stavfel i rubriken.")
    page.get_by_role("button", name="Skicka synpunkter").click()
    expect(
        page.get_by_role("heading", name="Tack för dina synpunkter!")
    ).to_be_focused()
    FeedbackReply.objects.create(
        feedback=new_feedback(demo).get(), text="Tack, nu är det rättat."
    )
    page.goto("/min-utveckling/")
    link = page.get_by_role("link", name="Mina synpunkter")
    expect(page.get_by_text("1 nytt svar")).to_be_visible()
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Mina synpunkter")).to_be_visible()
    expect(page.get_by_text("Nytt svar")).to_be_visible()
    expect(page.get_by_text("Tack, nu är det rättat.")).to_be_visible()
    page.keyboard.press("Tab")  # the skip link first, then on through the page
    expect(page.get_by_role("link", name="Vad är KC?").last).to_be_visible()
