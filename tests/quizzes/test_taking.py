import re
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Page

from progress.models import ActivityProgress
from progress.states import ProgressState
from quizzes import attempts as service
from quizzes.factories import make_question, make_quiz
from quizzes.models import Attempt, AttemptAnswer, Quiz
from tests.conftest import place_on_topic

MENU = ["1 Äldreomsorg", "2 Socialtjänst", "4 Bygg och miljö", "9 Allmänna frågor"]


@pytest.fixture
def bygglov():
    return make_question(
        options=MENU, right=["4 Bygg och miljö"], tags=["Bygg och miljö"]
    )


def start(client, quiz, page=None):
    """Start ``quiz`` from ``page`` (by default a new topic that places it)."""
    if page is None:
        page = Page.objects.filter(depth=2).first() or Page.get_first_root_node()
        page = place_on_topic(page, quiz, "quiz", "quiz")
    response = client.post(f"/quiz/{quiz.uuid}/starta/", {"page": page.pk})
    assert response.status_code == 302
    return Attempt.objects.get(uuid=response.url.rstrip("/").split("/")[-1])


@pytest.mark.django_db
def test_a_learner_takes_a_quiz_and_sees_feedback(client, learner, course, bygglov):
    bygglov.explanation = "Bygglov hör till Bygg och miljö, val 4."
    bygglov.save()
    quiz = make_quiz([bygglov], shuffle_options=False)
    topic = place_on_topic(course, quiz, "quiz", "quiz")
    client.force_login(learner)
    attempt = start(client, quiz, topic)
    page = client.get(f"/quiz/forsok/{attempt.uuid}/").content.decode()
    assert 'name="q0" id="q0-2" value="2"' in page
    response = client.post(f"/quiz/forsok/{attempt.uuid}/", {"q0": "2", "submit": "1"})
    assert response.status_code == 302
    result = client.get(f"/quiz/forsok/{attempt.uuid}/").content.decode()
    assert "100 %" in result and "Godkänd." in result
    assert "Bygglov hör till Bygg och miljö" in result
    progress = ActivityProgress.objects.get(user=learner)
    assert progress.state == ProgressState.PASSED and progress.best_score == 1
    assert progress.activity.page_id == topic.pk


def markup(client, quiz):
    attempt = start(client, quiz)
    html = client.get(f"/quiz/forsok/{attempt.uuid}/").content.decode()
    body = re.search(r'<form method="post" class="quiz".*?</form>', html, re.S).group(0)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)


@pytest.mark.django_db
@pytest.mark.parametrize("shuffle", [False, True])
def test_the_quiz_page_does_not_reveal_the_right_answer(
    client, learner, shuffle, monkeypatch
):
    # Two questions that differ only in which option is right give the same markup.
    first = make_question(options=MENU, right=[MENU[0]])
    second = make_question(options=MENU, right=[MENU[2]])
    monkeypatch.setattr(service.secrets, "randbits", lambda bits: 42)
    client.force_login(learner)
    one = markup(client, make_quiz([first], shuffle_options=shuffle))
    two = markup(client, make_quiz([second], shuffle_options=shuffle))
    assert one == two


@pytest.mark.django_db
def test_submitting_twice_records_one_graded_attempt(client, learner, bygglov):
    quiz = make_quiz([bygglov], shuffle_options=False)
    client.force_login(learner)
    attempt = start(client, quiz)
    url = f"/quiz/forsok/{attempt.uuid}/"
    client.post(url, {"q0": "2", "submit": "1"})
    client.post(url, {"q0": "0", "submit": "1"})  # double click, second tab, retry
    attempt.refresh_from_db()
    assert attempt.score == 1 and attempt.passed
    assert Attempt.objects.count() == 1
    assert AttemptAnswer.objects.count() == 1
    assert ActivityProgress.objects.get().attempts == 1


@pytest.mark.django_db
def test_the_time_limit_is_enforced_on_the_server(client, learner, bygglov):
    quiz = make_quiz([bygglov], time_limit=5, shuffle_options=False)
    client.force_login(learner)
    attempt = start(client, quiz)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - timedelta(minutes=1)
    )
    client.post(f"/quiz/forsok/{attempt.uuid}/", {"q0": "2", "submit": "1"})
    attempt.refresh_from_db()
    assert attempt.score == 0 and not attempt.passed
    assert attempt.submitted_at <= attempt.deadline


@pytest.mark.django_db
def test_answers_saved_before_the_deadline_still_count(client, learner, bygglov):
    quiz = make_quiz([bygglov], time_limit=5, shuffle_options=False)
    client.force_login(learner)
    attempt = start(client, quiz)
    client.post(f"/quiz/forsok/{attempt.uuid}/", {"q0": "2", "save": "1"})
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - timedelta(minutes=1)
    )
    client.get(f"/quiz/forsok/{attempt.uuid}/")  # opening it after the time closes it
    attempt.refresh_from_db()
    assert not attempt.is_open and attempt.score == 1


