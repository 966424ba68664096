"""Hostile input to the GIFT and Aiken importers and to numeric answers.

Every bad file is refused with the line to fix and nothing is written, whether it comes
through the admin's import page or ``manage.py import_questions``; parsing stays linear
however the file is built; a numeric answer no number can hold is graded wrong.
"""

import signal
from contextlib import contextmanager

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from quizzes import formats
from quizzes.factories import make_question, make_quiz
from quizzes.formats import parse_aiken, parse_gift
from quizzes.importing import import_questions
from quizzes.models import Attempt, Question
from tests.conftest import placement

GOOD_GIFT = "::Bra:: Vilket val gäller bygglov? {=4 ~1 ~2}\n\n".encode()
GOOD_AIKEN = "Vilket val gäller bygglov?\nA. 1\nB. 4\nANSWER: B\n\n".encode()

# (file, line, words of the reason): the good question fills lines 1-2 (Aiken 1-5).
HOSTILE_GIFT = {
    "unclosed brace swallows the next question": (
        GOOD_GIFT + "Utan slut {=ja ~nej\n\nNästa fråga {=a ~b}\n".encode(),
        3,
        "never closed",
    ),
    "unclosed brace on a later line of the question": (
        GOOD_GIFT + b"En lang fraga\nmed svar {=ja\n~nej\n\nNasta {=a ~b}\n",
        4,
        "never closed",
    ),
    "unclosed brace followed by blank lines to the end": (
        GOOD_GIFT + b"Tal {#18\n" + b"\n" * 1000,
        3,
        "never closed",
    ),
    "a tolerance too large for any number": (
        GOOD_GIFT + b"Tal {#1:1e999999999}\n",
        3,
        "1e999999999 is too large",
    ),
    "a range from a number too large": (
        GOOD_GIFT + b"Tal {#1e999999999..1}\n",
        3,
        "1e999999999 is too large",
    ),
    "a number with fifteen digits": (
        GOOD_GIFT + b"Tal {#123456789012345}\n",
        3,
        "123456789012345 is too large",
    ),
    "a number too small to keep": (
        GOOD_GIFT + b"Tal {#1e-999999999}\n",
        3,
        "more than 6 decimals",
    ),
    "a number with seven decimals": (
        GOOD_GIFT + b"Tal {#3.1415926}\n",
        3,
        "more than 6 decimals",
    ),
    "a range whose middle needs seven decimals": (
        GOOD_GIFT + b"Tal {#1.000001..1.000002}\n",
        3,
        "more than 6 decimals",
    ),
    "a range from a number too small to add to": (
        GOOD_GIFT + b"Tal {#1e-999999999..1}\n",
        3,
        "cannot be kept exactly",
    ),
    "an infinite number": (GOOD_GIFT + b"Tal {#Infinity}\n", 3, "not a number"),
    "a 150-character category": (
        GOOD_GIFT + b"$CATEGORY: $course$/top/" + b"K" * 150 + b"\n\nFraga {=a ~b}\n",
        3,
        "longer than 100 characters",
    ),
    "a NUL byte": (GOOD_GIFT + b"Fraga {=a\x00 ~b}\n", 3, "NUL byte"),
}

HOSTILE_AIKEN = {
    "a NUL byte": (GOOD_AIKEN + b"Fraga\x00?\nA. a\nB. b\nANSWER: A\n", 6, "NUL byte"),
    "text that is not UTF-8": (
        GOOD_AIKEN + "Fråga?\nA. a\nB. b\nANSWER: A\n".encode("latin-1"),
        6,
        "UTF-8",
    ),
    "an answer letter that is no option": (
        GOOD_AIKEN + b"Fraga?\nA. a\nB. b\nANSWER: " + b"Z" * 100_000 + b"\n",
        9,
        "is not one of the options",
    ),
}

ALL_FILES = [
    pytest.param(fmt, *cases[case], id=f"{fmt}: {case}")
    for fmt, cases in (("gift", HOSTILE_GIFT), ("aiken", HOSTILE_AIKEN))
    for case in cases
]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def existing(db):
    """A question already in the bank: a refused import must leave it alone."""
    return make_question(options=["4", "1"], right=["4"])


@pytest.mark.django_db
@pytest.mark.parametrize("fmt,data,line,words", ALL_FILES)
def test_a_hostile_file_is_refused_with_its_line_and_writes_nothing(
    existing, fmt, data, line, words
):
    before = Question.objects.count()
    result = import_questions(data, fmt)
    assert not result.ok
    assert result.errors[0][0] == line, result.errors
    assert words in result.errors[0][1], result.errors
    assert len(result.errors[0][1]) < 200, "the reason must not echo the file"
    assert Question.objects.count() == before


