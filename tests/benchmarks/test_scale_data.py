"""generate_scale_data: counts, determinism, consistency with the ledger, and pages
and accounts that work; the references R1 and R2 exist only while the flag is on."""

import importlib
import importlib.util
from collections import defaultdict

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import clear_url_caches, reverse
from wagtailmedia.models import get_media_model

from benchmarks.models import ReferencePage
from circles.models import CircleMembership, StudyCircle
from courses.models import CoursePage, TopicPage
from lectures.models import LecturePage
from progress.models import Activity, ActivityProgress, Statement
from quizzes.models import Question, Quiz
from users.models import User

SMALL = [
    "--courses",
    "2",
    "--topics",
    "25",
    "--lectures",
    "5",
    "--questions",
    "30",
    "--learners",
    "40",
    "--circles",
    "4",
    "--events",
    "1001",
    "--large-circle",
    "16",
]


@pytest.fixture
def demo_video(catalog):
    return get_media_model().objects.create(
        title="Demo", type="video", duration=60, file=ContentFile(b"x", name="d.webm")
    )


def generate(*extra):
    call_command("generate_scale_data", *SMALL, *extra, stdout=None)


def snapshot():
    return (
        list(
            TopicPage.objects.filter(slug__startswith="amne-")
            .order_by("path")
            .values_list("title", "slug", "depth")
        ),
        sorted(
            Statement.objects.values_list(
                "id", "actor__username", "verb", "activity__uuid", "duration"
            )
        ),
    )


@pytest.mark.django_db
def test_sizes_tree_and_determinism(demo_video):
    generate()
    courses = CoursePage.objects.filter(slug__startswith="skala-")
    assert courses.count() == 2
    for course in courses:
        topics = TopicPage.objects.descendant_of(course)
        assert topics.count() == 25
        # Main topics, subtopics and a third level.
        assert set(topics.values_list("depth", flat=True)) == {
            course.depth + 1,
            course.depth + 2,
            course.depth + 3,
        }
        assert Activity.objects.filter(course=course, kind="topic").count() == 25
    assert LecturePage.objects.count() == 5
    assert all(lecture.caption_tracks.exists() for lecture in LecturePage.objects.all())
    assert Question.objects.count() == 30
    assert Quiz.objects.count() == 2
    assert User.objects.filter(username__startswith="skala-").count() == 40
    assert StudyCircle.objects.count() == 4
    assert CircleMembership.objects.count() == 40
    # The first circle is the large one the benchmark's report uses (--large-circle).
    sizes = [c.memberships.count() for c in StudyCircle.objects.order_by("name")]
    assert sizes == [16, 8, 8, 8]
    assert Statement.objects.count() == 1001
    first = snapshot()

    with pytest.raises(CommandError, match="--clear"):
        generate()
    call_command("generate_scale_data", "--clear", stdout=None)
    assert not Statement.objects.exists()
    assert not CoursePage.objects.filter(slug__startswith="skala-").exists()
    assert not User.objects.filter(username__startswith="skala-").exists()
    assert not Question.objects.exists()

    generate()
    assert snapshot() == first
    call_command("generate_scale_data", "--clear", stdout=None)
    generate("--seed", "7")  # another seed, other data
    assert snapshot() != first


@pytest.mark.django_db
def test_summaries_equal_their_statements(demo_video):
    generate()
    time, count = defaultdict(int), defaultdict(int)
    for actor, activity, duration in Statement.objects.values_list(
        "actor_id", "activity_id", "duration"
    ):
        time[(actor, activity)] += duration
        count[(actor, activity)] += 1
    summaries = {
        (row.user_id, row.activity_id): row.time_spent
        for row in ActivityProgress.objects.all()
    }
    assert summaries == dict(time)
    # Every statement is on an activity of the learner's own circle's course.
    for membership in CircleMembership.objects.select_related("circle"):
        course_ids = set(membership.circle.courses.values_list("pk", flat=True))
        courses = set(
            Statement.objects.filter(actor=membership.user_id).values_list(
                "activity__course_id", flat=True
            )
        )
        assert courses <= course_ids


@pytest.mark.django_db
def test_pages_are_live_and_learners_log_in(demo_video, client):
    generate()
    response = client.post(
        reverse("login"), {"username": "skala-00001", "password": "skala"}
    )
    assert response.status_code == 302
    course = CoursePage.objects.filter(slug="skala-01").get()
    topic = TopicPage.objects.descendant_of(course).filter(depth=course.depth + 3)[0]
    lecture = LecturePage.objects.first()
    for page in (course, topic, lecture):
        assert page.live
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert page.title in response.content.decode()
    leader = StudyCircle.objects.get(name="Skalcirkel 001").leader
    assert leader.groups.filter(name="Cirkelledare").exists()


def reload_urls():
    import ecirkel.urls

    importlib.reload(ecirkel.urls)
    clear_url_caches()


@pytest.mark.django_db
def test_the_references_answer_only_when_enabled(demo_video, client):
    try:
        with override_settings(BENCHMARK=True):
            generate()
            reload_urls()
            page = ReferencePage.objects.get()
            response = client.get(page.url)
            assert response.status_code == 200
            assert response.content.decode().count("Referenssida R1") == 2
            # Measured as Wagtail serves it, never from the anonymous page cache.
            assert client.get(page.url)["X-Cache"] == "miss"
            response = client.get("/__bench__/r2/")
            assert response.status_code == 200
            assert response.content == b"ok"
    finally:
        reload_urls()
    assert client.get(page.url).status_code == 404
    assert client.get("/__bench__/r2/").status_code == 404


@pytest.mark.django_db
def test_no_reference_page_without_the_flag(demo_video):
    generate()
    assert not ReferencePage.objects.exists()


@pytest.mark.django_db
def test_the_capacity_run_takes_learners_by_circle_with_their_course(
    demo_video, monkeypatch
):
    """bench/capacity.py's learners: the first N of the generated circles, each once,
    with their circle's course and whether they lead it; the circles' courses are
    read in one query, not one per circle."""
    from pathlib import Path

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    spec = importlib.util.spec_from_file_location(
        "bench_capacity", Path(__file__).resolve().parents[2] / "bench/capacity.py"
    )
    capacity = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(capacity)
    generate()
    monkeypatch.setattr(capacity, "LEARNERS", 30)
    with CaptureQueriesContext(connection) as captured:
        learners, topics = capacity.learners_and_topics()
    courses_of_circles = StudyCircle.courses.through._meta.db_table
    assert sum(courses_of_circles in q["sql"] for q in captured) == 1
    assert len(learners) == 30
    assert len({learner["username"] for learner in learners}) == 30
    for learner in learners:
        circle = StudyCircle.objects.get(uuid=learner["circle"])
        assert learner["course"] == circle.courses.get().url
        assert learner["leads"] == (circle.leader.username == learner["username"])
        assert topics[learner["course"]]
    monkeypatch.setattr(capacity, "LEARNERS", 10_000)
    with pytest.raises(SystemExit, match="fewer than"):
        capacity.learners_and_topics()