@pytest.mark.django_db
def test_the_attempt_limit_is_enforced(client, learner, bygglov, course):
    quiz = make_quiz([bygglov], max_attempts=2)
    topic = place_on_topic(course, quiz, "quiz", "quiz")
    client.force_login(learner)
    for _ in range(2):
        attempt = start(client, quiz, topic)
        client.post(f"/quiz/forsok/{attempt.uuid}/", {"submit": "1"})
    response = client.post(
        f"/quiz/{quiz.uuid}/starta/", {"page": topic.pk}, follow=True
    )
    assert "Du har använt alla dina försök" in response.content.decode()
    assert Attempt.objects.count() == 2


@pytest.mark.django_db
def test_a_quiz_whose_questions_were_all_unpublished_cannot_be_started(
    client, learner, bygglov, course
):
    """An editor unpublished every question of a live quiz: starting it made a 0 %
    fail that used up one of the attempts allowed."""
    quiz = make_quiz([bygglov], max_attempts=1)
    topic = place_on_topic(course, quiz, "quiz", "quiz")
    bygglov.live = False
    bygglov.save()
    client.force_login(learner)
    response = client.post(
        f"/quiz/{quiz.uuid}/starta/", {"page": topic.pk}, follow=True
    )
    assert "Provet har inga frågor just nu och kan inte göras." in (
        response.content.decode()
    )
    assert not Attempt.objects.exists()
    assert not ActivityProgress.objects.filter(user=learner, activity__kind="quiz")


@pytest.mark.django_db
def test_an_unfinished_attempt_resumes_with_its_answers(client, learner, bygglov):
    quiz = make_quiz([bygglov], shuffle_options=False)
    client.force_login(learner)
    attempt = start(client, quiz)
    client.post(f"/quiz/forsok/{attempt.uuid}/", {"q0": "1", "save": "1"})
    again = start(client, quiz)
    assert again.pk == attempt.pk
    html = client.get(f"/quiz/forsok/{attempt.uuid}/").content.decode()
    assert 'id="q0-1" value="1" checked' in html


@pytest.mark.django_db
def test_nobody_opens_another_learners_attempt(client, learner, editor, bygglov):
    quiz = make_quiz([bygglov])
    client.force_login(learner)
    attempt = start(client, quiz)
    client.force_login(editor)
    assert client.get(f"/quiz/forsok/{attempt.uuid}/").status_code == 404


@pytest.mark.django_db
def test_random_draws_take_questions_by_tag(client, learner):
    social = [
        make_question(
            text=f"Sekretess {n}",
            options=["Ja", "Nej"],
            right=["Nej"],
            tags=["Socialtjänst"],
        )
        for n in range(5)
    ]
    make_question(
        text="Bygg", options=["Ja", "Nej"], right=["Ja"], tags=["Bygg och miljö"]
    )
    quiz = make_quiz(draws=[("Socialtjänst", 3)])
    client.force_login(learner)
    attempt = start(client, quiz)
    assert len(attempt.layout) == 3
    assert {e["question"] for e in attempt.layout} <= {q.pk for q in social}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "policy,passed,shown",
    [
        (Quiz.Review.IMMEDIATELY, False, True),
        (Quiz.Review.AFTER_PASS, False, False),
        (Quiz.Review.AFTER_PASS, True, True),
        (Quiz.Review.AFTER_LAST, False, True),  # one attempt allowed: it was the last
        (Quiz.Review.NEVER, True, False),
    ],
)
def test_the_review_policy_decides_when_answers_are_shown(
    client, learner, bygglov, policy, passed, shown
):
    bygglov.explanation = "Val 4 gäller bygglov."
    bygglov.save()
    quiz = make_quiz([bygglov], review=policy, max_attempts=1, shuffle_options=False)
    client.force_login(learner)
    attempt = start(client, quiz)
    client.post(
        f"/quiz/forsok/{attempt.uuid}/", {"q0": "2" if passed else "0", "submit": "1"}
    )
    html = client.get(f"/quiz/forsok/{attempt.uuid}/").content.decode()
    assert ("Val 4 gäller bygglov." in html) is shown
    assert "Du fick" in html  # the score is always shown


