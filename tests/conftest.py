import os
import shutil

import pytest
from wagtail.models import Page, PageViewRestriction, Site

from courses.factories import CatalogPageFactory, CoursePageFactory, TopicPageFactory
from users.factories import UserFactory
from users.roles import CIRCLE_LEADER, EDITOR, LEARNER


@pytest.fixture
def catalog(db):
    """A course catalog as the root of the default site, as the demo loader makes it."""
    root = Page.get_first_root_node()
    catalog = CatalogPageFactory(parent=root, slug="kurser")
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": catalog},
    )
    return catalog


@pytest.fixture
def course(catalog):
    """A public course: two main topics, one with two subtopics."""
    course = CoursePageFactory(parent=catalog, title="Testkurs", slug="testkurs")
    first = TopicPageFactory(parent=course, title="Vad är KC?", slug="vad-ar-kc")
    TopicPageFactory(parent=first, title="Fördelar", slug="fordelar")
    TopicPageFactory(parent=first, title="Nackdelar", slug="nackdelar")
    TopicPageFactory(parent=course, title="Förstudie", slug="forstudie")
    return course


@pytest.fixture
def private_course(course):
    PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.LOGIN
    )
    return course


@pytest.fixture
def learner(db):
    return UserFactory(username="lisa", roles=[LEARNER])


@pytest.fixture
def circle_leader(db):
    return UserFactory(username="leo", roles=[CIRCLE_LEADER])


@pytest.fixture
def editor(db):
    return UserFactory(username="erik", roles=[EDITOR])


# --- Browser tests --------------------------------------------------------------------
# They drive Debian's Chromium through Playwright. Without Chromium they are skipped
# with a visible message; with ECIRKEL_REQUIRE_BROWSER=1 (CI) a missing Chromium is
# an error.

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
BROWSER_REQUIRED = os.environ.get("ECIRKEL_REQUIRE_BROWSER") == "1"
NO_CHROMIUM = "Chromium not found: browser tests skipped (install Debian's chromium)"


def pytest_report_header(config):
    if CHROMIUM:
        return f"browser tests: Chromium at {CHROMIUM}"
    return f"browser tests: SKIPPED. {NO_CHROMIUM}"


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if "browser" in item.keywords]
    if CHROMIUM or not browser_items:
        return
    if BROWSER_REQUIRED:
        raise pytest.UsageError(f"ECIRKEL_REQUIRE_BROWSER=1 but {NO_CHROMIUM}")
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=NO_CHROMIUM))


def pytest_terminal_summary(terminalreporter):
    if not CHROMIUM:
        terminalreporter.write_line(f"WARNING: {NO_CHROMIUM}", yellow=True, bold=True)
