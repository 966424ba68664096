"""Who may open which progress and report address."""

import pytest

from certificates.models import Certificate

ANONYMOUS = None


def client_for(client, request, role):
    if role is not ANONYMOUS:
        client.force_login(request.getfixturevalue(role))
    return client


def urls(circle, other_circle):
    return {
        "dashboard": "/min-utveckling/",
        "my_data": "/min-utveckling/mina-uppgifter.json",
        "xapi": "/min-utveckling/xapi.json",
        "circles": "/cirklar/",
        "own_report": f"/cirklar/{circle.uuid}/",
        "own_csv": f"/cirklar/{circle.uuid}/export.csv",
        "own_xlsx": f"/cirklar/{circle.uuid}/export.xlsx",
        "other_report": f"/cirklar/{other_circle.uuid}/",
        "other_csv": f"/cirklar/{other_circle.uuid}/export.csv",
        "other_xlsx": f"/cirklar/{other_circle.uuid}/export.xlsx",
    }


# Expected status per role; 302 = sent to the login page.
MATRIX = {
    ANONYMOUS: dict.fromkeys(
        [
            "dashboard",
            "my_data",
            "xapi",
            "circles",
            "own_report",
            "own_csv",
            "own_xlsx",
            "other_report",
            "other_csv",
            "other_xlsx",
        ],
        302,
    ),
    "learner": {
        "dashboard": 200,
        "my_data": 200,
        "xapi": 403,
        "circles": 200,
        "own_report": 404,
        "own_csv": 404,
        "own_xlsx": 404,
        "other_report": 404,
        "other_csv": 404,
        "other_xlsx": 404,
    },
    "circle_leader": {
        "dashboard": 200,
        "my_data": 200,
        "xapi": 403,
        "circles": 200,
        "own_report": 200,
        "own_csv": 200,
        "own_xlsx": 200,
        "other_report": 404,
        "other_csv": 404,
        "other_xlsx": 404,
    },
    "editor": {
        "dashboard": 200,
        "my_data": 200,
        "xapi": 200,
        "circles": 200,
        "own_report": 200,
        "own_csv": 200,
        "own_xlsx": 200,
        "other_report": 200,
        "other_csv": 200,
        "other_xlsx": 200,
    },
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(MATRIX), ids=lambda r: r or "anonymous")
def test_permission_matrix(client, request, role, circle, other_circle):
    client = client_for(client, request, role)
    for name, url in urls(circle, other_circle).items():
        response = client.get(url)
        assert response.status_code == MATRIX[role][name], (role, name)
        if response.status_code == 302:
            assert response.url.startswith("/konto/logga-in/?next=")


@pytest.mark.django_db
def test_circle_list_shows_a_leader_only_their_own_circles(
    client, circle_leader, circle, other_circle
):
    client.force_login(circle_leader)
    html = client.get("/cirklar/").content.decode()
    assert "Cirkel A" in html and "Cirkel B" not in html


@pytest.mark.django_db
def test_editors_see_every_circle(client, editor, circle, other_circle):
    client.force_login(editor)
    html = client.get("/cirklar/").content.decode()
    assert "Cirkel A" in html and "Cirkel B" in html


@pytest.mark.django_db
def test_a_learner_sees_only_their_own_dashboard_and_data(
    client, learner, circle, other_circle
):
    from progress.activities import activity_for_page
    from progress.recording import record

    stina = other_circle.memberships.get().user
    topic = circle.courses.get().get_topics().first()
    record(stina, activity_for_page(topic), "completed")
    client.force_login(learner)
    data = client.get("/min-utveckling/mina-uppgifter.json").json()
    assert data["user"]["username"] == "lisa"
    assert "progress.activityprogress" not in data["tables"]
    html = client.get("/min-utveckling/").content.decode()
    assert "0 av 4 klara" in html


@pytest.mark.django_db
def test_certificates_are_public_by_code_only(client, course, learner):
    certificate = Certificate.objects.create(
        user=learner, course=course, learner_name="Lisa", course_title="Testkurs"
    )
    assert client.get(f"/intyg/{certificate.code}/").status_code == 200
    assert client.get(f"/intyg/{certificate.code}/intyg.pdf").status_code == 200
    assert client.get("/intyg/").status_code == 200


@pytest.mark.django_db
def test_xapi_export_is_valid_json_without_names(client, editor, learner, course):
    from progress.activities import activity_for_page
    from progress.recording import Result, record

    learner.email = "lisa@example.se"
    learner.save()
    topic = course.get_topics().first()
    record(
        learner,
        activity_for_page(topic),
        "passed",
        result=Result(score=0.75, success=True, duration=95),
    )
    client.force_login(editor)
    response = client.get("/min-utveckling/xapi.json")
    body = b"".join(response.streaming_content).decode()
    import json

    (statement,) = json.loads(body)
    assert statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/passed"
    assert statement["actor"]["account"]["name"] == str(learner.pk)
    assert statement["result"] == {
        "score": {"scaled": 0.75},
        "success": True,
        "duration": "PT95S",
    }
    assert statement["object"]["definition"]["name"]["sv-SE"] == topic.title
    assert "lisa" not in body


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(MATRIX), ids=lambda r: r or "anonymous")
def test_reporting_progress_needs_a_login_and_records_only_for_oneself(
    client, request, role, course
):
    import json
    import uuid

    from progress.activities import activity_for_page
    from progress.models import ActivityProgress

    topic = course.get_topics().first()
    activity = activity_for_page(topic)
    client = client_for(client, request, role)
    done = client.post(f"/min-utveckling/klar/{topic.pk}/")
    sent = client.post(
        "/min-utveckling/handelser/",
        json.dumps(
            {
                "id": str(uuid.uuid4()),
                "verb": "progressed",
                "activity": str(activity.uuid),
            }
        ),
        content_type="application/json",
    )
    if role is ANONYMOUS:
        assert (done.status_code, sent.status_code) == (302, 302)
        assert not ActivityProgress.objects.exists()
    else:
        # A topic is completed on the server only, never from the browser.
        assert (done.status_code, sent.status_code) == (302, 403)
        user = request.getfixturevalue(role)
        assert list(ActivityProgress.objects.values_list("user_id", flat=True)) == [
            user.pk
        ]


@pytest.mark.django_db
def test_editors_manage_study_circles_in_the_admin(
    client, editor, circle_leader, circle
):
    client.force_login(editor)
    assert client.get("/admin/snippets/circles/studycircle/").status_code == 200
    assert (
        client.get(f"/admin/snippets/circles/studycircle/edit/{circle.pk}/").status_code
        == 200
    )
    client.force_login(circle_leader)
    assert client.get("/admin/snippets/circles/studycircle/").status_code == 302
