"""The course page's mindmap is cached per content version and stays cheap at any
size; each learner's states are merged in per request and never cached."""

import gzip
import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.factories import CoursePageFactory, TopicPageFactory, generate_topics
from courses.mindmap_cache import MapMarkup
from courses.models import CoursePage, TopicPage
from ecirkel import caching
from ecirkel.demo import demo_uuid
from progress.activities import activity_for_page
from progress.recording import record
from progress.states import ProgressState
from users.factories import UserFactory

# Routing (site, the page, its ancestors' privacy), session, user, the header's
# links, the attribution of an imported course and the learner's states: the map
# itself is one query on a cached page.
MAX_QUERIES = 10


def node_links(html: str) -> list[str]:
    return re.findall(r'<a class="mindmap__node[^"]*" href="([^"]+)"', html)


def captured(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, [query["sql"] for query in queries]


@pytest.fixture
def demo_and_big(db):
    call_command("load_demo", verbosity=0)
    demo = CoursePage.objects.get(uuid=demo_uuid("kontaktcenter-i-kommunen"))
    big = CoursePageFactory(
        parent=demo.get_parent(), title="Stor kurs", slug="stor-kurs"
    )
    generate_topics(big, 300)
    return demo, big


def test_the_map_takes_the_same_few_queries_for_the_demo_and_300_topics(
    client, learner, demo_and_big
):
    demo, big = demo_and_big
    client.force_login(learner)
    captured(client, demo.url)  # the site's and the header's caches
    captured(client, big.url)
    # After a publish, the first view of each builds its map: a fixed number of
    # queries too.
    caching.content_changed()
    captured(client, "/")  # the site, kept again (ecirkel.sites), not a map
    _response, demo_miss = captured(client, demo.url)
    _response, big_miss = captured(client, big.url)
    assert len(demo_miss) == len(big_miss)
    _response, demo_hit = captured(client, demo.url)
    response, big_hit = captured(client, big.url)
    assert len(demo_hit) == len(big_hit) <= MAX_QUERIES
    assert len(node_links(response.content.decode())) == 300
    # On a cached map no topic or cross-link is read.
    assert not any("courses_topicpage" in sql for sql in big_hit), big_hit
    assert not any("courses_relatedtopic" in sql for sql in big_hit), big_hit


def test_building_the_map_reads_no_topic_body_or_summary(client, learner, course):
    client.force_login(learner)
    _response, queries = captured(client, course.url)
    topics = [sql for sql in queries if "courses_topicpage" in sql]
    assert topics
    for sql in topics:
        # The block types are read inside the database; the body is never selected.
        assert not re.search(r'"courses_topicpage"\."body"\s*(,|FROM)', sql), sql
        assert '"courses_topicpage"."summary"' not in sql


def test_the_map_of_300_topics_is_at_most_100_kb_compressed_with_its_css_and_js(
    client, learner, demo_and_big
):
    _demo, big = demo_and_big
    client.force_login(learner)
    html = client.get(big.url).content
    assets = re.findall(
        rb'<link rel="stylesheet" href="([^"]+)"|<script src="([^"]+)"', html
    )
    files = [(css or js).decode() for css, js in assets]
    assert any(name.endswith("mindmap.js") for name in files)
    total = len(gzip.compress(html))
    for url in files:
        path = finders.find(url.removeprefix(settings.STATIC_URL))
        assert path, url
        with open(path, "rb") as handle:
            total += len(gzip.compress(handle.read()))
    assert total <= 100 * 1024, total


def test_no_learner_sees_another_learners_states_from_the_cached_map(
    client, learner, course
):
    record(
        learner, activity_for_page(TopicPage.objects.get(slug="fordelar")), "completed"
    )
    client.force_login(learner)
    mine = client.get(course.url).content.decode()
    assert mine.count("mindmap__node--completed") == 1
    assert "(klar)" in mine

    other = UserFactory(username="other")
    client.force_login(other)
    response, queries = captured(client, course.url)
    theirs = response.content.decode()
    assert not any("courses_topicpage" in sql for sql in queries)  # the cached map
    assert theirs.count("mindmap__node--not_started") == 4
    assert "mindmap__node--completed" not in theirs and "(klar)" not in theirs
    assert "<!--state:" not in theirs

    client.force_login(learner)
    assert "mindmap__node--completed" in client.get(course.url).content.decode()


def test_a_visitor_and_a_learner_each_get_their_own_map(client, learner, course):
    assert "state-dot" not in client.get(course.url).content.decode()
    client.force_login(learner)
    assert client.get(course.url).content.decode().count("state-dot--not_started") == 5
    client.logout()
    assert "state-dot" not in client.get(course.url).content.decode()


def test_the_map_follows_the_language(client, learner, course):
    client.force_login(learner)
    assert "Ej påbörjad" in client.get(course.url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(course.url).content.decode()
    assert "Not started" in english and "(not started)" in english


def titles(client, course) -> list[str]:
    html = client.get(course.url).content.decode()
    return re.findall(r'<span class="mindmap__title">([^<]*)</span>', html)


def test_publish_unpublish_move_and_delete_show_on_the_next_view(
    client, learner, course
):
    client.force_login(learner)
    assert titles(client, course) == [
        "Vad är KC?",
        "Fördelar",
        "Nackdelar",
        "Förstudie",
    ]

    topic = TopicPage.objects.get(slug="forstudie")
    topic.title = "Förstudien"
    topic.save_revision().publish()
    assert "Förstudien" in titles(client, course)

    topic.unpublish()
    assert "Förstudien" not in titles(client, course)

    topic.save_revision().publish()
    topic.refresh_from_db()
    topic.move(TopicPage.objects.get(slug="vad-ar-kc"), pos="last-child")
    html = client.get(course.url).content.decode()
    assert re.search(
        r"Vad är KC\?</span>.*<ul class=\"mindmap__list\">.*Förstudien", html, re.S
    )
    assert "/testkurs/vad-ar-kc/forstudie/" in node_links(html)

    TopicPage.objects.get(slug="nackdelar").delete()
    assert titles(client, course) == ["Vad är KC?", "Fördelar", "Förstudien"]

    TopicPageFactory(parent=course, title="Nytt ämne", slug="nytt")
    assert titles(client, course)[-1] == "Nytt ämne"


def test_the_flat_loop_writes_the_same_nested_list(client, course):
    parent = TopicPage.objects.get(slug="fordelar")
    TopicPageFactory(parent=parent, title="Djupt", slug="djupt")
    html = client.get(course.url).content.decode()
    nav = re.search(r"<nav aria-labelledby=\"mindmap-heading\".*?</nav>", html, re.S)
    titled = re.sub(r"\s+", "", re.sub(r"<(?!/?(ul|li)\b)[^>]*>", "", nav[0]))
    # Only the list's tags and the titles (and the hidden texts) are left.
    assert titled.count("<ul") == titled.count("</ul>") == 3
    assert titled.count("<li") == titled.count("</li>") == 5
    assert re.search(r"VadärKC\?<ul.*Fördelar<ul.*Djupt</li></ul></li>", titled)


def test_slots_are_filled_per_learner_and_a_title_cannot_make_one():
    html = (
        '<a class="n n--<!--slot:class:1-->"><!--slot:dot:1-->'
        "<span>&lt;!--slot:class:2--&gt;</span><!--slot:label:1--></a>"
        '<a class="n n--<!--slot:class:2-->">'
    )
    markup = MapMarkup.from_html(html, [1, 2], "sv")
    filled = markup.render({1: ProgressState.PASSED})
    assert filled.startswith('<a class="n n--passed"><span class="state-dot ')
    assert "&lt;!--slot:class:2--&gt;" in filled  # an escaped title stays text
    assert "(godkänd)" in filled
    assert filled.endswith('<a class="n n--not_started">')
    assert markup.render({}).count("n--not_started") == 2


@pytest.fixture(autouse=True)
def _db(db):
    """Every test here uses the database (and starts with an empty cache)."""
    cache.clear()


def test_the_cached_map_keeps_a_titles_no_break_space(client, learner, course):
    topic = TopicPage.objects.get(slug="forstudie")
    topic.title = "Svar\u00a0inom 70\u00a0%"
    topic.save_revision().publish()
    client.force_login(learner)
    assert "Svar\u00a0inom 70\u00a0%" in client.get(course.url).content.decode()
