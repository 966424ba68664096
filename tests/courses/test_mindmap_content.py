"""Lectures, quizzes and practice calls are marked where learners look for them: on
their topic's node in the mindmap, in its legend and in a topic's list of subtopics."""

import json
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.factories import CoursePageFactory, TopicPageFactory
from courses.models import CoursePage, TopicPage
from ecirkel.demo import demo_uuid
from lectures.models import LecturePage
from quizzes.models import Quiz

COURSE_URL = "/kontaktcenter-i-kommunen/"


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def lecture() -> LecturePage:
    return LecturePage.objects.get(uuid=demo_uuid("projektets-steg"))


def node_html(html: str, title: str) -> str:
    """The mindmap link of the topic ``title``."""
    for link in re.findall(r'<a class="mindmap__node.*?</a>', html, re.S):
        if f'<span class="mindmap__title">{title}</span>' in link:
            return link
    raise AssertionError(f"no node for {title}")


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_the_mindmap_marks_each_topic_with_what_it_holds(client, demo, learner):
    client.force_login(learner)
    html = client.get(COURSE_URL).content.decode()
    node = node_html(html, "Projektorganisation")
    assert 'href="#content-icon-lecture"' in node
    assert "innehåller: Föreläsning" in text(node)
    both = text(node_html(html, "Relationer till förvaltningar"))
    assert "innehåller: Quiz , Övningssamtal" in both
    assert "content-mark" not in node_html(html, "Förstudie")
    # One icon sprite on the page, whatever the number of marks.
    assert html.count('id="content-icon-lecture"') == 1


def test_the_legend_names_every_state_and_every_kind_of_content(client, demo, learner):
    client.force_login(learner)
    html = client.get(COURSE_URL).content.decode()
    legend = re.search(r'<ul class="legend".*?</ul>', html, re.S).group(0)
    for state in ("not_started", "started", "completed", "passed"):
        assert f"state-dot--{state}" in legend
    assert text(legend) == (
        "Ej påbörjad Påbörjad Klar Godkänd Föreläsning Quiz Övningssamtal"
    )


def test_an_anonymous_visitor_sees_the_content_legend_without_the_states(
    client, course
):
    quiz = Quiz.objects.create(title="Ett quiz")
    TopicPageFactory(
        parent=course,
        title="Med quiz",
        body=json.dumps([{"type": "quiz", "value": {"quiz": quiz.pk}}]),
    )
    html = client.get(course.url).content.decode()
    legend = re.search(r'<ul class="legend".*?</ul>', html, re.S).group(0)
    assert text(legend) == "Quiz"
    assert "state-dot" not in html


def test_the_subtopic_list_marks_what_each_subtopic_holds(client, demo, learner):
    client.force_login(learner)
    topic = TopicPage.objects.get(uuid=demo_uuid("arbetssituationen"))
    html = client.get(topic.url).content.decode()
    section = re.search(
        r'aria-labelledby="subtopics-heading">.*?</section>', html, re.S
    ).group(0)
    items = {
        text(re.search(r"<a [^>]*>(.*?)</a>", item, re.S).group(1)): text(item)
        for item in re.findall(r"<li>(.*?)</li>", section, re.S)
    }
    assert "innehåller: Quiz , Övningssamtal" in items["Relationer till förvaltningar"]
    assert "innehåller" not in items["Rekrytering"]
    assert 'href="#content-icon-roleplay"' in section
    assert 'id="content-icon-roleplay"' in html  # the icons it refers to


def test_marks_cost_no_query_per_topic(client, demo, learner):
    """Marks come from the stored block types, never from the quizzes they name."""
    demo_course = CoursePage.objects.get(uuid=demo_uuid("kontaktcenter-i-kommunen"))
    quiz = Quiz.objects.first()
    big = CoursePageFactory(
        parent=demo_course.get_parent(), title="Stor kurs", slug="stor-kurs"
    )
    body = json.dumps(
        [
            {"type": "quiz", "value": {"quiz": quiz.pk}},
            {"type": "lecture", "value": {"lecture": lecture().pk}},
        ]
    )
    for number in range(10):
        main = TopicPageFactory(parent=big, title=f"Huvudämne {number}", body=body)
        for leaf in range(19):
            TopicPageFactory(parent=main, title=f"Ämne {number}.{leaf}", body=body)
    assert big.get_topics().count() == 200

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    client.force_login(learner)
    count(demo_course.url)  # warm the site-root cache for both
    html = client.get(big.url).content.decode()
    assert html.count('href="#content-icon-quiz"') == 201  # 200 nodes and the legend
    assert count(big.url) == count(demo_course.url)