def test_the_unclosed_brace_is_explained_in_swedish():
    data, _line, _words = HOSTILE_GIFT["unclosed brace swallows the next question"]
    with translation.override("sv"):
        result = parse_gift(data)
    assert result.errors == [
        (3, "klammerparentesen { stängs aldrig; avsluta svaren med }.")
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt,data,line,words", ALL_FILES)
def test_a_hostile_file_in_the_admin_names_its_line_and_writes_nothing(
    client, editor, existing, fmt, data, line, words
):
    client.force_login(editor)
    before = Question.objects.count()
    response = client.post(
        "/admin/fragebank/importera/",
        {"file": SimpleUploadedFile("q.txt", data), "format": fmt},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Rad {line}:" in html or f"Line {line}:" in html
    assert Question.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize("fmt,data,line,words", ALL_FILES)
def test_a_hostile_file_through_the_command_names_its_line_and_writes_nothing(
    tmp_path, existing, fmt, data, line, words
):
    path = tmp_path / "questions.txt"
    path.write_bytes(data)
    before = Question.objects.count()
    with pytest.raises(CommandError) as error:
        call_command("import_questions", str(path), "--format", fmt)
    assert f"line {line}: " in str(error.value) and words in str(error.value)
    assert Question.objects.count() == before


LONG_TAG = "Socialtjänst " * 12  # 156 characters: a tag holds at most 100


@pytest.mark.django_db
def test_a_tag_too_long_in_the_admin_is_refused_and_writes_nothing(
    client, editor, existing
):
    client.force_login(editor)
    before = Question.objects.count()
    response = client.post(
        "/admin/fragebank/importera/",
        {"file": SimpleUploadedFile("q.gift", GOOD_GIFT), "format": "gift"}
        | {"tags": f"Allmänt, {LONG_TAG}"},
    )
    assert response.status_code == 200
    assert "100" in response.content.decode()
    assert Question.objects.count() == before


@pytest.mark.django_db
def test_a_tag_too_long_through_the_command_is_refused_and_writes_nothing(
    tmp_path, existing
):
    path = tmp_path / "q.gift"
    path.write_bytes(GOOD_GIFT)
    before = Question.objects.count()
    with pytest.raises(CommandError, match="longer than 100 characters"):
        call_command(
            "import_questions", str(path), "--format", "gift", "--tag", LONG_TAG
        )
    assert Question.objects.count() == before


@pytest.mark.django_db
def test_a_file_with_more_questions_than_allowed_says_where_to_split_it(
    settings, tmp_path, existing
):
    settings.QUIZZES_IMPORT_MAX_QUESTIONS = 2
    path = tmp_path / "q.gift"
    path.write_bytes(GOOD_GIFT * 3)  # questions on lines 1, 3 and 5
    before = Question.objects.count()
    with pytest.raises(CommandError, match="line 5: the file has more than 2"):
        call_command("import_questions", str(path), "--format=gift")
    assert Question.objects.count() == before


@pytest.mark.parametrize(
    "fmt,data,line",
    [
        ("gift", b"Fraga\n{=a\n" + b"~b\n" * 100 + b"}\n", 2),
        ("aiken", b"Fraga\n" + b"A. a\n" * 101 + b"ANSWER: A\n", 1),
    ],
)
def test_a_question_with_more_answers_than_allowed_is_refused(fmt, data, line):
    result = formats.parse_gift(data) if fmt == "gift" else parse_aiken(data)
    assert result.errors == [
        (line, "the question has more than 100 answers; keep at most 100.")
    ]


def test_a_file_full_of_errors_lists_a_bounded_number_of_them():
    result = parse_gift(b"Fraga {=a\n\n" * 100_000)
    assert not result.ok
    assert len(result.errors) <= formats.MAX_ERRORS + 1
    assert "more" in result.errors[-1][1]


def test_escaped_characters_are_read_as_themselves_in_the_one_pass():
    result = parse_gift(
        b"::Tecken\\::: Vad skrivs \\{ och \\}? {=a\\~b #ja\\#nej ~c\\\\ ~d\\=e}\n\n"
        b"Snedstreck \\\\{=ja ~nej}\n"
    )
    assert result.ok, result.errors
    first, second = result.questions
    assert (first.title, first.text) == ("Tecken:", "Vad skrivs { och }?")
    assert [(c.text, c.feedback) for c in first.choices] == [
        ("a~b", "ja#nej"),
        ("c\\", ""),
        ("d=e", ""),
    ]
    assert second.text == "Snedstreck \\"  # \\ then a real {


# --- Linear time -------------------------------------------------------------------


@contextmanager
def deadline(seconds: float):
    """Fail the test instead of hanging when the work takes longer than ``seconds``
    (the quadratic parser needed hours for 5 MB)."""

    def expire(_signum, _frame):
        raise TimeoutError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


FIVE_MB = 5 * 1024 * 1024
ADVERSARIAL = {
    "unclosed brace then blank lines": b"Fraga {=a\n" + b"\n" * FIVE_MB,
    "unclosed brace then blank lines with spaces": b"Fraga {=a\n"
    + b" \n" * (FIVE_MB // 2),
    "open braces on one line": b"Fraga " + b"{" * FIVE_MB,
    "open braces on their own lines": b"Fraga\n" + b"{\n" * (FIVE_MB // 2),
    "escaped braces": b"Fraga {" + b"\\{" * (FIVE_MB // 2),
    "backslashes": b"Fraga {=a ~" + b"\\" * FIVE_MB + b"}",
    "title colons": b"::" + b":" * FIVE_MB,
    "many answers": b"Fraga {" + b"~a " * (FIVE_MB // 3) + b"=b}",
    "a long number": b"Tal {#" + b"1" * FIVE_MB + b"}",
    "many small questions": b"F {=a ~b}\n\n" * (FIVE_MB // 11),
}


@pytest.mark.parametrize("case", ADVERSARIAL)
def test_five_megabytes_of_adversarial_gift_parse_without_hanging(case):
    """A guard against catastrophic backtracking (hours), not a speed target: a few
    seconds on an idle machine, the deadline leaves room for a busy CI runner."""
    data = ADVERSARIAL[case]
    assert len(data) >= FIVE_MB - 16
    with deadline(90):
        parse_gift(data)


@pytest.mark.parametrize(
    "data",
    [
        b"Fraga\n" + b"A. x\n" * (FIVE_MB // 5),
        b"ANSWER: " + b"A" * FIVE_MB,
        b"\n" * FIVE_MB,
        b"Fraga\n" * (FIVE_MB // 6),
    ],
)
def test_five_megabytes_of_adversarial_aiken_parse_in_seconds(data):
    with deadline(8):
        parse_aiken(data)


FRAGMENTS = st.sampled_from(
    ["{", "}", "=a", "~b", "#", "::", "\\", "\\{", "\n", "\n\n", " \n", "// c\n"]
    + ["$CATEGORY: x\n", "#1:2", "T", "text", "->", "..", "%50%", "\t"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(FRAGMENTS, max_size=60).map("".join))
def test_a_blank_line_always_ends_a_question_and_each_line_is_read_once(text):
    """The structure that keeps parsing linear: the file is cut into questions in one
    pass at the blank lines, and every line goes to at most one question."""
    seen = []
    original = formats.parse_gift_block

    def recording(numbers, block, *args, **kwargs):
        seen.append((numbers, block))
        return original(numbers, block, *args, **kwargs)

    formats.parse_gift_block = recording
    try:
        result = parse_gift(text.encode())
    finally:
        formats.parse_gift_block = original
    lines = text.split("\n")
    read = [n for numbers, _block in seen for n in numbers]
    assert read == sorted(set(read)), "a line was read twice or out of order"
    for numbers, block in seen:
        assert all(lines[n - 1].strip() for n in numbers), "a question spans a blank"
        assert block.count("\n") == len(numbers) - 1
    assert sum(len(block) for _numbers, block in seen) <= len(text)
    for line, reason in result.errors:
        assert 1 <= line <= len(lines) and reason.endswith(".")


# --- Numeric answers ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "answer",
    [
        "1e999999999",
        "-1e999999999",
        "1e-999999999",
        "1e99999999999999999999",
        "inf",
        "-Infinity",
        "nan",
        "sNaN",
        "9" * 10_000,
        "1e999999999\x00",
    ],
)
def test_a_numeric_answer_no_number_can_hold_is_graded_wrong(client, learner, answer):
    question = make_question("numeric", "Heltidstjänster?", number=18, tolerance="0.5")
    quiz = make_quiz([question])
    client.force_login(learner)
    page = placement(quiz)
    started = client.post(f"/quiz/{quiz.uuid}/starta/", {"page": page.pk})
    attempt = Attempt.objects.get(uuid=started.url.rstrip("/").split("/")[-1])
    url = f"/quiz/forsok/{attempt.uuid}/"
    response = client.post(url, {"q0": answer, "submit": "1"})
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert not attempt.is_open and attempt.score == 0 and not attempt.passed
    graded = attempt.answers.get()
    assert graded.correct is False and graded.score == 0
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_moodles_own_numeric_example_imports():
    from decimal import Decimal

    import_questions(b"Vad \xc3\xa4r pi? {#3.14159:0.0005}\n", "gift")
    question = Question.objects.get()
    assert (question.number, question.tolerance) == (
        Decimal("3.14159"),
        Decimal("0.0005"),
    )
