"""An evaluation on the test course, and helpers to answer it as many learners."""

import pytest
from django.utils import timezone

from circles.models import CircleMembership
from evaluations.models import Answer, Evaluation, Invitation, Question, Response
from users.factories import UserFactory
from users.roles import LEARNER


def make_evaluation(course, *, anonymous=True, statements=None, texts=None):
    evaluation = Evaluation(
        course=course,
        title="Kursutvärdering: Testkurs",
        introduction="Berätta vad du tyckte.",
        anonymous=anonymous,
    )
    evaluation.questions = [
        Question(kind=Question.Kind.LIKERT, text=text, required=index == 0)
        for index, text in enumerate(statements or ["Kursen var bra", "Lagom lång"])
    ] + [
        Question(kind=Question.Kind.TEXT, text=text)
        for text in (texts or ["Vad var bäst?"])
    ]
    evaluation.save()
    return evaluation


@pytest.fixture
def evaluation(course):
    return make_evaluation(course)


def invite(evaluation, user):
    return Invitation.objects.get_or_create(evaluation=evaluation, user=user)[0]


def respond(evaluation, values, text="", circle=None, user=None):
    """A response as the form would record it: Likert values in question order."""
    questions = list(evaluation.questions.all())
    response = Response.objects.create(
        evaluation=evaluation,
        circle=circle,
        user=user,
        submitted_on=timezone.localdate(),
    )
    likert = [q for q in questions if q.kind == Question.Kind.LIKERT]
    for question, value in zip(likert, values, strict=False):
        Answer.objects.create(response=response, question=question, value=value)
    free = [q for q in questions if q.kind == Question.Kind.TEXT]
    if text:
        Answer.objects.create(response=response, question=free[0], text=text)
    return response


def member(circle, username):
    user = UserFactory(username=username, roles=[LEARNER])
    CircleMembership.objects.create(circle=circle, user=user)
    return user


def form_data(evaluation, values, text=""):
    """POST data for the answer form."""
    data = {}
    questions = list(evaluation.questions.all())
    likert = [q for q in questions if q.kind == Question.Kind.LIKERT]
    for question, value in zip(likert, values, strict=False):
        if value is not None:
            data[f"q-{question.uuid}"] = str(value)
    free = [q for q in questions if q.kind == Question.Kind.TEXT]
    if text:
        data[f"q-{free[0].uuid}"] = text
    return data
