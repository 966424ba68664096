import json
import uuid

import pytest
from django.test import Client

from progress.activities import activity_for_page
from progress.models import ActivityProgress, Statement

URL = "/min-utveckling/handelser/"


@pytest.fixture
def activity(course):
    return activity_for_page(course.get_topics().first())


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
        ({"score": "1.5", "verb": "passed"}, "score"),
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
