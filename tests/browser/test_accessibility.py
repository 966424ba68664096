"""axe-core finds no WCAG 2.1 A/AA violation on learner pages, in both languages."""

import pytest

from tests.browser.conftest import assert_no_axe_violations, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PAGES = {
    "catalog": "/",
    "mindmap": "/kontaktcenter-i-kommunen/",
    "topic": "/kontaktcenter-i-kommunen/vad-ar-kc/",
    "subtopic": "/kontaktcenter-i-kommunen/projektorganisation/forstudie/",
}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_learner_pages_have_no_wcag_violations(
    page, context, live_server, demo, language
):
    context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto("/konto/logga-in/")
    assert page.locator("html").get_attribute("lang") == language
    assert_no_axe_violations(page)

    page.goto("/")
    assert_no_axe_violations(page)  # the catalog as an anonymous visitor

    log_in(page, "deltagare", "deltagare")
    for name, url in PAGES.items():
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == language, name
        assert_no_axe_violations(page)


def test_mindmap_as_a_list_on_a_phone_has_no_wcag_violations(page, demo):
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, "deltagare", "deltagare", PAGES["mindmap"])
    assert_no_axe_violations(page)
