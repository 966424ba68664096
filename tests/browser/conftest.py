import os

import pytest
from django.core.management import call_command
from django.test.testcases import _MediaFilesHandler

from tests.conftest import CHROMIUM

# Django's live test server answers media itself with static.serve, before any
# middleware: it ignores Range requests (a video cannot seek) and who is asking (a
# private course's video would be public). Let the site's own view serve them, as in
# development and production.
_MediaFilesHandler._should_handle = lambda handler, path: False

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests
    # make themselves (fixtures, assertions) are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def demo(migrated_db):
    call_command("load_demo", verbosity=0)


@pytest.fixture
def context(browser, live_server, migrated_db):
    # Depending on the database fixture makes the browser close before the database is
    # flushed, so a page's last request (the lecture player's report) never meets an
    # emptied database. migrated_db (not bare transactional_db) brings back the rows
    # the migrations made (the root page, the locale) that the previous browser
    # test's flush removed, so fixtures such as `catalog` work in any test order.
    # bypass_csp: Playwright's wait_for_function evaluates its predicate with eval(),
    # which the site's Content-Security-Policy refuses. tests/browser/test_csp.py
    # checks the pages under the policy in a context of its own.
    context = browser.new_context(
        base_url=live_server.url, locale="sv-SE", bypass_csp=True
    )
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


def log_in(page, username: str, password: str, next_url: str = "/") -> None:
    page.goto(f"/konto/logga-in/?next={next_url}")
    # By field name, so the helper works in either language.
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"**{next_url}")


def assert_no_axe_violations(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_TAGS},
            "resultTypes": ["violations"],
        },
    )
    assert results.violations_count == 0, results.generate_report()


def assert_tables_fit(page) -> None:
    """Every table cell in the page's main area lies inside the window: nothing is
    cut off at the side (the admin's main area hides what overflows)."""
    width = page.evaluate("window.innerWidth")
    cut = page.evaluate(
        "() => [...document.querySelectorAll('main table tbody :is(th, td)')]"
        ".filter(cell => cell.getBoundingClientRect().right > window.innerWidth + 1)"
        ".map(cell => cell.innerText.slice(0, 40))"
    )
    assert page.locator("main table tbody").count(), "no table on the page"
    assert cut == [], f"cells cut off at {width} px: {cut}"
