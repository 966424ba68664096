"""The migration that moves a quiz's records to the page each attempt was taken on."""

import uuid

import pytest
from django.apps import apps

from progress.activities import placement_uuid
from progress.models import Activity, ActivityProgress, Statement
from progress.rekeying import split_by_placement
from quizzes.factories import make_question, make_quiz
from quizzes.models import Attempt
from tests.conftest import place_on_topic


@pytest.mark.django_db
def test_old_quiz_records_move_to_the_page_of_each_attempt(learner, editor, catalog):
    from courses.factories import CoursePageFactory

    quiz = make_quiz([make_question(options=["Ja", "Nej"], right=["Ja"])])
    first, second = (
        place_on_topic(CoursePageFactory(parent=catalog, slug=s), quiz, "quiz", "quiz")
        for s in ("a", "b")
    )
    # Before: one activity keyed by the quiz, its page set by the first learner.
    old = Activity.objects.create(
        uuid=quiz.uuid, kind="quiz", title=quiz.title, page=first
    )
    for user, page, verb, score in (
        (learner, first, "failed", "0.2"),
        (learner, second, "passed", "1"),
        (editor, second, "failed", "0.5"),
    ):
        attempt = Attempt.objects.create(
            quiz=quiz, user=user, page=page, number=1 + (page == second)
        )
        Statement.objects.create(
            id=uuid.uuid4(),
            actor=user,
            verb=verb,
            activity=old,
            score=score,
            context={"attempt": str(attempt.uuid)},
        )
        ActivityProgress.objects.update_or_create(
            user=user, activity=old, defaults={"state": "passed", "attempts": 9}
        )

    split_by_placement(apps, "quiz", "quizzes.Attempt", "quiz")

    by_page = {a.page_id: a for a in Activity.objects.filter(kind="quiz")}
    assert set(by_page) == {first.pk, second.pk}
    for activity in by_page.values():
        assert activity.uuid == placement_uuid(quiz.uuid, activity.page)
        assert activity.content_uuid == quiz.uuid
    summaries = {
        (p.user_id, p.activity.page_id): (p.state, p.attempts, str(p.best_score))
        for p in ActivityProgress.objects.select_related("activity")
    }
    assert summaries == {
        (learner.pk, first.pk): ("completed", 1, "0.2000"),
        (learner.pk, second.pk): ("passed", 1, "1.0000"),
        (editor.pk, second.pk): ("completed", 1, "0.5000"),
    }
