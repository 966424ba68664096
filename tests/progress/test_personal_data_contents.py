"""What the "Download my data" file says: everything about the person, in words,
nothing about anyone else, and no answer key the learner may not see yet."""

import json

import pytest
from django.http import QueryDict
from wagtail.models import Page

from ecirkel.personal_data import export
from progress.activities import activity_for_page
from progress.recording import Result, record
from quizzes import attempts as service
from quizzes.factories import make_question, make_quiz
from quizzes.models import Quiz
from roleplays import playing
from roleplays.factories import make_scenario
from roleplays.models import ObservedSession
from tests.conftest import placement

STEPS_IN_ORDER = ["Ta emot samtalet", "Lyssna", "Svara", "Dokumentera"]
PAIRS = [("Bygglov", "Bygg och miljö"), ("Hemtjänst", "Äldreomsorg")]


def form(**fields) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in fields.items():
        data[key] = value
    return data


@pytest.fixture
def questions():
    single = make_question(
        "single",
        "Vart kopplas en fråga om bygglov?",
        options=["Socialtjänst", "Bygg och miljö"],
        right=["Bygg och miljö"],
        explanation="Bygglov hör till Bygg och miljö.",
    )
    ordering = make_question(
        "ordering", "Ordna stegen i ett samtal.", options=STEPS_IN_ORDER
    )
    matching = make_question(
        "matching",
        "Para ihop ärendet med förvaltningen.",
        options=[item for item, _m in PAIRS],
        matches=[match for _i, match in PAIRS],
    )
    return single, ordering, matching


def quiz_with(questions, review=Quiz.Review.IMMEDIATELY) -> Quiz:
    return make_quiz(
        list(questions), title="Sekretess och ROSA", review=review, shuffle_options=True
    )


def position(attempt, question_index, text, choices):
    """The form position of the option with ``text`` in the attempt's layout."""
    ids = attempt.layout[question_index]["options"]
    return ids.index(next(c.pk for c in choices if c.text == text))


def answer_everything_right(attempt, questions) -> QueryDict:
    single, ordering, matching = questions
    single_choices = list(single.choices.all())
    data = form(q0=str(position(attempt, 0, "Bygg och miljö", single_choices)))
    ordering_choices = list(ordering.choices.all())
    for rank, text in enumerate(STEPS_IN_ORDER, start=1):
        data[f"q1-{position(attempt, 1, text, ordering_choices)}"] = str(rank)
    matching_choices = list(matching.choices.all())
    for item, _match in PAIRS:
        left = position(attempt, 2, item, matching_choices)
        right_pk = next(c.pk for c in matching_choices if c.text == item)
        data[f"q2-{left}"] = str(attempt.layout[2]["matches"].index(right_pk))
    return data


def walk(value):
    """Every value in the JSON, containers included."""
    yield value
    if isinstance(value, dict):
        for item in value.values():
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)


def holds_ids_of(data, question) -> bool:
    """Whether any list in the download is a set of the question's option ids."""
    ids = {str(c.pk) for c in question.choices.all()}
    return any(
        isinstance(value, list)
        and len(value) > 1
        and all(isinstance(v, int | str) for v in value)
        and {str(v) for v in value} <= ids
        for value in walk(data)
    )


def attempt_rows(data) -> list[dict]:
    return data["tables"]["quizzes.attempt"]["rows"]


@pytest.mark.django_db
def test_an_open_attempt_shows_the_answers_so_far_but_no_answer_key(learner, questions):
    single, ordering, matching = questions
    quiz = quiz_with(questions, review=Quiz.Review.IMMEDIATELY)
    attempt = service.start_or_resume(quiz, learner, placement(quiz))
    wrong_order = list(reversed(STEPS_IN_ORDER))
    choices = list(ordering.choices.all())
    data = form()
    for rank, text in enumerate(wrong_order, start=1):
        data[f"q1-{position(attempt, 1, text, choices)}"] = str(rank)
    service.save_answers(attempt, data)

    exported = export(learner)
    text = json.dumps(exported, ensure_ascii=False)
    assert "layout" not in text
    assert not holds_ids_of(exported, ordering)
    assert not holds_ids_of(exported, matching)
    (row,) = attempt_rows(exported)
    assert row["quiz"] == "Sekretess och ROSA" and row["submitted_at"] is None
    by_question = {a["question"]: a for a in row["answers"]}
    assert by_question["Ordna stegen i ett samtal."]["your_answer"] == wrong_order
    assert by_question["Vart kopplas en fråga om bygglov?"]["your_answer"] is None
    for answer in row["answers"]:
        assert set(answer) == {"question", "type", "your_answer"}, answer
    for _item, match in PAIRS:
        assert match not in text  # the learner has not matched anything yet
    assert "Bygglov hör till Bygg och miljö." not in text


