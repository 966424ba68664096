from decimal import Decimal

import pytest

from quizzes import grading as g


def test_single_choice():
    assert g.single("b", "b") == g.Grade(1.0, True)
    assert g.single("b", "a") == g.WRONG
    assert g.single("b", None) == g.WRONG
    assert g.single("b", "") == g.WRONG


@pytest.mark.parametrize(
    "picked,score,correct",
    [
        ({"a", "b"}, 1.0, True),
        ({"a"}, 0.5, False),
        ({"a", "c"}, 0.0, False),  # one right, one wrong: cancel out
        ({"a", "b", "c"}, 0.5, False),
        ({"c", "d"}, 0.0, False),  # never below zero
        (set(), 0.0, False),
        ({"a", "b", "x"}, 1.0, True),  # an option that does not exist is ignored
    ],
)
def test_multiple_choice_partial_credit(picked, score, correct):
    assert g.multiple({"a", "b"}, {"a", "b", "c", "d"}, picked) == g.Grade(
        score, correct
    )


def test_matching_gives_the_share_of_right_pairs():
    pairs = {
        "Bygglov": "Bygg och miljö",
        "Förskoleplats": "Förskola",
        "Hemtjänst": "Äldreomsorg",
    }
    assert g.matching(pairs, dict(pairs)) == g.Grade(1.0, True)
    assert g.matching(pairs, {**pairs, "Hemtjänst": "Förskola"}) == g.Grade(
        0.6667, False
    )
    assert g.matching(pairs, {}) == g.WRONG


def test_ordering_gives_the_share_of_items_in_place():
    order = ["Förstudie", "Processanalys", "Kontrakt", "Rekrytering"]
    assert g.ordering(order, list(order)) == g.Grade(1.0, True)
    assert g.ordering(
        order, ["Förstudie", "Kontrakt", "Processanalys", "Rekrytering"]
    ) == g.Grade(0.5, False)
    assert g.ordering(order, []) == g.WRONG


@pytest.mark.parametrize(
    "answer,fold,correct",
    [
        ("Kontaktcenter", False, True),
        ("  kontaktCENTER  ", False, True),  # case and outer space
        ("kontakt   center", False, False),
        ("Förvaltning", False, True),
        ("forvaltning", False, False),  # ö is a letter of its own in Swedish
        ("forvaltning", True, True),  # unless the question allows it
        ("", False, False),
        ("   ", False, False),
    ],
)
def test_short_text(answer, fold, correct):
    accepted = ["kontaktcenter", "förvaltning"]
    assert g.short_text(accepted, answer, fold_diacritics=fold).correct is correct


@pytest.mark.parametrize(
    "answer,correct",
    [
        ("18", True),
        ("18,0", True),
        (" 17.5 ", True),
        ("18.5", True),
        ("18.51", False),
        ("17,49", False),
        ("", False),
        ("arton", False),
        ("NaN", False),
        ("Infinity", False),
    ],
)
def test_numeric_with_inclusive_tolerance(answer, correct):
    assert g.numeric(Decimal("18"), Decimal("0.5"), answer).correct is correct
