"""Only invited learners answer, once; required questions; anonymity."""

import pytest

from evaluations.models import Answer, Invitation, Question, Response

from .conftest import form_data, invite, make_evaluation


def url(evaluation):
    return f"/utvardering/{evaluation.uuid}/"


@pytest.mark.django_db
def test_only_an_invited_learner_sees_the_form(client, learner, editor, evaluation):
    client.force_login(learner)
    assert client.get(url(evaluation)).status_code == 404
    client.force_login(editor)
    assert client.get(url(evaluation)).status_code == 404
    invite(evaluation, learner)
    client.force_login(learner)
    response = client.get(url(evaluation))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Utvärderingen är anonym." in html
    assert html.count("<fieldset") == 2 and html.count("<legend>") == 2
    assert html.count('type="radio"') == 10
    assert "Instämmer helt" in html and "<textarea" in html
    assert 'maxlength="2000"' in html


@pytest.mark.django_db
def test_the_learner_answers_once_even_when_submitting_twice(
    client, learner, circle, evaluation
):
    invitation = invite(evaluation, learner)
    client.force_login(learner)
    data = form_data(evaluation, [5, 2], "Bra övningar")
    first = client.post(url(evaluation), data)
    # A second submit (another tab, a resend) with other answers records nothing
    # and goes, as the first did, to the page, which still thanks once.
    second = client.post(
        url(evaluation), form_data(evaluation, [1, 1], "Ändrat"), follow=True
    )
    assert first.status_code == 302 and first["Location"] == url(evaluation)
    assert second.redirect_chain == [(url(evaluation), 302)]
    assert "<h1>Tack för dina svar!</h1>" in second.content.decode()
    response = Response.objects.get()
    assert response.user is None  # anonymous
    assert response.circle == circle
    assert {(a.value, a.text) for a in Answer.objects.filter(response=response)} == {
        (5, ""),
        (2, ""),
        (None, "Bra övningar"),
    }
    invitation.refresh_from_db()
    assert invitation.answered
    assert "Tack, du har redan svarat" in client.get(url(evaluation)).content.decode()


@pytest.mark.django_db
def test_the_first_visit_after_sending_thanks_and_later_visits_say_already(
    client, learner, evaluation
):
    """Right after the redirect the h1 thanks for the answers (a freshly loaded page's
    role=status is often not announced, so the heading says it); afterwards the page
    says the learner has already answered."""
    invite(evaluation, learner)
    client.force_login(learner)
    sent = client.post(url(evaluation), form_data(evaluation, [5, 2]), follow=True)
    html = sent.content.decode()
    assert sent.redirect_chain == [(url(evaluation), 302)]
    assert "<h1>Tack för dina svar!</h1>" in html
    assert "redan svarat" not in html
    assert 'role="status"' not in html
    later = client.get(url(evaluation)).content.decode()
    assert "<h1>Tack, du har redan svarat.</h1>" in later
    assert "Tack för dina svar" not in later
    assert 'role="status"' not in later


@pytest.mark.django_db
def test_the_error_summary_counts_and_links_to_each_unanswered_question(
    client, learner, course
):
    evaluation = make_evaluation(course, texts=["Vad var bäst?"])
    evaluation.questions.filter(kind="text").update(required=True)
    first, _second, text = evaluation.questions.all()
    invite(evaluation, learner)
    client.force_login(learner)
    response = client.post(url(evaluation), form_data(evaluation, [None, 3]))
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="error-summary" tabindex="-1"' in html
    assert "Det finns 2 fel" in html
    # The link goes to the first option of the statement and to the text box.
    assert f'href="#id_q-{first.uuid}_0"' in html
    assert f'href="#id_q-{text.uuid}"' in html
    assert f'id="id_q-{first.uuid}_0"' in html
    assert "evaluations/error-summary.js" in html
    # Each question's own error stays tied to it.
    assert f'aria-describedby="id_q-{first.uuid}-error"' in html
    one = client.post(url(evaluation), form_data(evaluation, [None, 3], "Allt"))
    assert "Det finns 1 fel" in one.content.decode()


