"""Publishing a quiz in the admin: every draw must be able to find its questions.

A draw takes questions tagged with its tag from the published question bank, leaving
out the quiz's own (fixed) questions and what the draws above it took
(``quizzes.attempts.questions_for``). A quiz whose draws cannot be filled is refused
with the reason when an editor publishes it; a draft can be saved.
"""

import pytest
from wagtail.models import Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from quizzes.factories import make_question, make_quiz
from quizzes.models import Quiz

TAG = "Socialtjänst"


def tagged(n, tag=TAG, **extra):
    return [
        make_question(
            text=f"{tag} fråga {i}",
            options=("a", "b"),
            right=("a",),
            tags=[tag],
            **extra,
        )
        for i in range(n)
    ]


def form(fixed=(), draws=(), title="Quiz om sekretess"):
    return nested_form_data(
        {
            "title": title,
            "intro": "",
            "fixed_questions": inline_formset([{"question": q.pk} for q in fixed]),
            "draws": inline_formset(
                [{"tag": tag, "count": count} for tag, count in draws]
            ),
            "pass_mark": 70,
            "max_attempts": "",
            "time_limit": "",
            "shuffle_questions": "",
            "shuffle_options": "on",
            "review": "immediately",
        }
    )


@pytest.fixture
def draft_quiz(db):
    quiz = make_quiz(title="Quiz om sekretess")
    quiz.live = False
    quiz.save()
    return quiz


@pytest.fixture
def editing(client, editor, draft_quiz, settings):
    """POST the quiz's admin edit form as the editor, publishing or saving a draft
    (in the English admin; the Swedish one is tested at the end)."""
    client.force_login(editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = f"/admin/snippets/quizzes/quiz/edit/{draft_quiz.pk}/"

    def post(publish=True, **kwargs):
        data = form(**kwargs)
        if publish:
            data["action-publish"] = "1"
        return client.post(url, data)

    return post


def refused(response):
    html = response.content.decode()
    assert response.status_code == 200, html[:2000]
    return html


def assert_nothing_published(quiz):
    quiz.refresh_from_db()
    assert not quiz.live
    assert not quiz.draws.exists()
    assert not Revision.objects.filter(object_id=str(quiz.pk)).exists()


@pytest.mark.django_db
def test_a_draw_from_a_tag_no_question_carries_is_refused_on_publishing(
    editing, draft_quiz
):
    tagged(3)
    html = refused(editing(draws=[("Bygglov", 3)]))
    assert "No published question is tagged “Bygglov”" in html
    assert_nothing_published(draft_quiz)


@pytest.mark.django_db
def test_drawing_ten_from_five_questions_is_refused_with_the_numbers(
    editing, draft_quiz
):
    tagged(5)
    html = refused(editing(draws=[(TAG, 10)]))
    assert "The quiz cannot draw 10 questions tagged “Socialtjänst”, only 5" in html
    assert "the question bank has no more published questions with that tag" in html
    assert_nothing_published(draft_quiz)


@pytest.mark.django_db
def test_draft_questions_do_not_count_for_a_draw(editing, draft_quiz):
    tagged(2)
    tagged(3, live=False)
    html = refused(editing(draws=[(TAG, 3)]))
    assert "The quiz cannot draw 3 questions tagged “Socialtjänst”, only 2" in html
    assert_nothing_published(draft_quiz)


@pytest.mark.django_db
def test_the_quizs_own_questions_do_not_count_for_its_draws(editing, draft_quiz):
    questions = tagged(5)
    html = refused(editing(fixed=questions[:2], draws=[(TAG, 4)]))
    assert "The quiz cannot draw 4 questions tagged “Socialtjänst”, only 3" in html
    assert "its fixed questions and the draws above this one" in html
    assert_nothing_published(draft_quiz)

    assert editing(fixed=questions[:2], draws=[(TAG, 3)]).status_code == 302
    draft_quiz.refresh_from_db()
    assert draft_quiz.live
    assert [(d.tag, d.count) for d in draft_quiz.draws.all()] == [(TAG, 3)]


@pytest.mark.django_db
def test_a_draw_counts_what_the_draws_above_it_may_take(editing, draft_quiz):
    tagged(5)
    # Two draws of 3 from the same five questions: the second may find only 2.
    html = refused(editing(draws=[(TAG, 3), (TAG, 3)]))
    assert "The quiz cannot draw 3 questions tagged “Socialtjänst”, only 2" in html
    assert_nothing_published(draft_quiz)


@pytest.mark.django_db
def test_draws_from_different_tags_that_can_be_filled_publish(editing, draft_quiz):
    tagged(3)
    tagged(4, tag="Allmänt")
    response = editing(draws=[(TAG, 3), ("Allmänt", 4)])
    assert response.status_code == 302, response.content.decode()[:2000]
    draft_quiz.refresh_from_db()
    assert draft_quiz.live


@pytest.mark.django_db
def test_every_draw_that_cannot_be_filled_is_named(editing, draft_quiz):
    tagged(1)
    html = refused(editing(draws=[(TAG, 2), ("Bygglov", 1)]))
    assert (
        "Draw 1: The quiz cannot draw 2 questions tagged “Socialtjänst”, only 1" in html
    )
    assert "Draw 2: No published question is tagged “Bygglov”" in html


@pytest.mark.django_db
def test_a_draft_with_a_draw_that_cannot_be_filled_can_be_saved(editing, draft_quiz):
    response = editing(publish=False, draws=[("Bygglov", 10)])
    assert response.status_code == 302, response.content.decode()[:2000]
    draft_quiz.refresh_from_db()
    assert not draft_quiz.live
    draft = draft_quiz.latest_revision.as_object()
    assert [(d.tag, d.count) for d in draft.draws.all()] == [("Bygglov", 10)]


@pytest.mark.django_db
def test_a_quiz_without_any_question_is_refused_on_publishing(editing, draft_quiz):
    html = refused(editing())
    assert "The quiz has no questions" in html
    assert_nothing_published(draft_quiz)


@pytest.mark.django_db
def test_the_reason_is_given_in_swedish_in_the_swedish_admin(
    client, editor, draft_quiz
):
    tagged(5)
    client.force_login(editor)
    response = client.post(
        f"/admin/snippets/quizzes/quiz/edit/{draft_quiz.pk}/",
        {**form(draws=[(TAG, 10)]), "action-publish": "1"},
    )
    html = refused(response)
    swedish = "Quizet kan inte slumpa 10 frågor med taggen ”Socialtjänst”, bara 5"
    assert f"Slumpning 1: {swedish}" in html


@pytest.mark.django_db
def test_learners_cannot_reach_the_quiz_editor(client, learner, draft_quiz):
    client.force_login(learner)
    response = client.post(
        f"/admin/snippets/quizzes/quiz/edit/{draft_quiz.pk}/",
        {**form(draws=[(TAG, 1)]), "action-publish": "1"},
    )
    assert response.status_code in (302, 403)
    assert not Quiz.objects.get(pk=draft_quiz.pk).live
