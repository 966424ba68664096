import json
import os
import shutil
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from wagtail.models import Page, PageViewRestriction, Site

from courses.factories import CatalogPageFactory, CoursePageFactory, TopicPageFactory
from users.factories import UserFactory
from users.roles import CIRCLE_LEADER, EDITOR, LEARNER

# Third-party test inputs (captions, GIFT, Aiken), kept in the repository with their
# sources and licences in tests/fixtures/README.md.
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def fixture_bytes(name: str) -> bytes:
    """The bytes of tests/fixtures/NAME; a missing file fails the test (no skip)."""
    path = FIXTURES / name
    if not path.is_file():
        pytest.fail(
            f"The test fixture tests/fixtures/{name} is missing: restore it from git "
            "(see tests/fixtures/README.md).",
            pytrace=False,
        )
    return path.read_bytes()


@pytest.fixture(scope="session")
def migrated_state(django_db_setup, django_db_blocker):
    """The database as the migrations left it (root page, locale, roles …)."""
    from django.db import connection

    with django_db_blocker.unblock():
        return connection.creation.serialize_db_to_string()


@pytest.fixture
def migrated_db(transactional_db, migrated_state):
    """A transactional test's database, starting from the migrated state.

    Transactional tests (browser tests, concurrency tests) commit their data, and the
    flush after each one removes the rows data migrations made too. Django's
    serialized_rollback would restore them, but it keeps its copy on the connection
    object, which Playwright's event loop in this thread can replace; this keeps
    its own.
    """
    from django.apps import apps
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection

    # A flush that ran post_migrate makes a root page again, but not the roles the
    # data migrations made: both must be there.
    if Page.objects.filter(depth=1).exists() and Group.objects.exists():
        return
    # The flush after the previous test re-created content types through post_migrate;
    # start from exactly the migrated state instead.
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    connection.creation.deserialize_db_from_string(migrated_state)
    ContentType.objects.clear_cache()  # the ids are the migrated ones again
    # Rows came back with their ids; move the sequences past them (PostgreSQL).
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(sql)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache (rate limits count in it)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _rate_limit_clock_stands_still(monkeypatch):
    """django-ratelimit counts in windows (a minute, an hour) read off the clock; a
    test's requests could straddle the end of one and the count begin again (a CI run
    did), so within a test its clock stands still."""
    from django_ratelimit import core

    now = time.time()
    monkeypatch.setattr(core, "time", SimpleNamespace(time=lambda: now))


@pytest.fixture(autouse=True)
def _site_language():
    """Every test starts in the site's language: a request in English leaves English
    active in the test's thread, which would otherwise leak into the next test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


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


@pytest.fixture
def circle(course, circle_leader, learner):
    """The circle leader's circle, following the course, with the learner in it."""
    from circles.models import CircleMembership, StudyCircle

    circle = StudyCircle(name="Cirkel A", leader=circle_leader)
    circle.courses.set([course])
    circle.save()
    CircleMembership.objects.create(circle=circle, user=learner)
    return circle


@pytest.fixture
def other_circle(course):
    """A circle with another leader and another learner."""
    from circles.models import CircleMembership, StudyCircle

    leader = UserFactory(username="olle", roles=[CIRCLE_LEADER])
    circle = StudyCircle(name="Cirkel B", leader=leader)
    circle.courses.set([course])
    circle.save()
    CircleMembership.objects.create(
        circle=circle, user=UserFactory(username="stina", roles=[LEARNER])
    )
    return circle


@pytest.fixture
def lecture(course, settings, tmp_path):
    """A published lecture in the course: the demo video, Swedish captions, chapters."""
    from django.core.files import File
    from wagtailmedia.models import get_media_model

    from lectures.demo import LECTURE
    from lectures.models import CaptionTrack, Chapter, LecturePage

    settings.MEDIA_ROOT = tmp_path
    with LECTURE["video"].open("rb") as handle:
        video = get_media_model().objects.create(
            title="Video",
            type="video",
            duration=90.2,
            file=File(handle, name="steg.webm"),
        )
    lecture = LecturePage(
        title="Projektets steg",
        slug="steg",
        summary="Stegen i projektet.",
        video=video,
        duration=90.2,
    )
    lecture.caption_tracks = [
        CaptionTrack(language="sv", vtt=LECTURE["captions"].read_text(encoding="utf-8"))
    ]
    lecture.chapters = [
        Chapter(start=0, title="Början"),
        Chapter(start=45.3, title="Resurser"),
    ]
    course.add_child(instance=lecture)
    lecture.save_revision().publish()
    return lecture


def place_on_topic(parent, obj, block_type: str, field: str, slug: str | None = None):
    """A live topic under ``parent`` whose body holds ``obj`` in a ``block_type`` block
    (a quiz or a practice call is recorded per page that places it)."""
    slug = slug or f"ovning-{block_type}-{obj.pk}"
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    body = json.dumps([{"type": block_type, "value": {field: obj.pk}}])
    return TopicPageFactory(parent=parent, title=f"Övning: {obj}", slug=slug, body=body)


def placement(obj):
    """A topic that places ``obj`` (a quiz or a scenario), in the first course or
    catalog there is."""
    parent = (
        Page.objects.filter(depth=3).first() or Page.objects.filter(depth=2).first()
    )
    return place_on_topic(parent or Page.get_first_root_node(), obj, *block_of(obj))


def block_of(obj) -> tuple[str, str]:
    """(block type, chooser field) of the block that places a quiz or a scenario."""
    if obj._meta.model_name == "quiz":
        return "quiz", "quiz"
    return "roleplay", "scenario"


@pytest.fixture
def placed(course):
    """``placed(quiz)`` / ``placed(scenario)``: a topic of ``course`` that places it."""

    def place(obj, parent=None):
        return place_on_topic(parent or course, obj, *block_of(obj))

    return place
