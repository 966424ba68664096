"""What a learner's page costs in SQL, and that it does not grow with the course.

Each learner page (topic, lecture, quiz attempt and result, practice call, Min
utveckling, search) is read with at most ``MAX_QUERIES`` statements, and with exactly
as many for the demo course as for a large generated one (many topics on several
levels, a long quiz, many learners with progress). A repeat visit to a page the
learner has already started writes nothing.

Counts are of a repeat request (the learner's second look at the page), the steady
state a server is in: the first request after a publish builds the cached fragments.
"""

import json
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.factories import CoursePageFactory, TopicPageFactory, generate_topics
from courses.models import CatalogPage, CoursePage, TopicPage
from lectures.models import CaptionTrack, Chapter, LecturePage
from progress.activities import activity_for_page
from progress.models import Activity, ActivityProgress, Statement
from progress.recording import record
from quizzes.factories import make_question, make_quiz
from quizzes.models import Quiz
from roleplays.models import Scenario
from users.factories import UserFactory
from users.roles import LEARNER

MAX_QUERIES = 10
WRITES = ("INSERT", "UPDATE", "DELETE", "SAVEPOINT", "RELEASE", "BEGIN", "COMMIT")
PAGES = (
    "topic",
    "lecture",
    "quiz attempt",
    "quiz result",
    "practice call",
    "min utveckling",
    "search",
)


def placing(course, block_type: str) -> TopicPage:
    """The first live topic of ``course`` whose body holds a ``block_type`` block."""
    for topic in course.get_topics():
        if any(block["type"] == block_type for block in topic.body.raw_data):
            return topic
    raise AssertionError(f"{course.title} places no {block_type}")


def build_large_course(catalog, demo_topic) -> CoursePage:
    """A course of 90 topics on four levels, with the demo's lecture, a quiz of 40
    questions and the demo's practice call placed deep in it, 40 learners with
    progress in every topic, and a started topic with 30 subtopics and tags."""
    course = CoursePageFactory(parent=catalog, title="Stor kurs", slug="stor-kurs")
    topics = generate_topics(course, 60, per_branch=9)
    deep = topics[1]
    for level in range(3):
        deep = TopicPageFactory(parent=deep, title=f"Djupt ämne {level}")
    # The demo's started topic again (the same body, with its lecture), deeper,
    # with more subtopics and tags.
    body = json.dumps(demo_topic.body.get_prep_value())
    crowded = TopicPageFactory(parent=deep, title="Många delämnen", body=body)
    crowded.tags.add("bygglov", "hemtjänst", "skola")
    crowded.save_revision().publish()
    for number in range(30):
        TopicPageFactory(parent=crowded, title=f"Delämne {number}")
    # A lecture deep in the large course, with the demo lecture's video and captions.
    demo_lecture = LecturePage.objects.live().get()
    lecture = LecturePage(
        title="Stor föreläsning",
        slug="stor-forelasning",
        summary=demo_lecture.summary,
        video=demo_lecture.video,
        poster=demo_lecture.poster,
        duration=demo_lecture.duration,
        description=demo_lecture.description,
    )
    lecture.caption_tracks = [
        CaptionTrack(language=track.language, vtt=track.vtt)
        for track in demo_lecture.caption_tracks.all()
    ]
    lecture.chapters = [
        Chapter(start=chapter.start + n, title=f"{chapter.title} {n}")
        for n in range(0, 20, 10)
        for chapter in demo_lecture.chapters.all()
    ]
    crowded.add_child(instance=lecture)
    lecture.save_revision().publish()
    quiz = make_quiz(
        [
            make_question(
                text=f"Fråga {n}?",
                options=["Ja", "Nej", "Kanske"],
                right=["Ja"],
                tags=["stor"],
            )
            for n in range(40)
        ],
        title="Stort quiz",
        live=True,
    )
    scenario = Scenario.objects.filter(live=True).first()
    for block_type, field, obj in (
        ("quiz", "quiz", quiz),
        ("roleplay", "scenario", scenario),
    ):
        body = json.dumps([{"type": block_type, "value": {field: obj.pk}}])
        TopicPageFactory(parent=deep, title=f"Övning {block_type}", body=body)
    learners = [UserFactory(roles=[LEARNER]) for _ in range(40)]
    all_topics = list(course.get_topics())
    activities = [activity_for_page(topic) for topic in all_topics]
    ActivityProgress.objects.bulk_create(
        ActivityProgress(user=user, activity=activity, state="completed")
        for user in learners
        for activity in activities
    )
    return CoursePage.objects.get(pk=course.pk)


@pytest.fixture
def worlds(db, settings, tmp_path):
    """The demo course and a large course, each with its pages to visit."""
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", verbosity=0)
    demo = CoursePage.objects.get()
    catalog = CatalogPage.objects.get()
    demo_pages = pages_of(demo)
    large = build_large_course(catalog, demo_pages["topic"])
    return {"demo": demo_pages, "large": pages_of(large)}


