import threading
import uuid
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from courses.models import TopicPage
from progress.activities import activity_for_page
from progress.models import Activity, ActivityProgress, Statement
from progress.recording import Result, StatementConflict, record
from progress.states import ProgressState, states_for


@pytest.fixture
def activity(course):
    return activity_for_page(TopicPage.objects.get(slug="forstudie"))


def summary(user, activity):
    return ActivityProgress.objects.get(user=user, activity=activity)


@pytest.mark.django_db
def test_a_retried_statement_is_stored_once(learner, activity):
    statement_id = uuid.uuid4()
    first, created = record(
        learner,
        activity,
        "experienced",
        statement_id=statement_id,
        result=Result(duration=30),
    )
    again, created_again = record(
        learner,
        activity,
        "experienced",
        statement_id=statement_id,
        result=Result(duration=30),
    )
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert Statement.objects.count() == 1
    assert summary(learner, activity).time_spent == 30


@pytest.mark.django_db
def test_a_statement_id_reused_for_another_event_is_refused(learner, editor, activity):
    statement_id = uuid.uuid4()
    record(learner, activity, "experienced", statement_id=statement_id)
    with pytest.raises(StatementConflict):
        record(editor, activity, "experienced", statement_id=statement_id)
    with pytest.raises(StatementConflict):
        record(learner, activity, "completed", statement_id=statement_id)
    assert Statement.objects.count() == 1
    assert not ActivityProgress.objects.filter(user=editor).exists()


@pytest.mark.django_db
def test_the_summary_follows_the_statements_and_never_moves_back(learner, activity):
    record(learner, activity, "experienced", result=Result(duration=60))
    assert summary(learner, activity).state == ProgressState.STARTED
    record(
        learner, activity, "passed", result=Result(score=0.8, success=True, duration=90)
    )
    record(
        learner,
        activity,
        "failed",
        result=Result(score=0.4, success=False, duration=50),
    )
    row = summary(learner, activity)
    assert row.state == ProgressState.PASSED
    assert row.best_score == Decimal("0.8000")
    assert row.time_spent == 200
    assert row.attempts == 2
    assert row.completed_at is not None
    assert row.first_visit <= row.last_visit


@pytest.mark.django_db
def test_completion_in_the_result_completes(learner, activity):
    record(learner, activity, "progressed", result=Result(completion=True))
    assert summary(learner, activity).state == ProgressState.COMPLETED


@pytest.mark.parametrize("result", [{"score": 1.5}, {"score": -0.1}, {"duration": -1}])
def test_impossible_results_are_refused(result):
    with pytest.raises(ValueError):
        Result(**result)


@pytest.mark.django_db
def test_the_database_refuses_a_score_out_of_range(learner, activity):
    with pytest.raises(IntegrityError), transaction.atomic():
        Statement.objects.create(
            actor=learner, activity=activity, verb="passed", score=Decimal("2")
        )


@pytest.mark.django_db
def test_states_for_takes_the_best_state_on_a_page(learner, activity):
    other = Activity.objects.create(
        uuid=uuid.uuid4(),
        kind="quiz",
        title="Quiz",
        page=activity.page,
        course=activity.course,
    )
    record(learner, activity, "experienced")
    record(learner, other, "passed", result=Result(score=1))
    assert states_for(learner, [activity.page_id]) == {
        activity.page_id: ProgressState.PASSED
    }


@pytest.mark.django_db
def test_an_anonymous_visitor_has_no_states(client, activity):
    from django.contrib.auth.models import AnonymousUser

    assert states_for(AnonymousUser(), [activity.page_id]) == {}


@pytest.mark.django_db(transaction=True)
def test_concurrent_events_from_two_tabs_lose_no_update(migrated_db, request):
    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL; SQLite serialises every write anyway.")
    learner, activity = (
        request.getfixturevalue("learner"),
        request.getfixturevalue("activity"),
    )
    threads, errors = 8, []
    barrier = threading.Barrier(threads)

    def report():
        try:
            barrier.wait()
            record(learner, activity, "completed", result=Result(duration=10))
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=report) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    row = summary(learner, activity)
    assert row.time_spent == 10 * threads
    assert row.attempts == threads
    assert Statement.objects.count() == threads


@pytest.mark.django_db
def test_visiting_a_topic_starts_it_and_marking_it_done_completes_it(
    client, course, learner
):
    topic = TopicPage.objects.get(slug="forstudie")
    client.force_login(learner)
    html = client.get(topic.url).content.decode()
    assert "Markera som klar" in html
    activity = Activity.objects.get(uuid=topic.uuid)
    assert summary(learner, activity).state == ProgressState.STARTED

    response = client.post(f"/min-utveckling/klar/{topic.pk}/")
    assert response.status_code == 302 and response.url == topic.url
    assert summary(learner, activity).state == ProgressState.COMPLETED
    assert "Du är klar med det här ämnet." in client.get(topic.url).content.decode()
    map_html = client.get(course.url).content.decode()
    assert "mindmap__node--completed" in map_html and "(klar)" in map_html


@pytest.mark.django_db
def test_anonymous_visits_record_nothing(client, course):
    client.get(TopicPage.objects.get(slug="forstudie").url)
    assert not Statement.objects.exists()


@pytest.mark.django_db
def test_marking_a_topic_needs_a_post(client, course, learner):
    client.force_login(learner)
    topic = TopicPage.objects.get(slug="forstudie")
    assert client.get(f"/min-utveckling/klar/{topic.pk}/").status_code == 405
    assert not Statement.objects.exists()