@pytest.mark.django_db
def test_a_required_statement_must_be_answered_and_answers_are_kept(
    client, learner, evaluation
):
    invite(evaluation, learner)
    client.force_login(learner)
    response = client.post(url(evaluation), form_data(evaluation, [None, 4], "Bra"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Välj ett av alternativen." in html
    assert 'aria-invalid="true"' in html
    assert 'value="4" id="id_q-' in html and "checked" in html
    assert ">Bra</textarea>" in html
    assert not Response.objects.exists()
    assert not Invitation.objects.get().answered


@pytest.mark.django_db
@pytest.mark.parametrize(
    "values,text",
    [([6, 3], ""), (["x", 3], ""), ([3, 3], "a" * 2001)],
)
def test_bad_input_is_refused_and_nothing_is_recorded(
    client, learner, evaluation, values, text
):
    invite(evaluation, learner)
    client.force_login(learner)
    assert (
        client.post(url(evaluation), form_data(evaluation, values, text)).status_code
        == 400
    )
    assert not Response.objects.exists() and not Answer.objects.exists()


@pytest.mark.django_db
def test_a_learner_outside_any_circle_answers_with_no_circle(
    client, learner, evaluation
):
    invite(evaluation, learner)
    client.force_login(learner)
    client.post(url(evaluation), form_data(evaluation, [3]))
    assert Response.objects.get().circle is None


@pytest.mark.django_db
def test_a_named_evaluation_keeps_the_learner_and_says_so(client, learner, course):
    evaluation = make_evaluation(course, anonymous=False)
    invite(evaluation, learner)
    client.force_login(learner)
    assert (
        "Utvärderingen är inte anonym." in client.get(url(evaluation)).content.decode()
    )
    client.post(url(evaluation), form_data(evaluation, [4]))
    assert Response.objects.get().user == learner


@pytest.mark.django_db
def test_a_closed_evaluation_takes_no_answers(client, learner, evaluation):
    invite(evaluation, learner)
    evaluation.is_open = False
    evaluation.save()
    client.force_login(learner)
    response = client.post(url(evaluation), form_data(evaluation, [4]))
    assert "stängd" in response.content.decode()
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_anonymous_answers_are_not_in_the_learners_download(
    client, learner, evaluation
):
    invite(evaluation, learner)
    client.force_login(learner)
    client.post(url(evaluation), form_data(evaluation, [4], "Hemligt svar"))
    from ecirkel.personal_data import registry

    data = registry.export(learner)
    rows = data["tables"]["evaluations.invitation"]["rows"]
    assert rows[0]["answered"] is True and "anonym" in rows[0]["note"]
    assert "evaluations.response" not in data["tables"]
    assert "Hemligt svar" not in str(data)


@pytest.mark.django_db
def test_named_answers_are_in_the_download_and_kept_unnamed_when_forgotten(
    client, learner, course
):
    evaluation = make_evaluation(course, anonymous=False)
    invite(evaluation, learner)
    client.force_login(learner)
    client.post(url(evaluation), form_data(evaluation, [4], "Mitt svar"))
    from ecirkel.personal_data import registry

    rows = registry.export(learner)["tables"]["evaluations.response"]["rows"]
    assert {"question": "Vad var bäst?", "answer": "Mitt svar"} in rows[0]["answers"]
    registry.forget(learner)
    assert Response.objects.get().user is None
    assert not Invitation.objects.exists()


def test_two_submits_at_the_same_moment_record_one_response(migrated_db, course):
    """Two requests at once, each with its own connection: the locked invitation
    lets one record; the other finds it answered."""
    import threading

    from django.test import Client

    from users.factories import UserFactory
    from users.roles import LEARNER

    learner = UserFactory(username="samtidig", roles=[LEARNER])
    evaluation = make_evaluation(course)
    invite(evaluation, learner)
    data = form_data(evaluation, [4, 4], "Samtidigt")
    clients = []
    for _ in range(2):
        client = Client()
        client.force_login(learner)
        clients.append(client)
    barrier = threading.Barrier(2)
    statuses, errors = [], []

    def post(client):
        try:
            barrier.wait(timeout=30)
            statuses.append(client.post(url(evaluation), data).status_code)
        except Exception as error:  # noqa: BLE001 - asserted below
            errors.append(error)
        finally:
            from django.db import connection

            connection.close()

    threads = [threading.Thread(target=post, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    # Only one recorded anything; both are sent on to the page (302), whether the
    # second found the invitation answered under the lock or before it.
    assert statuses == [302, 302]
    assert Response.objects.filter(evaluation=evaluation).count() == 1
    assert Answer.objects.filter(text="Samtidigt").count() == 1


@pytest.mark.django_db
def test_a_post_from_someone_not_invited_or_with_an_empty_form_records_nothing(
    client, learner, course
):
    from users.factories import UserFactory
    from users.roles import LEARNER

    evaluation = make_evaluation(course)
    evaluation.questions.filter(kind=Question.Kind.LIKERT).update(required=True)
    outsider = UserFactory(username="utanfor", roles=[LEARNER])
    client.force_login(outsider)
    data = form_data(evaluation, [5, 5], "Inbjuden?")
    assert client.post(url(evaluation), data).status_code == 404
    invite(evaluation, learner)
    client.force_login(learner)
    # No form fields at all (a JSON body): judged as a blank form, not a new one.
    empty = client.post(url(evaluation), {"svar": 5}, content_type="application/json")
    assert empty.status_code == 400
    assert "Det finns 2 fel" in empty.content.decode()
    assert not Response.objects.exists()
    assert not Invitation.objects.get(user=learner).answered
