"""A hundred learners at once: the database holds them without errors or lost rows.

The test database is a file on SQLite (see ecirkel/settings/test.py) with the
production OPTIONS, and PostgreSQL's when DATABASE_URL points there (CI runs both),
so each thread below has its own real connection, as each request has on a server.
"""

import threading

from django.db import connection
from django.test import Client

from progress.models import ActivityProgress, Statement
from quizzes.factories import make_question, make_quiz
from quizzes.models import Attempt
from tests.conftest import placement
from users.factories import UserFactory
from users.roles import LEARNER

LEARNERS = 100


def test_the_database_is_configured_for_concurrent_learners():
    options = connection.settings_dict["OPTIONS"]
    if connection.vendor == "sqlite":
        assert options["transaction_mode"] == "IMMEDIATE"
        assert options["timeout"] >= 20
        assert "journal_mode=WAL" in options["init_command"]
    else:
        assert options["pool"]["max_size"] <= 50
        assert connection.settings_dict["CONN_MAX_AGE"] == 0


def test_a_hundred_learners_submitting_a_quiz_at_once_all_get_graded(migrated_db):
    if connection.vendor == "sqlite":
        assert not connection.is_in_memory_db(), "file locking needs a file database"
        with connection.cursor() as cursor:
            assert cursor.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    question = make_question(options=["Fel", "Rätt"], right=["Rätt"])
    quiz = make_quiz([question], shuffle_options=False)
    page = placement(quiz)
    sessions = []
    for n in range(LEARNERS):
        client = Client()
        client.force_login(UserFactory(username=f"learner{n}", roles=[LEARNER]))
        started = client.post(f"/quiz/{quiz.uuid}/starta/", {"page": page.pk})
        assert started.status_code == 302
        sessions.append((client, started.url))

    barrier = threading.Barrier(LEARNERS)
    statuses, errors = [], []

    def submit(client, url):
        try:
            barrier.wait(timeout=60)
            response = client.post(url, {"q0": "1", "submit": "1"})
            statuses.append(response.status_code)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=submit, args=session) for session in sessions]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)

    assert errors == []
    assert statuses == [302] * LEARNERS
    attempts = Attempt.objects.filter(quiz=quiz)
    assert attempts.count() == LEARNERS
    assert attempts.filter(submitted_at__isnull=False, passed=True).count() == LEARNERS
    assert attempts.values("user").distinct().count() == LEARNERS
    statements = Statement.objects.filter(activity__content_uuid=quiz.uuid)
    assert statements.count() == LEARNERS
    assert statements.values("actor").distinct().count() == LEARNERS
    summaries = ActivityProgress.objects.filter(activity__content_uuid=quiz.uuid)
    assert summaries.count() == LEARNERS
    assert {s.attempts for s in summaries} == {1}


def test_ten_simultaneous_clicks_on_markera_som_klar_store_one_completion(
    migrated_db,
):
    from wagtail.models import Page

    from courses.factories import (
        CatalogPageFactory,
        CoursePageFactory,
        TopicPageFactory,
    )

    course = CoursePageFactory(
        parent=CatalogPageFactory(parent=Page.get_first_root_node(), slug="k")
    )
    topic = TopicPageFactory(parent=course, slug="amne")
    client = Client()
    client.force_login(UserFactory(username="klickare", roles=[LEARNER]))
    barrier = threading.Barrier(10)
    statuses, errors = [], []

    def click():
        try:
            barrier.wait(timeout=30)
            statuses.append(
                client.post(f"/min-utveckling/klar/{topic.pk}/").status_code
            )
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=click) for _ in range(10)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert errors == [] and statuses == [302] * 10
    assert Statement.objects.filter(verb="completed").count() == 1
    assert ActivityProgress.objects.get().attempts == 1
