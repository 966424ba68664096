"""Editors write evaluations in the admin; what would lose answers is refused."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from evaluations.models import Answer, Evaluation, Question

from .conftest import make_evaluation, respond

ADD = "/admin/snippets/evaluations/evaluation/add/"


def edit_url(evaluation):
    return f"/admin/snippets/evaluations/evaluation/edit/{evaluation.pk}/"


def post_data(course, questions, initial=0, **fields):
    return nested_form_data(
        {
            "course": course.pk,
            "title": "Kursutvärdering",
            "introduction": "",
            "anonymous": "on",
            "is_open": "on",
            "questions": inline_formset(questions, initial=initial),
            **fields,
        }
    )


def existing(evaluation, changes=None):
    """The evaluation's questions as the edit form posts them back."""
    rows = []
    changes = changes or {}
    for index, question in enumerate(evaluation.questions.all()):
        row = {
            "id": question.pk,
            "kind": question.kind,
            "text": question.text,
            "required": "on" if question.required else "",
            "ORDER": index,
        }
        row.update(changes.get(question.pk, {}))
        rows.append(row)
    return rows


def errors_of(response) -> str:
    return response.content.decode()


@pytest.mark.django_db
def test_the_editor_creates_an_evaluation_with_questions(client, editor, course):
    client.force_login(editor)
    assert client.get(ADD).status_code == 200
    response = client.post(
        ADD,
        post_data(
            course,
            [
                {"kind": "likert", "text": "Kursen var bra", "required": "on"},
                {"kind": "text", "text": "Vad saknades?"},
            ],
        ),
    )
    assert response.status_code == 302
    evaluation = Evaluation.objects.get()
    assert [q.kind for q in evaluation.questions.all()] == ["likert", "text"]
    listing = client.get("/admin/snippets/evaluations/evaluation/").content.decode()
    assert f"/utvardering/{evaluation.uuid}/resultat/" in listing


@pytest.mark.django_db
def test_an_evaluation_without_questions_is_refused(client, editor, course):
    client.force_login(editor)
    response = client.post(ADD, post_data(course, []))
    assert response.status_code == 200 and not Evaluation.objects.exists()


@pytest.mark.django_db
def test_a_second_evaluation_for_the_course_is_refused_clearly(
    client, editor, evaluation, course
):
    client.force_login(editor)
    response = client.post(ADD, post_data(course, [{"kind": "text", "text": "Hej"}]))
    assert response.status_code == 200
    assert "har redan en utvärdering" in errors_of(response)
    assert Evaluation.objects.count() == 1


@pytest.mark.django_db
def test_a_statement_longer_than_500_characters_is_refused(client, editor, course):
    client.force_login(editor)
    response = client.post(
        ADD, post_data(course, [{"kind": "likert", "text": "x" * 501}])
    )
    assert response.status_code == 200 and not Evaluation.objects.exists()


@pytest.mark.django_db
def test_a_question_with_answers_cannot_be_removed_or_change_kind(
    client, editor, evaluation
):
    respond(evaluation, [4, 3], "Bra")
    first = evaluation.questions.first()
    client.force_login(editor)
    response = client.post(
        edit_url(evaluation),
        post_data(evaluation.course, existing(evaluation), initial=3)
        | {"questions-0-DELETE": "1"},
    )
    assert response.status_code == 200
    assert "har svar och kan inte tas bort" in errors_of(response)
    assert Question.objects.filter(pk=first.pk).exists()
    assert Answer.objects.count() == 3
    response = client.post(
        edit_url(evaluation),
        post_data(
            evaluation.course,
            existing(evaluation, {first.pk: {"kind": "text"}}),
            initial=3,
        ),
    )
    assert response.status_code == 200
    first.refresh_from_db()
    assert first.kind == "likert"


@pytest.mark.django_db
def test_a_question_with_answers_can_be_reworded_and_one_without_removed(
    client, editor, course
):
    evaluation = make_evaluation(course)
    questions = list(evaluation.questions.all())
    respond(evaluation, [4])  # answers the first statement only
    client.force_login(editor)
    data = post_data(
        course,
        existing(evaluation, {questions[0].pk: {"text": "Kursen var bra!"}}),
        initial=3,
    ) | {"questions-1-DELETE": "1"}
    response = client.post(edit_url(evaluation), data)
    assert response.status_code == 302, errors_of(response)
    assert [q.text for q in evaluation.questions.all()] == [
        "Kursen var bra!",
        "Vad var bäst?",
    ]
    assert Answer.objects.get().question_id == questions[0].pk
