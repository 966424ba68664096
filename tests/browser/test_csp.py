"""The pages work under their Content-Security-Policy in Chromium: no violations."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COURSE = "/kontaktcenter-i-kommunen/"
TOPIC = "/kontaktcenter-i-kommunen/vad-ar-kc/"
LECTURE = "/kontaktcenter-i-kommunen/projektorganisation/projektets-steg/"
QUIZ_TOPIC = "/kontaktcenter-i-kommunen/vad-ar-kc/effektivisering/"

# Runs before the page's own scripts (Playwright injects it outside the policy).
LISTEN = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def context(browser, live_server, transactional_db):
    """Like conftest's, but under the site's policy (no bypass_csp), so no
    wait_for_function here: Playwright evaluates its predicates with eval()."""
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    context.set_default_timeout(10_000)
    yield context
    context.close()


def wait_until(page, expression: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not page.evaluate(f"() => Boolean({expression})"):
        assert time.monotonic() < deadline, f"never true: {expression}"
        page.wait_for_timeout(100)


def script_src(header: str) -> list[str]:
    for directive in header.split(";"):
        name, *values = directive.split()
        if name == "script-src":
            return values
    raise AssertionError(f"no script-src in {header!r}")


def test_catalog_mindmap_topic_lecture_and_quiz_report_no_violations(page, demo):
    console = []

    def on_console(message):
        if "Content Security Policy" in message.text:
            console.append(message.text)

    page.on("console", on_console)
    page.add_init_script(LISTEN)
    log_in(page, "deltagare", "deltagare", "/")

    def visit(url):
        response = page.goto(url)
        assert "content-security-policy" in response.headers, url
        assert script_src(response.headers["content-security-policy"]) == ["'self'"]
        page.wait_for_load_state("load")
        assert page.evaluate("window.cspViolations") == [], url

    visit("/")
    visit(COURSE)
    # The mindmap's inline style attributes apply: nodes are placed, not stacked.
    lefts = page.locator("a.mindmap__node").evaluate_all(
        "nodes => nodes.map(n => getComputedStyle(n).left)"
    )
    assert len(set(lefts)) > 3
    visit(TOPIC)
    visit(LECTURE)
    wait_until(page, "document.querySelector('video').readyState >= 1")
    visit(QUIZ_TOPIC)
    page.get_by_role("button", name="Starta quizet").click()
    expect(page).to_have_url(re.compile(r"/quiz/forsok/"))
    page.wait_for_load_state("load")
    assert page.evaluate("window.cspViolations") == []
    assert console == []

    # The listener is live: an inline script is refused and reported.
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.inlineRan = true";
            document.body.append(script);
        }"""
    )
    wait_until(page, "window.cspViolations.length > 0")
    assert page.evaluate("window.inlineRan") is None
    assert page.evaluate("window.cspViolations")[0].startswith("script-src")
