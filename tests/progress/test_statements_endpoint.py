import json
import uuid

import pytest
from django.test import Client

from progress import kinds, reporting
from progress.activities import activity_for_page
from progress.models import Activity, ActivityProgress, Statement

URL = "/min-utveckling/handelser/"


@pytest.fixture
def activity(course, monkeypatch):
    """Browser-graded content (H5P) on a topic: the only kind that reports from the
    browser, with the verbs it may send."""
    kinds.register(
        "h5p", "H5P", "http://adlnet.gov/expapi/activities/interaction", placed=True
    )
    monkeypatch.setitem(reporting.BROWSER_VERBS, "h5p", {"progressed", "completed"})
    yield Activity.objects.create(
        uuid=uuid.uuid4(),
        kind="h5p",
        title="Interaktiv övning",
        page=course.get_topics().first(),
        course=course,
    )
    kinds.unregister("h5p")


def post(client, payload, **extra):
    body = payload if isinstance(payload, str) else json.dumps(payload)
    return client.post(URL, body, content_type="application/json", **extra)


@pytest.mark.django_db
def test_a_browser_statement_is_stored_and_a_retry_is_not(client, learner, activity):
    client.force_login(learner)
    payload = {
        "id": str(uuid.uuid4()),
        "verb": "progressed",
        "activity": str(activity.uuid),
        "duration": 42,
        "context": {"t": 12},
    }
    first = post(client, payload)
    assert first.status_code == 201 and first.json()["stored"] is True
    retry = post(client, payload)
    assert retry.status_code == 200 and retry.json()["stored"] is False
    assert Statement.objects.get().context == {"t": 12}
    assert ActivityProgress.objects.get().time_spent == 42


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload,field",
    [
        ("not json", "__all__"),
        ("[1, 2]", "__all__"),
        ({"id": None}, "id"),
        ({"id": "x", "verb": "progressed"}, "id"),
        ({"verb": "flew"}, "verb"),
        ({"score": "1.5", "verb": "completed"}, "score"),
        ({"verb": "passed"}, "verb"),  # a verb this kind may not send
        ({"context": {"a": {"b": {"c": {"d": {"e": {"f": 1}}}}}}}, "context"),
        ({"context": {"text": "x" * 5000}}, "context"),
        ({"duration": -3}, "duration"),
        ({"context": [1]}, "context"),
        ({"activity": "00000000-0000-0000-0000-000000000000"}, "activity"),
    ],
)
def test_bad_statements_get_a_clear_error_and_store_nothing(
    client, learner, activity, payload, field
):
    client.force_login(learner)
    if isinstance(payload, dict):
        payload = {
            "id": str(uuid.uuid4()),
            "verb": "progressed",
            "activity": str(activity.uuid),
            **payload,
        }
    response = post(client, payload)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Statement.objects.exists() and not ActivityProgress.objects.exists()


@pytest.mark.django_db
def test_another_learners_statement_id_is_a_conflict(client, learner, editor, activity):
    statement_id = str(uuid.uuid4())
    client.force_login(editor)
    post(
        client,
        {"id": statement_id, "verb": "progressed", "activity": str(activity.uuid)},
    )
    client.force_login(learner)
    response = post(
        client,
        {"id": statement_id, "verb": "progressed", "activity": str(activity.uuid)},
    )
    assert response.status_code == 409
    assert not ActivityProgress.objects.filter(user=learner).exists()


@pytest.mark.django_db
def test_statements_need_a_csrf_token_and_a_login(learner, activity):
    payload = {
        "id": str(uuid.uuid4()),
        "verb": "progressed",
        "activity": str(activity.uuid),
    }
    assert post(Client(), payload).status_code == 302
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(learner)
    assert post(strict, payload).status_code == 403
    assert not Statement.objects.exists()


def statement(activity, verb="completed", **result):
    return {
        "id": str(uuid.uuid4()),
        "verb": verb,
        "activity": str(activity.uuid),
        **result,
    }


@pytest.mark.django_db
def test_a_learner_cannot_award_themselves_a_quiz_pass(client, learner, placed):
    from quizzes.factories import make_question, make_quiz

    quiz = make_quiz([make_question(options=["Ja", "Nej"], right=["Ja"])])
    page = placed(quiz)
    from progress.activities import activity_for_placement

    quiz_activity = activity_for_placement(quiz, "quiz", page)
    client.force_login(learner)
    for forged in (
        statement(quiz_activity, "passed", score=1, success=True, completion=True),
        # The quiz's own uuid, as seen in its start address.
        {**statement(quiz_activity, "passed", score=1), "activity": str(quiz.uuid)},
    ):
        response = post(client, forged)
        assert response.status_code in (400, 403)
    assert not Statement.objects.exists() and not ActivityProgress.objects.exists()


@pytest.mark.django_db
def test_topics_and_lectures_are_not_completed_from_the_browser(
    client, learner, course, lecture
):
    topic_activity = activity_for_page(course.get_topics().first())
    lecture_activity = activity_for_page(lecture, kind="lecture")
    client.force_login(learner)
    for forged in (
        statement(topic_activity, completion=True),
        statement(topic_activity, "progressed", duration=86400),
        statement(lecture_activity, completion=True),
    ):
        response = post(client, forged)
        assert response.status_code == 403
        assert "servern" in response.json()["errors"]["activity"][0]
    assert not Statement.objects.exists() and not ActivityProgress.objects.exists()


@pytest.mark.django_db
def test_browser_content_of_a_course_the_learner_may_not_view_is_refused(
    client, learner, activity, course
):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    restriction = PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Annan kommun"))
    client.force_login(learner)
    assert post(client, statement(activity)).status_code == 403
    assert not Statement.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("depth", [100_000, 2_000])
def test_deeply_nested_json_is_refused_not_a_server_error(
    client, learner, activity, depth
):
    client.force_login(learner)
    head = json.dumps(statement(activity))[:-1]
    body = head + ', "context": ' + '{"a": ' * depth + "1" + "}" * depth + "}"
    response = post(client, body)
    assert response.status_code in (400, 413)
    assert "errors" in response.json()
    assert not Statement.objects.exists()


@pytest.mark.django_db
def test_a_learner_is_rate_limited(client, learner, activity):
    client.force_login(learner)
    limit = int(reporting.RATE.split("/")[0])
    codes = [
        post(client, statement(activity, "progressed")).status_code
        for _ in range(limit + 1)
    ]
    assert codes[:limit] == [201] * limit and codes[-1] == 429
    assert Statement.objects.count() == limit


@pytest.mark.django_db
def test_marking_a_topic_done_again_changes_nothing(client, learner, course):
    topic = course.get_topics().first()
    client.force_login(learner)
    for _ in range(5):
        assert client.post(f"/min-utveckling/klar/{topic.pk}/").status_code == 302
    progress = ActivityProgress.objects.get(user=learner)
    assert progress.attempts == 1
    assert Statement.objects.filter(verb="completed").count() == 1
