"""Local facts in the browser: the demo's topics show Exempelkommun's values and
pass axe-core (WCAG 2.1 AA) for learners and editors, in Swedish and English, on a
laptop and a phone; an editor changes the phone number with the keyboard alone and
learners see the new number; the report passes axe-core and fits a phone."""

import pytest
from playwright.sync_api import expect
from wagtail.models import Site

from localfacts.models import LocalFacts
from tests.browser.conftest import (
    assert_no_axe_violations,
    assert_tables_fit,
    log_in,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TOPICS = [
    "/kontaktcenter-i-kommunen/projektorganisation/organisation-av-kc/",
    "/kontaktcenter-i-kommunen/arbetssituationen/",
    "/kontaktcenter-i-kommunen/medborgarservice/",
]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_topics_with_local_facts_pass_axe(page, context, live_server, demo, language):
    context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    log_in(page, "deltagare", "deltagare")
    for url in TOPICS:
        page.goto(url)
        assert "[[" not in page.content()
        assert_no_axe_violations(page)
    expect(page.get_by_text("Telefon: 08-465 004 00")).to_be_visible()
    page.set_viewport_size({"width": 375, "height": 812})
    assert_no_axe_violations(page)
    # Nothing wider than the phone: long addresses wrap.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375


def test_missing_facts_pass_axe_for_learners_and_editors(page, demo):
    facts = LocalFacts.for_site(Site.objects.get(is_default_site=True))
    facts.telefon = ""
    facts.save()
    log_in(page, "deltagare", "deltagare", TOPICS[2])
    expect(page.get_by_text("Telefon: kontaktcentrets telefonnummer")).to_be_visible()
    assert_no_axe_violations(page)
    page.context.clear_cookies()
    log_in(page, "redaktor", "redaktor", TOPICS[2])
    expect(page.locator("mark.localfact--missing").first).to_have_text("[[telefon]]")
    assert_no_axe_violations(page)


def test_an_editor_changes_the_phone_number_with_the_keyboard(page, demo):
    log_in(page, "redaktor", "redaktor", "/admin/lokala-uppgifter/")
    expect(
        page.get_by_role("heading", name="Lokala uppgifter i kurser", level=1)
    ).to_be_visible()
    assert_no_axe_violations(page)
    link = page.get_by_role("link", name="Fyll i de lokala uppgifterna")
    for _ in range(80):  # Tab until the link has focus, as a keyboard user would
        page.keyboard.press("Tab")
        if link.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached “Fyll i de lokala uppgifterna”.")
    page.keyboard.press("Enter")
    expect(
        page.get_by_role("heading", name="Lokala uppgifter", level=1)
    ).to_be_visible()
    assert_no_axe_violations(page)
    phone = page.get_by_label("Kontaktcentrets telefonnummer")
    for _ in range(80):
        page.keyboard.press("Tab")
        if phone.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the phone number.")
    page.keyboard.press("Control+A")
    page.keyboard.type("036-10 50 00")
    save = page.get_by_role("button", name="Spara")
    for _ in range(120):
        page.keyboard.press("Tab")
        if save.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached “Spara”.")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_label("Kontaktcentrets telefonnummer")).to_have_value(
        "036-10 50 00"
    )
    assert LocalFacts.for_site(Site.objects.get(is_default_site=True)).telefon == (
        "036-10 50 00"
    )
    page.goto(TOPICS[2])
    expect(page.get_by_text("Telefon: 036-10 50 00")).to_be_visible()


def test_the_report_fits_a_phone(page, demo):
    """At 375 px each fact is a block under its placeholder, its cells labelled;
    on a laptop the table has its columns and the labels are its header."""
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, "redaktor", "redaktor", "/admin/lokala-uppgifter/")
    assert_tables_fit(page)
    row = page.get_by_role("row", name="[[telefon]]")
    expect(row.get_by_text("Värde i den här installationen")).to_be_visible()
    expect(row.get_by_text("08-465 004 00")).to_be_visible()
    expect(row.get_by_text("Används i")).to_be_visible()
    assert_no_axe_violations(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(row.get_by_text("Värde i den här installationen")).to_be_hidden()
    expect(
        page.get_by_role("columnheader", name="Värde i den här installationen").first
    ).to_be_visible()
