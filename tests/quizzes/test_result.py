"""The quiz result shows the learner's own answer beside the right one, and numbers
as people write them."""

import re
from decimal import Decimal

import pytest
from django.utils import translation

from quizzes.factories import make_question, make_quiz
from quizzes.templatetags.quiz_tags import plain_number
from tests.quizzes.test_taking import MENU, start


def result(client, quiz, data):
    attempt = start(client, quiz)
    client.post(f"/quiz/forsok/{attempt.uuid}/", {**data, "submit": "1"})
    return client.get(f"/quiz/forsok/{attempt.uuid}/").content.decode(), attempt


def review_of(html: str) -> str:
    """The review list as text, tags removed and white space folded."""
    review = re.search(r'<ol class="quiz__review">.*</ol>', html, re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", " ", review).split())


@pytest.mark.django_db
def test_a_wrong_choice_shows_the_learners_answer_next_to_the_right_one(
    client, learner
):
    question = make_question(options=MENU, right=["4 Bygg och miljö"])
    client.force_login(learner)
    html, _attempt = result(
        client, make_quiz([question], shuffle_options=False), {"q0": "1"}
    )
    text = review_of(html)
    assert "✗ Fel" in text
    assert "Ditt svar: 2 Socialtjänst Rätt svar: 4 Bygg och miljö" in text


@pytest.mark.django_db
def test_every_kind_of_answer_is_shown_as_the_learner_gave_it(client, learner):
    questions = [
        make_question(
            "multiple",
            "Vilka kräver sekretess?",
            options=["Socialtjänst", "Bygglov", "Elevhälsa"],
            right=["Socialtjänst", "Elevhälsa"],
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
        make_question("short_text", "Vad kallas en väg in?", accepted="kontaktcenter"),
        make_question("numeric", "Heltidstjänster?", number=18, tolerance="0.5"),
        make_question("single", "Obesvarad?", options=["Ja", "Nej"], right=["Ja"]),
    ]
    quiz = make_quiz(questions, shuffle_options=False)
    client.force_login(learner)
    attempt = start(client, quiz)
    # Matching: both items given the same match (one right, one wrong).
    matches = {c.pk: c.match for c in questions[1].choices.all()}
    to_position = {matches[pk]: n for n, pk in enumerate(attempt.layout[1]["matches"])}
    # Ordering: the learner puts the items in reverse order.
    texts = {c.pk: c.text for c in questions[2].choices.all()}
    given_order = ["Kontrakt", "Processanalys", "Förstudie"]
    data = {
        "q0": ["0", "1"],
        "q1-0": str(to_position["Bygg och miljö"]),
        "q1-1": str(to_position["Bygg och miljö"]),
        "q3": "växel",
        "q4": "17,25",
        "submit": "1",
    }
    for position, pk in enumerate(attempt.layout[2]["options"]):
        data[f"q2-{position}"] = str(given_order.index(texts[pk]) + 1)
    client.post(f"/quiz/forsok/{attempt.uuid}/", data)
    text = review_of(client.get(f"/quiz/forsok/{attempt.uuid}/").content.decode())
    assert "Ditt svar: Socialtjänst, Bygglov Rätt svar: Socialtjänst, Elevhälsa" in text
    assert "Bygglov Bygg och miljö ✓ (rätt) Bygg och miljö" in text
    assert "Hemtjänst Bygg och miljö ✗ (fel) Äldreomsorg" in text
    assert (
        "Ditt svar: Kontrakt Processanalys Förstudie "
        "Rätt ordning: Förstudie Processanalys Kontrakt"
    ) in text
    assert "Ditt svar: växel Godtagna svar: kontaktcenter" in text
    assert "Ditt svar: 17,25 Rätt svar: 18 (± 0,5)" in text
    assert "Ditt svar: Du svarade inte på frågan. Rätt svar: Ja" in text


@pytest.mark.django_db
def test_a_partly_right_answer_shows_its_share_in_percent(client, learner):
    question = make_question(
        "multiple",
        "Vilka kräver sekretess?",
        options=["Socialtjänst", "Bygglov", "Elevhälsa"],
        right=["Socialtjänst", "Elevhälsa"],
    )
    client.force_login(learner)
    html, _attempt = result(
        client, make_quiz([question], shuffle_options=False), {"q0": ["0"]}
    )
    assert "◐ Delvis rätt (50 %)" in review_of(html)


@pytest.mark.django_db
def test_numbers_in_english_use_a_decimal_point_and_no_trailing_zeros(
    client, learner, settings
):
    question = make_question("numeric", "Heltidstjänster?", number=18, tolerance="0.5")
    client.force_login(learner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html, _attempt = result(client, make_quiz([question]), {"q0": "18"})
    text = review_of(html)
    assert "Your answer: 18 Right answer: 18 (± 0.5)" in text
    assert "0.500000" not in html and "18.000000" not in html


@pytest.mark.parametrize(
    ("value", "sv", "en"),
    [
        (Decimal("0.500000"), "0,5", "0.5"),
        (Decimal("18.000000"), "18", "18"),
        (Decimal("100.000000"), "100", "100"),
        (Decimal("37744.250000"), "37744,25", "37744.25"),
        (Decimal("0.000001"), "0,000001", "0.000001"),
        (Decimal("0"), "0", "0"),
    ],
)
def test_numbers_drop_trailing_zeros_and_use_the_languages_decimal_mark(value, sv, en):
    with translation.override("sv"):
        assert plain_number(value) == sv
    with translation.override("en"):
        assert plain_number(value) == en
