"""Progress pages in Chromium: the dashboard, the leader's matrix, a certificate."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_dashboard_and_matrix_have_no_wcag_violations(
    page, context, live_server, demo, language
):
    context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    log_in(page, "deltagare", "deltagare", "/kontaktcenter-i-kommunen/vad-ar-kc/")
    page.locator(".topic-done button").click()
    page.goto("/min-utveckling/")
    expect(page.locator("progress")).to_have_attribute("value", "5")
    assert_no_axe_violations(page)
    # The requirements, opened: checked too, and on a phone the table scrolls in its
    # own region instead of the page.
    page.locator(".progress-card summary").first.click()
    expect(page.locator(".progress-card table").first).to_be_visible()
    assert_no_axe_violations(page)
    page.set_viewport_size({"width": 375, "height": 812})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 800})

    context.clear_cookies()
    context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    log_in(page, "cirkelledare", "cirkelledare", "/cirklar/")
    assert_no_axe_violations(page)
    page.locator(".course-card__title a").click()
    assert_no_axe_violations(page)


def test_the_matrix_is_a_real_table_with_headers(page, demo):
    log_in(page, "cirkelledare", "cirkelledare", "/cirklar/")
    page.get_by_role("link", name="Kontaktcentret – nyanställda hösten 2026").click()
    table = page.get_by_role("table")
    expect(table).to_have_count(1)
    expect(table.get_by_role("columnheader")).to_have_count(22)  # learner, %, 20 topics
    expect(table.get_by_role("rowheader")).to_have_count(4)
    expect(table.get_by_role("columnheader", name="Förstudie")).to_be_visible()
    expect(table.get_by_role("rowheader", name="Amina Haddad")).to_be_visible()

    page.get_by_label("Visa").select_option("not_started")
    page.get_by_role("button", name="Filtrera").click()
    expect(table.get_by_role("rowheader")).to_have_count(2)


def test_the_matrix_stays_in_its_box_on_a_phone_with_a_must_pass_topic(page, demo):
    """A must-pass column's hidden "(must be passed)" text is positioned absolutely:
    the scroll box must contain it, or the page grew to 1 070 px at 375."""
    from courses.models import CompletionRequirement, CoursePage, TopicPage

    course = CoursePage.objects.get(slug="kontaktcenter-i-kommunen")
    last = TopicPage.objects.descendant_of(course).live().order_by("-path").first()
    CompletionRequirement.objects.create(course=course, page=last, must_pass=True)
    course.save_revision().publish()
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, "cirkelledare", "cirkelledare", "/cirklar/")
    page.locator(".course-card__title a").click()
    expect(page.get_by_role("table")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_a_learner_completes_a_topic_with_the_keyboard(page, demo):
    log_in(page, "deltagare", "deltagare", "/kontaktcenter-i-kommunen/vad-ar-kc/")
    button = page.get_by_role("button", name="Markera som klar")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Du är klar med det här ämnet.")).to_be_visible()
    page.goto("/kontaktcenter-i-kommunen/")
    expect(page.get_by_role("link", name="Vad är KC? (klar)")).to_be_visible()
