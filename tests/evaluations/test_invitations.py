"""Learners are invited to the course evaluation when they complete the course."""

import pytest

from certificates.models import Certificate
from courses.models import TopicPage
from evaluations.models import Invitation
from progress.activities import activity_for_page
from progress.recording import record

from .conftest import make_evaluation

TOPICS = ("vad-ar-kc", "fordelar", "nackdelar", "forstudie")


def complete(user, *slugs):
    for slug in slugs:
        record(user, activity_for_page(TopicPage.objects.get(slug=slug)), "completed")


@pytest.mark.django_db
def test_completing_the_course_invites_once_and_sends_one_email(
    learner, evaluation, mailoutbox, django_capture_on_commit_callbacks
):
    learner.email = "lisa@example.se"
    learner.save()
    with django_capture_on_commit_callbacks(execute=True):
        complete(learner, *TOPICS[:3])
    assert not Invitation.objects.exists() and not mailoutbox
    with django_capture_on_commit_callbacks(execute=True):
        complete(learner, TOPICS[3])
    assert Certificate.objects.filter(user=learner).count() == 1
    invitation = Invitation.objects.get()
    assert invitation.user == learner and not invitation.answered
    (mail,) = mailoutbox
    assert mail.to == ["lisa@example.se"]
    assert f"/utvardering/{evaluation.uuid}/" in mail.body
    assert "Testkurs" in mail.body and "anonyma" in mail.body
    assert not mail.alternatives  # plain text
    # Completing again (and saving the evaluation again) makes nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        complete(learner, *TOPICS)
        evaluation.save()
    assert Invitation.objects.count() == 1 and len(mailoutbox) == 1


@pytest.mark.django_db
def test_no_evaluation_or_a_closed_one_invites_nobody(course, learner, mailoutbox):
    complete(learner, *TOPICS)
    assert not Invitation.objects.exists()
    evaluation = make_evaluation(course)
    evaluation.is_open = False
    evaluation.save()
    Invitation.objects.all().delete()
    Certificate.objects.all().delete()
    complete(learner, *TOPICS)  # a certificate again, while it is closed
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_an_evaluation_created_later_invites_who_completed_before(
    course, learner, mailoutbox, django_capture_on_commit_callbacks
):
    learner.email = "lisa@example.se"
    learner.save()
    complete(learner, *TOPICS)
    with django_capture_on_commit_callbacks(execute=True):
        evaluation = make_evaluation(course)
    assert Invitation.objects.get().evaluation == evaluation
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_min_utveckling_shows_the_waiting_evaluation_until_answered(
    client, learner, evaluation
):
    complete(learner, *TOPICS)
    client.force_login(learner)
    html = client.get("/min-utveckling/").content.decode()
    assert "Kursutvärdering väntar" in html
    assert f"/utvardering/{evaluation.uuid}/" in html
    Invitation.objects.update(answered=True)
    html = client.get("/min-utveckling/").content.decode()
    assert "Kursutvärdering väntar" not in html