@pytest.mark.django_db
def test_every_question_type_is_graded_from_the_form(client, learner):
    questions = [
        make_question(
            "multiple",
            "Vilka kräver sekretess?",
            options=["Socialtjänst", "Bygglov", "Elevhälsa"],
            right=["Socialtjänst", "Elevhälsa"],
        ),
        make_question(
            "true_false",
            "KC svarar på 70–80 %.",
            options=["Sant", "Falskt"],
            right=["Sant"],
        ),
        make_question(
            "matching",
            "Para ihop",
            options=["Bygglov", "Hemtjänst"],
            matches=["Bygg och miljö", "Äldreomsorg"],
            right=["Bygglov", "Hemtjänst"],
        ),
        make_question(
            "ordering",
            "Ordna stegen",
            options=["Förstudie", "Processanalys", "Kontrakt"],
            right=["Förstudie", "Processanalys", "Kontrakt"],
        ),
        make_question(
            "short_text", "Vad kallas en väg in?", accepted="kontaktcenter\nKC"
        ),
        make_question("numeric", "Heltidstjänster?", number=18, tolerance="0.5"),
    ]
    quiz = make_quiz(questions, shuffle_options=False)
    client.force_login(learner)
    attempt = start(client, quiz)
    data = {
        "q0": ["0", "2"],
        "q1": "0",
        "q2-0": "0",
        "q2-1": "1",
        "q3-0": "1",
        "q3-1": "2",
        "q3-2": "3",
        "q4": "  Kontaktcenter ",
        "q5": "18,0",
        "submit": "1",
    }
    # matching options on the right are shuffled: answer by their text
    layout = attempt.layout[2]
    by_text = {q.pk: q for q in questions[2].choices.all()}
    right_positions = {by_text[pk].match: n for n, pk in enumerate(layout["matches"])}
    data["q2-0"] = str(right_positions["Bygg och miljö"])
    data["q2-1"] = str(right_positions["Äldreomsorg"])
    # ordering items are always shown shuffled: rank them by their text
    order = ["Förstudie", "Processanalys", "Kontrakt"]
    texts = {c.pk: c.text for c in questions[3].choices.all()}
    for position, pk in enumerate(attempt.layout[3]["options"]):
        data[f"q3-{position}"] = str(order.index(texts[pk]) + 1)
    client.post(f"/quiz/forsok/{attempt.uuid}/", data)
    attempt.refresh_from_db()
    assert (
        list(attempt.answers.order_by("question_id").values_list("correct", flat=True))
        == [True] * 6
    )
    assert attempt.score == 1


@pytest.mark.django_db
def test_a_quiz_starts_only_from_a_live_visible_page_that_places_it(
    client, learner, bygglov, course, private_course
):
    quiz = make_quiz([bygglov])
    other = make_quiz([bygglov])
    elsewhere = place_on_topic(course, other, "quiz", "quiz")
    client.force_login(learner)
    url = f"/quiz/{quiz.uuid}/starta/"
    # A forged or missing page: a page without the quiz, no page, nonsense.
    for page in ["", "x", "999999", str(elsewhere.pk), str(course.pk)]:
        assert client.post(url, {"page": page}).status_code == 404
    placed = place_on_topic(course, quiz, "quiz", "quiz")
    placed.unpublish()
    assert client.post(url, {"page": placed.pk}).status_code == 404
    assert not Attempt.objects.exists()


@pytest.mark.django_db
def test_a_quiz_reused_in_two_courses_counts_in_each(client, learner, bygglov, catalog):
    from courses.factories import CoursePageFactory

    quiz = make_quiz([bygglov], shuffle_options=False, max_attempts=1)
    first = CoursePageFactory(parent=catalog, slug="kurs-a")
    second = CoursePageFactory(parent=catalog, slug="kurs-b")
    client.force_login(learner)
    for course in (first, second):
        attempt = start(client, quiz, place_on_topic(course, quiz, "quiz", "quiz"))
        client.post(f"/quiz/forsok/{attempt.uuid}/", {"q0": "2", "submit": "1"})
    summaries = ActivityProgress.objects.filter(user=learner).select_related("activity")
    assert sorted((p.activity.course_id, p.state) for p in summaries) == [
        (first.pk, ProgressState.PASSED),
        (second.pk, ProgressState.PASSED),
    ]
    # Each placement has its own activity, named by the shared UUIDs.
    assert len({p.activity.uuid for p in summaries}) == 2
    assert {p.activity.content_uuid for p in summaries} == {quiz.uuid}


@pytest.mark.django_db
def test_the_first_learner_does_not_decide_where_a_quiz_counts(
    client, learner, editor, bygglov, catalog
):
    from courses.factories import CoursePageFactory

    quiz = make_quiz([bygglov], shuffle_options=False)
    course = CoursePageFactory(parent=catalog, slug="kurs-a")
    topic = place_on_topic(course, quiz, "quiz", "quiz")
    stranger = CoursePageFactory(parent=catalog, slug="annan")
    client.force_login(editor)
    # An attacker names a page of another course: refused, nothing recorded.
    assert (
        client.post(f"/quiz/{quiz.uuid}/starta/", {"page": stranger.pk}).status_code
        == 404
    )
    client.force_login(learner)
    attempt = start(client, quiz, topic)
    client.post(f"/quiz/forsok/{attempt.uuid}/", {"q0": "2", "submit": "1"})
    progress = ActivityProgress.objects.get(user=learner)
    assert progress.activity.course_id == course.pk
    assert progress.activity.page_id == topic.pk