@pytest.mark.django_db
def test_a_submitted_attempt_shows_the_right_answers_when_the_quiz_allows(
    learner, questions
):
    quiz = quiz_with(questions, review=Quiz.Review.IMMEDIATELY)
    attempt = service.start_or_resume(quiz, learner, placement(quiz))
    service.submit(attempt, answer_everything_right(attempt, questions))

    (row,) = attempt_rows(export(learner))
    assert row["passed"] is True and row["score"] == "1.0000"
    single, ordering, matching = row["answers"]
    assert single == {
        "question": "Vart kopplas en fråga om bygglov?",
        "type": "Ett svar",
        "your_answer": "Bygg och miljö",
        "correct": True,
        "score": "1.0000",
        "right_answer": ["Bygg och miljö"],
        "feedback": [],
        "explanation": "Bygglov hör till Bygg och miljö.",
    }
    assert ordering["your_answer"] == STEPS_IN_ORDER
    assert ordering["right_answer"] == STEPS_IN_ORDER
    expected_pairs = [{"item": i, "matched_with": m} for i, m in PAIRS]
    assert sorted(matching["your_answer"], key=str) == sorted(expected_pairs, key=str)
    assert matching["right_answer"] == expected_pairs


@pytest.mark.django_db
def test_a_submitted_attempt_keeps_the_answer_key_when_the_quiz_never_shows_it(
    learner, questions
):
    single, ordering, matching = questions
    quiz = quiz_with(questions, review=Quiz.Review.NEVER)
    attempt = service.start_or_resume(quiz, learner, placement(quiz))
    service.submit(attempt, form(q0="0"))

    exported = export(learner)
    (row,) = attempt_rows(exported)
    assert row["submitted_at"] is not None
    for answer in row["answers"]:
        assert set(answer) == {"question", "type", "your_answer"}, answer
    text = json.dumps(exported, ensure_ascii=False)
    assert "Bygglov hör till Bygg och miljö." not in text
    assert not holds_ids_of(exported, ordering)
    assert not holds_ids_of(exported, matching)


@pytest.fixture
def scenario():
    return make_scenario(
        [
            ("start", "Hej, jag vill veta om mitt ärende.", False),
            ("slut", "Tack", True),
        ],
        [
            ("start", "Jag kopplar dig rätt.", "slut", (2, 1, 2), False),
            ("start", "HEMLIGT-VAL läser ur akten", "slut", (-2, -2, -2), True),
        ],
        title="Hon vill tala med sin socialsekreterare",
        live=True,
    )


@pytest.mark.django_db
def test_a_practice_call_is_shown_as_the_learner_saw_it(learner, scenario):
    unfinished = playing.start(scenario, learner, placement(scenario))
    finished = playing.start(scenario, learner, placement(scenario))
    playing.choose(finished, 0, finished.current_step)

    exported = export(learner)
    text = json.dumps(exported, ensure_ascii=False)
    rows = {
        row["uuid"]: row
        for row in exported["tables"]["roleplays.roleplayattempt"]["rows"]
    }
    open_row, done = rows[str(unfinished.uuid)], rows[str(finished.uuid)]
    assert open_row["scenario"] == "Hon vill tala med sin socialsekreterare"
    assert open_row["caller_now_says"] == "Hej, jag vill veta om mitt ärende."
    assert "scores" not in open_row and "passed" not in open_row
    assert done["call"] == [
        {
            "caller_said": "Hej, jag vill veta om mitt ärende.",
            "you_answered": "Jag kopplar dig rätt.",
            "feedback": "Återkoppling Jag kopplar dig rätt.",
            "broke_a_rule": False,
        }
    ]
    assert done["passed"] is True and done["outcome"] == "Utfall slut"
    assert done["scores"] == {
        "Bemötande": 2,
        "Rätt information": 1,
        "Rätt väg (ROSA)": 2,
    }
    for secret in ("HEMLIGT-VAL", "HEMLIGT-MÅL", "REGEL-SEKRETESS", "ROUTING-EXPERT"):
        assert secret not in text  # the script is not the learner's data