def pages_of(course) -> dict:
    topics = list(course.get_topics())
    started = max(topics, key=lambda t: t.get_children().count())
    return {
        "course": course,
        "topic": started,
        "lecture": LecturePage.objects.live().descendant_of(course).first(),
        "quiz page": placing(course, "quiz"),
        "call page": placing(course, "roleplay"),
    }


def block_pk(page, block_type: str, field: str) -> int:
    return next(
        block["value"][field]
        for block in page.body.raw_data
        if block["type"] == block_type
    )


def visits(client, learner, world) -> dict:
    """Each learner page's address for ``learner``, after one look at each."""
    quiz = Quiz.objects.get(pk=block_pk(world["quiz page"], "quiz", "quiz"))
    scenario = Scenario.objects.get(
        pk=block_pk(world["call page"], "roleplay", "scenario")
    )
    started = client.post(
        reverse("quizzes:start", args=[quiz.uuid]), {"page": world["quiz page"].pk}
    )
    assert started.status_code == 302, started
    attempt_url = started["Location"]
    # A second attempt, submitted, for the result page.
    done = client.post(
        reverse("quizzes:start", args=[quiz.uuid]), {"page": world["quiz page"].pk}
    )
    assert done["Location"] == attempt_url  # resumed: submit it, then start again
    client.post(attempt_url, {"submit": "1"})
    result_url = attempt_url
    if quiz.max_attempts is None or quiz.max_attempts > 1:
        again = client.post(
            reverse("quizzes:start", args=[quiz.uuid]), {"page": world["quiz page"].pk}
        )
        attempt_url = again["Location"]
    call = client.post(
        reverse("roleplays:start", args=[scenario.uuid]),
        {"page": world["call page"].pk},
    )
    assert call.status_code == 302, call
    urls = {
        "topic": world["topic"].url,
        "lecture": world["lecture"].url,
        "quiz attempt": attempt_url,
        "quiz result": result_url,
        "practice call": call["Location"],
        "min utveckling": reverse("dashboard:index"),
        "search": reverse("search") + "?q=kontaktcenter",
    }
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
    return urls


def count(client, url) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries), [q["sql"] for q in queries]


def test_each_learner_page_costs_the_same_few_queries_in_a_small_and_a_large_course(
    client, worlds
):
    learner = UserFactory(username="mätare", roles=[LEARNER])
    client.force_login(learner)
    counts = {}
    for world_name, world in worlds.items():
        urls = visits(client, learner, world)
        counts[world_name] = {name: count(client, url) for name, url in urls.items()}
    summary = {
        name: (counts["demo"][name][0], counts["large"][name][0]) for name in PAGES
    }
    if os.environ.get("ECIRKEL_DUMP_QUERIES"):  # a directory to write them to
        for world_name, pages in counts.items():
            for name, (_n, sql) in pages.items():
                path = Path(os.environ["ECIRKEL_DUMP_QUERIES"]) / f"{world_name}-{name}"
                path.write_text("\n".join(sql))
    for name in PAGES:
        small, large = summary[name]
        assert small == large, (name, summary, counts["large"][name][1])
        assert large <= MAX_QUERIES, (name, summary, counts["large"][name][1])


def writes(queries) -> list[str]:
    return [sql for sql in queries if sql.lstrip().upper().startswith(WRITES)]


def test_a_repeat_visit_to_a_started_topic_writes_nothing(client, worlds):
    learner = UserFactory(username="återbesök", roles=[LEARNER])
    client.force_login(learner)
    topic = worlds["large"]["topic"]
    assert client.get(topic.url).status_code == 200  # the first visit records
    activity = Activity.objects.get(uuid=topic.uuid)
    assert ActivityProgress.objects.get(user=learner, activity=activity).state == (
        "started"
    )
    statements = Statement.objects.filter(actor=learner).count()
    assert statements == 1
    for _ in range(3):
        _n, queries = count(client, topic.url)
        assert writes(queries) == [], "\n".join(q[:150] for q in queries)
    assert Statement.objects.filter(actor=learner).count() == statements


def test_a_repeat_visit_to_a_lecture_writes_nothing(client, worlds):
    learner = UserFactory(username="tittare", roles=[LEARNER])
    client.force_login(learner)
    lecture = worlds["demo"]["lecture"]
    record(learner, activity_for_page(lecture), "progressed")
    assert client.get(lecture.url).status_code == 200  # makes the poster's rendition
    statements = Statement.objects.filter(actor=learner).count()
    for _ in range(3):
        _n, queries = count(client, lecture.url)
        assert writes(queries) == [], "\n".join(q[:150] for q in queries)
    assert Statement.objects.filter(actor=learner).count() == statements
