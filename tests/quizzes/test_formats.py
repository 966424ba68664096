from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from quizzes.formats import Choice as FormatChoice
from quizzes.formats import Question as FormatQuestion
from quizzes.formats import parse_aiken, parse_gift, to_gift
from quizzes.importing import export_gift, import_questions
from quizzes.models import Question
from tests.conftest import fixture_bytes


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def read(name):
    return fixture_bytes(name)


@pytest.mark.parametrize(
    "name,imported,skipped",
    [
        ("gift/moodle/questions.gift.txt", 8, 1),  # Moodle: 9 questions, one an essay
        ("gift/moodle/questions_in_category.gift.txt", 4, 0),
        ("gift/moodle/examples.txt", 43, 0),
        ("gift/qas-editor/all.gift", 19, 3),  # 22: one description, two essays
        ("gift/pygiftparser-rgmf/gift_file_all_questions.txt", 17, 2),  # 19
        ("gift/pygiftparser-rgmf/example_test1.txt", 4, 0),
        ("gift/pygiftparser-rgmf/example_test5.txt", 40, 0),
    ],
)
def test_gift_files_give_their_questions(name, imported, skipped):
    result = parse_gift(read(name))
    assert result.ok, result.errors
    assert (len(result.questions), len(result.skipped)) == (imported, skipped)


def test_gift_question_types_and_details():
    questions = parse_gift(read("gift/moodle/questions.gift.txt")).questions
    assert Counter(q.type for q in questions) == {
        "true_false": 3,
        "matching": 1,
        "single": 1,
        "multiple": 1,
        "numeric": 1,
        "short_text": 1,
    }
    matching = next(q for q in questions if q.type == "matching")
    assert [c.match for c in matching.choices] == [
        "Forum",
        "Choice",
        "Database",
        "Wiki",
    ]
    multiple = next(q for q in questions if q.type == "multiple")
    assert [c.correct for c in multiple.choices] == [True, False, True, False]
    single = next(q for q in questions if q.type == "single")
    assert single.choices[0].feedback == "right; good!"
    numeric = next(q for q in questions if q.type == "numeric")
    assert (numeric.number, numeric.tolerance) == (3, 2)
    short = next(q for q in questions if q.type == "short_text")
    assert short.accepted == ["Frog"]
    tf = next(q for q in questions if q.title == "Q1")
    assert tf.explanation.startswith("This is, of course")


@pytest.mark.parametrize(
    "data,line,words",
    [
        (b"::Q:: Unclosed {=yes ~no\n", 1, "never closed"),
        (b"Fine {=a ~b}\n\nBroken {yes}\n", 3, "must start with ="),
        (b"Nothing right {~a ~b}\n", 1, "no answer is marked right"),
        (b"Number {#abc}\n", 1, "not a number"),
    ],
)
def test_malformed_gift_is_reported_with_its_line(data, line, words):
    result = parse_gift(data)
    assert not result.ok
    assert result.errors[0][0] == line and words in result.errors[0][1]


def test_a_file_that_is_not_utf8_is_refused():
    result = parse_gift(read("gift/moodle/questions_encoding_windows-1252.gift.txt"))
    assert result.errors and "UTF-8" in result.errors[0][1]


def test_aiken_questions_and_errors():
    good = parse_aiken(read("aiken/moodle/questions.aiken.txt"))
    assert good.ok and len(good.questions) == 2
    assert [c.correct for c in good.questions[0].choices] == [False, True, False, False]
    bad = parse_aiken(read("aiken/moodle/aiken_errors.txt"))
    assert [line for line, _ in bad.errors] == [1, 5, 14]
    assert len(bad.questions) == 3


@pytest.mark.django_db
def test_import_writes_questions_with_tags(tmp_path):
    result = import_questions(
        read("gift/moodle/questions_in_category.gift.txt"), "gift", tags=["Allmänt"]
    )
    assert result.ok and Question.objects.count() == 4
    assert all(q.live for q in Question.objects.all())
    assert Question.objects.filter(tags__name="Allmänt").count() == 4


@pytest.mark.django_db
def test_a_failed_file_writes_nothing(tmp_path):
    path = tmp_path / "bad.gift"
    path.write_bytes(b"Good {=a ~b}\n\nBad {=c ~d\n")
    with pytest.raises(CommandError, match="line 3"):
        call_command("import_questions", str(path), "--format", "gift")
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_command_reports_skipped_questions(tmp_path, capsys):
    path = tmp_path / "q.gift"
    path.write_bytes(read("gift/moodle/questions.gift.txt"))
    call_command("import_questions", str(path), "--format", "gift")
    out = capsys.readouterr().out
    assert "Skipped line 2: an essay question" in out and "Imported 8 questions." in out


def comparable(question):
    return (
        question.type,
        question.text,
        question.title,
        [(c.text, c.is_correct, c.match) for c in question.choices.all()],
        question.accepted(),
        question.number,
        question.tolerance,
        question.explanation,
    )


@pytest.mark.django_db
def test_a_gift_export_imports_back_to_the_same_questions():
    import_questions(read("gift/moodle/examples.txt"), "gift")
    before = [comparable(q) for q in Question.objects.order_by("pk")]
    exported = export_gift(Question.objects.order_by("pk"))
    Question.objects.all().delete()
    result = import_questions(exported.encode(), "gift")
    assert result.ok, result.errors
    assert [comparable(q) for q in Question.objects.order_by("pk")] == before


TRUE_OR_FALSE_GIFT = b"Alla samtal kopplas vidare. {F}\nKC svarar direkt. {T}\n"


@pytest.mark.parametrize(
    "language,words", [("en", "True False"), ("sv", "Sant Falskt")]
)
def test_a_true_or_false_question_reads_in_the_importers_language(language, words):
    with translation.override(language):
        questions = parse_gift(TRUE_OR_FALSE_GIFT).questions
    for question in questions:
        assert [c.text for c in question.choices] == words.split()
    assert [c.correct for c in questions[0].choices] == [False, True]


def true_false(*choices):
    return FormatQuestion(
        line=1,
        type="true_false",
        text="KC svarar direkt.",
        choices=[FormatChoice(text, correct=right) for text, right in choices],
    )


@pytest.mark.parametrize(
    "choices,answer",
    [
        ((("True", True), ("False", False)), "{TRUE}"),
        ((("True", False), ("False", True)), "{FALSE}"),
        ((("Sant", True), ("Falskt", False)), "{TRUE}"),
        ((("Sant", False), ("Falskt", True)), "{FALSE}"),
        # Worded by an editor: the first option is the statement "true".
        ((("Stämmer", True), ("Stämmer inte", False)), "{TRUE}"),
        ((("Stämmer", False), ("Stämmer inte", True)), "{FALSE}"),
        # "False" put first is still false.
        ((("Falskt", True), ("Sant", False)), "{FALSE}"),
    ],
)
def test_gift_export_tells_true_from_false_in_either_language(choices, answer):
    for language in ("sv", "en"):
        with translation.override(language):
            assert to_gift([true_false(*choices)]).strip().endswith(answer)