@pytest.mark.django_db
def test_a_practice_call_below_the_pass_mark_is_not_passed_in_the_download(
    learner, scenario
):
    scenario.pass_mark = 100
    scenario.save()
    attempt = playing.start(scenario, learner, placement(scenario))
    playing.choose(attempt, 0, attempt.current_step)  # good, not the best possible
    (row,) = export(learner)["tables"]["roleplays.roleplayattempt"]["rows"]
    assert row["passed"] is False  # as on the call's page


@pytest.fixture
def observed(circle, circle_leader, learner, scenario):
    learner.first_name, learner.last_name = "Lisa", "Larsson"
    learner.save()
    circle_leader.first_name, circle_leader.last_name = "Leo", "Ledare"
    circle_leader.save()
    record(
        learner,
        activity_for_page(circle.courses.get().get_topics().first()),
        "completed",
    )
    return ObservedSession.objects.create(
        scenario=scenario,
        learner=learner,
        observer=circle_leader,
        empathy=-1,
        correctness=2,
        routing=1,
        notes="Lisa avbröt uppringaren tre gånger.",
    )


@pytest.mark.django_db
def test_a_circle_leaders_download_holds_their_circle_but_nothing_about_its_learners(
    circle_leader, observed
):
    exported = export(circle_leader)
    text = json.dumps(exported, ensure_ascii=False)
    for about_lisa in ("Lisa", "Larsson", "lisa", "avbröt"):
        assert about_lisa not in text, about_lisa
    (circle,) = exported["tables"]["circles.studycircle"]["rows"]
    assert circle == {
        "name": "Cirkel A",
        "courses": ["Testkurs"],
        "created_at": circle["created_at"],
    }
    (session,) = exported["tables"]["roleplays.observedsession"]["rows"]
    assert session["scenario"] == "Hon vill tala med sin socialsekreterare"
    assert session["your_role"] == "observatör"
    assert {"empathy", "correctness", "routing", "notes"}.isdisjoint(session)


@pytest.mark.django_db
def test_a_learners_download_holds_the_observation_about_them(learner, observed):
    exported = export(learner)
    (session,) = exported["tables"]["roleplays.observedsession"]["rows"]
    assert session["notes"] == "Lisa avbröt uppringaren tre gånger."
    assert session["observed_by"] == "Leo Ledare"
    assert (session["empathy"], session["correctness"], session["routing"]) == (
        -1,
        2,
        1,
    )
    (membership,) = exported["tables"]["circles.circlemembership"]["rows"]
    assert membership["circle"] == "Cirkel A"
    text = json.dumps(exported, ensure_ascii=False)
    assert "observed_by" not in json.dumps(
        exported["tables"]["progress.statement"]["rows"]
    )
    assert "leo" not in text.replace("Leo Ledare", "")  # no other trace of the leader


@pytest.mark.django_db
def test_rows_name_things_by_their_titles_not_their_numbers(learner, course):
    topic = course.get_topics().first()
    record(learner, activity_for_page(topic), "passed", result=Result(score=0.5))
    exported = export(learner)
    (progress,) = exported["tables"]["progress.activityprogress"]["rows"]
    assert progress["activity"] == "Vad är KC?" and progress["course"] == "Testkurs"
    assert progress["activity_kind"] == "Ämne" and progress["state"] == "Godkänd"
    (statement,) = exported["tables"]["progress.statement"]["rows"]
    assert statement["activity"] == "Vad är KC?" and statement["verb"] == "godkänd"
    assert exported["tables"]["progress.statement"]["title"]


@pytest.mark.django_db
def test_wagtails_own_rows_about_the_person_stay_in_the_download(editor, course):
    topic = Page.objects.get(slug="forstudie").specific
    topic.save_revision(user=editor)
    exported = export(editor)
    (revision,) = exported["tables"]["wagtailcore.revision"]["rows"]
    assert revision["object_str"] == "Förstudie"


@pytest.mark.django_db
def test_the_download_is_a_json_file_in_the_persons_language(
    client, learner, questions
):
    quiz = quiz_with(questions)
    service.submit(service.start_or_resume(quiz, learner, placement(quiz)), form())
    client.force_login(learner)
    response = client.get("/min-utveckling/mina-uppgifter.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]  # personal data: never cached
    body = response.content.decode()
    assert "Vart kopplas en fråga om bygglov?" in body  # not \u-escaped
    assert json.loads(body)["tables"]["quizzes.attempt"]["title"] == (
        "Quizförsök och dina svar"
    )
