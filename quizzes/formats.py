"""Moodle's GIFT and Aiken question formats: read into plain data, and write GIFT.

``parse_gift`` and ``parse_aiken`` return an ``ImportResult``: the questions they could
read, questions of types E-cirkel does not have (essays, descriptions) listed as
``skipped`` with their line, and malformed input as ``errors`` with its line (at most
MAX_ERRORS of them). The importer writes nothing when there is an error.

Hostile files are refused, not obeyed: a NUL byte, a brace never closed, a number no
question can hold, a category name too long for a tag, more than MAX_ANSWERS answers
to a question or more than MAX_QUESTIONS questions to a file. Reading takes time
linear in the size of the file, whatever it holds.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, Inexact, InvalidOperation, localcontext

from django.conf import settings
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ecirkel.text import NotText, decode_upload

SINGLE, MULTIPLE, TRUE_FALSE, MATCHING, ORDERING, SHORT_TEXT, NUMERIC = (
    "single",
    "multiple",
    "true_false",
    "matching",
    "ordering",
    "short_text",
    "numeric",
)
FORMAT_TAG = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.I)
WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
MAX_ERRORS = 100  # a file with more is listed up to here: the rest can wait
MAX_TAG = 100  # characters in a tag's name and slug (taggit's columns)
MAX_WHOLE_DIGITS = 10  # as Question.number holds: 16 digits, 6 of them decimals
ANSWER_MARKER = re.compile(r"(?:^|(?<=\s))[=~]")
TRUE_OR_FALSE = re.compile(r"(T|F|TRUE|FALSE)\b", re.I)
MAX_ANSWERS = 100  # per question: more is no question, and many rows to write
MAX_QUESTIONS = 500  # per file: importing one takes some 60 ms
# The two options of an imported true/false question, in the importer's language.
TRUE_TEXT, FALSE_TEXT = gettext_lazy("True"), gettext_lazy("False")
NUMBER = re.compile(r"[+-]?(?:\d++(?:\.\d*+)?|\.\d++)(?:[eE][+-]?\d++)?")


@dataclass
class Choice:
    text: str
    correct: bool = False
    feedback: str = ""
    match: str = ""


@dataclass
class Question:
    line: int
    type: str
    text: str
    title: str = ""
    choices: list[Choice] = field(default_factory=list)
    accepted: list[str] = field(default_factory=list)
    number: Decimal | None = None
    tolerance: Decimal = Decimal(0)
    explanation: str = ""
    category: str = ""


@dataclass
class ImportResult:
    questions: list[Question] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def add_error(self, line: int, reason: str) -> None:
        """Note an error; past MAX_ERRORS only say that more follow, once."""
        if len(self.errors) < MAX_ERRORS:
            self.errors.append((line, reason))
        elif len(self.errors) == MAX_ERRORS:
            self.errors.append(
                (
                    line,
                    _(
                        "more lines have errors from this one on; fix the ones above "
                        "and import the file again."
                    ),
                )
            )


class FormatError(ValueError):
    def __init__(self, line: int, reason: str):
        self.line, self.reason = line, reason
        super().__init__(f"Line {line}: {reason}")


def shorten(text: str, length: int = 24) -> str:
    """A piece of the file to quote in a message, never the whole of a long line."""
    text = text.strip()
    return text if len(text) <= length else text[: length - 1] + "…"


def decode(data: bytes) -> str:
    try:
        return decode_upload(data)
    except NotText as error:
        raise FormatError(error.line, error.reason) from error


def too_many_answers() -> str:
    return _("the question has more than %(max)d answers; keep at most %(max)d.") % {
        "max": MAX_ANSWERS
    }


def too_many_questions(limit: int) -> str:
    return _(
        "the file has more than %(max)d questions from this line on; split it into "
        "files of at most %(max)d questions."
    ) % {"max": limit}


def tag_problem(name: str) -> str | None:
    """Why ``name`` cannot be a tag (a whole sentence), or None if it can."""
    if len(name) > MAX_TAG or len(slugify(name, allow_unicode=True)) > MAX_TAG:
        return _(
            "The tag “%(name)s” is longer than %(max)d characters; shorten it."
        ) % {"name": shorten(name, 40), "max": MAX_TAG}
    return None


# --- GIFT ----------------------------------------------------------------------
#
# Moodle's rules (qformat_gift): a blank line ends a question, so a question holds no
# blank line; lines starting with // are comments; \\ \: \~ \= \# \{ \} are the
# characters themselves and \n is a line break. Escapes are swapped for reserved
# characters (Unicode noncharacters, never found in text) before anything else, so
# every { } = ~ # : found later is a real one, found with str.find: the file is read in
# one pass and each question once, in time linear in its size.

GIFT_ESCAPE = re.compile(r"\\([\\:~=#{}n])")
HELD = {char: chr(0xFDD0 + n) for n, char in enumerate("\\:~=#{}n")}
RELEASE = str.maketrans(
    {held: ("\n" if char == "n" else char) for char, held in HELD.items()}
)
RESERVED = re.compile("[\ufdd0-\ufdef]")


def protect(text: str) -> str:
    """The text with each GIFT escape held as one reserved character."""
    return GIFT_ESCAPE.sub(lambda match: HELD[match.group(1)], text)


def unescape(text: str) -> str:
    """Protected text as the learner reads it."""
    return text.translate(RELEASE).strip()


def strip_format(text: str) -> str:
    return FORMAT_TAG.sub("", text, count=1)


def split_feedback(token: str) -> tuple[str, str]:
    at = token.find("#")
    if at == -1:
        return token, ""
    return token[:at], token[at + 1 :]


def answer_tokens(body: str) -> list[tuple[str, str]]:
    """("=" or "~", rest) for each answer: markers at the start or after white space."""
    starts = [match.start() for match in ANSWER_MARKER.finditer(body)]
    if body[: starts[0] if starts else len(body)].strip():
        raise ValueError  # text before the first answer
    ends = starts[1:] + [len(body)]
    pairs = zip(starts, ends, strict=True)
    return [(body[start], body[start + 1 : end]) for start, end in pairs]


def gift_number(text: str, line: int) -> Decimal:
    """A number of the answer key, exactly as written: finite and with at most 10
    digits before the decimal point (how many decimals can be kept is the
    importer's business)."""
    text = text.strip()
    if not NUMBER.fullmatch(text):
        raise FormatError(line, _("the numeric answer is not a number like {#18:0.5}."))
    try:
        value = Decimal(text)
    except InvalidOperation as error:  # an exponent beyond what Decimal holds
        raise FormatError(
            line, _("the numeric answer is not a number like {#18:0.5}.")
        ) from error
    if not value.is_zero() and value.adjusted() >= MAX_WHOLE_DIGITS:
        raise FormatError(
            line,
            _(
                "the number %(number)s is too large; use at most %(digits)d digits "
                "before the decimal point."
            )
            % {"number": shorten(unescape(text)), "digits": MAX_WHOLE_DIGITS},
        )
    return Decimal(0) if value.is_zero() else value


def gift_numeric(question: Question, body: str, line: int) -> None:
    body = body.strip()[1:]  # after '#'
    if body.lstrip().startswith("="):
        body = answer_tokens(body.strip())[0][1]
    answer, _feedback = split_feedback(body.split("~")[0])
    answer = WEIGHT.sub("", answer.strip())
    if ".." in answer:
        low_text, high_text = answer.split("..", 1)
        low, high = gift_number(low_text, line), gift_number(high_text, line)
        with localcontext() as exact:
            exact.traps[Inexact] = True
            try:
                middle, tolerance = (low + high) / 2, abs(high - low) / 2
            except Inexact as error:
                raise FormatError(
                    line,
                    _(
                        "the range %(range)s cannot be kept exactly; round its "
                        "ends to at most 4 decimals."
                    )
                    % {"range": shorten(unescape(answer), 40)},
                ) from error
        question.number, question.tolerance = middle, tolerance
    elif ":" in answer:
        value, tolerance = answer.split(":", 1)
        question.number = gift_number(value, line)
        question.tolerance = abs(gift_number(tolerance, line))
    else:
        question.number = gift_number(answer, line)


def parse_gift_block(
    numbers: list[int], block: str, category: str, result: ImportResult
) -> None:
    """One question: its lines (protected text, no blank line among them) and their
    line numbers in the file."""
    start = numbers[0]
    text = block.strip()  # the first line is not blank: no line break is stripped

    def line_at(offset: int) -> int:
        return numbers[text.count("\n", 0, offset)]

    title, position = "", 0
    if text.startswith("::"):
        end = text.find("::", 2)
        if end == -1:
            raise FormatError(start, _("the question title is not closed with ::."))
        title, position = unescape(text[2:end]), end + 2
    opening = text.find("{", position)
    if opening == -1:
        result.skipped.append(
            (start, _("a description without answers (not a question)"))
        )
        return
    answers_line = line_at(opening)
    closing = text.find("}", opening)
    if closing == -1:
        raise FormatError(
            answers_line, _("the brace { is never closed; end the answers with }.")
        )
    before, body, after = (
        text[position:opening],
        text[opening + 1 : closing],
        text[closing + 1 :],
    )
    if after.strip() and after.strip() not in {'";', '"'}:
        prompt = f"{strip_format(before).strip()} _____ {after.strip()}"
    else:
        prompt = strip_format(before)
    question = Question(
        line=start, type="", text=unescape(prompt), title=title, category=category
    )
    general = body.find("####")
    if general != -1:
        question.explanation = unescape(strip_format(body[general + 4 :]))
        body = body[:general]
    stripped = body.strip()
    if not stripped:
        result.skipped.append((start, _("an essay question (E-cirkel has no essays)")))
        return
    if not question.text:
        raise FormatError(start, _("the question has no text."))
    if stripped.startswith("#"):
        question.type = NUMERIC
        try:
            gift_numeric(question, stripped, answers_line)
        except (ValueError, IndexError) as error:
            if isinstance(error, FormatError):
                raise
            raise FormatError(
                answers_line, _("the numeric answer is not a number like {#18:0.5}.")
            ) from error
    elif TRUE_OR_FALSE.match(stripped):
        question.type = TRUE_FALSE
        word, *feedback = stripped.split("#")
        truth = word.strip().upper() in {"T", "TRUE"}
        question.choices = [
            Choice(
                str(TRUE_TEXT),
                correct=truth,
                feedback=unescape(feedback[1])
                if len(feedback) > 1 and not truth
                else unescape(feedback[0])
                if feedback and truth
                else "",
            ),
            Choice(
                str(FALSE_TEXT),
                correct=not truth,
                feedback=unescape(feedback[0]) if feedback and not truth else "",
            ),
        ]
    else:
        try:
            tokens = answer_tokens(stripped)
        except ValueError as error:
            raise FormatError(
                answers_line, _("an answer must start with = (right) or ~ (wrong).")
            ) from error
        if not tokens:
            raise FormatError(
                answers_line, _("no answers found: start each with = or ~.")
            )
        if len(tokens) > MAX_ANSWERS:
            raise FormatError(answers_line, too_many_answers())
        parse_choices(question, tokens)
    result.questions.append(question)


def parse_choices(question: Question, tokens) -> None:
    line = question.line
    if all(marker == "=" for marker, _ in tokens) and any("->" in t for _, t in tokens):
        question.type = MATCHING
        for _marker, token in tokens:
            left, _arrow, right = token.partition("->")
            left, right = unescape(strip_format(left)), unescape(strip_format(right))
            if not right:
                raise FormatError(
                    line, _("a matching pair needs text on both sides of ->.")
                )
            if left:  # "= -> Chat" is a distractor on the right-hand side only
                question.choices.append(Choice(left, correct=True, match=right))
        if len(question.choices) < 2:
            raise FormatError(line, _("a matching question needs at least two pairs."))
        return
    parsed = []
    for marker, token in tokens:
        answer, feedback = split_feedback(token)
        answer = strip_format(answer.strip())
        weight = WEIGHT.match(answer)
        value = (
            Decimal(weight.group(1))
            if weight
            else (Decimal(100) if marker == "=" else Decimal(0))
        )
        answer = WEIGHT.sub("", answer)
        parsed.append(
            (marker, unescape(answer), value, unescape(strip_format(feedback)))
        )
    if all(marker == "=" for marker, *_ in parsed):
        question.type = SHORT_TEXT
        question.accepted = [
            a for _m, a, value, _f in parsed if value == 100 and a != "*"
        ]
        if not question.accepted:
            raise FormatError(
                line, _("a short-answer question needs an answer worth full marks.")
            )
        return
    has_weights = any(marker == "~" and value != 0 for marker, _a, value, _f in parsed)
    rights = [p for p in parsed if p[2] > 0]
    question.type = MULTIPLE if has_weights or len(rights) > 1 else SINGLE
    question.choices = [
        Choice(a, correct=value > 0, feedback=f) for _m, a, value, f in parsed
    ]
    if not rights:
        raise FormatError(
            line, _("no answer is marked right (= or a positive weight).")
        )
    if len(question.choices) < 2:
        raise FormatError(line, _("a choice question needs at least two options."))


def parse_gift(data: bytes, max_questions: int = MAX_QUESTIONS) -> ImportResult:
    result = ImportResult()
    try:
        text = decode(data)
        reserved = RESERVED.search(text)
        if reserved:
            raise FormatError(
                text.count("\n", 0, reserved.start()) + 1,
                _("the file contains the reserved character %(code)s; remove it.")
                % {"code": f"U+{ord(reserved.group()):04X}"},
            )
    except FormatError as error:
        result.add_error(error.line, error.reason)
        return result
    category = ""
    numbers, lines = [], []

    def flush() -> bool:
        """Read the question gathered so far; False once the file has too many."""
        nonlocal numbers, lines
        if not lines:
            return True
        if len(result.questions) + len(result.skipped) >= max_questions:
            result.add_error(numbers[0], too_many_questions(max_questions))
            return False
        try:
            parse_gift_block(numbers, "\n".join(lines), category, result)
        except FormatError as error:
            result.add_error(error.line, error.reason)
        numbers, lines = [], []
        return True

    for number, line in enumerate(protect(text).split("\n"), start=1):
        stripped = line.strip()
        if not stripped:  # a blank line ends the question, whatever it holds
            if not flush():
                return result
        elif stripped.startswith("//"):
            continue
        elif stripped.startswith("$CATEGORY:"):
            if not flush():
                return result
            name = unescape(stripped.split(":", 1)[1]).split("/")[-1]
            if len(name) > MAX_TAG or len(slugify(name, allow_unicode=True)) > MAX_TAG:
                result.add_error(
                    number,
                    _(
                        "the category name “%(name)s” is longer than %(max)d "
                        "characters; shorten it."
                    )
                    % {"name": shorten(name, 40), "max": MAX_TAG},
                )
            category = name
        else:
            numbers.append(number)
            lines.append(line)
    flush()
    return result


# --- Aiken ---------------------------------------------------------------------

AIKEN_OPTION = re.compile(r"^([A-Z])[.)]\s*(.+)$")
AIKEN_ANSWER = re.compile(r"^ANSWER:\s*(.*)$")


def parse_aiken(data: bytes, max_questions: int = MAX_QUESTIONS) -> ImportResult:
    result = ImportResult()
    try:
        text = decode(data)
    except FormatError as error:
        result.add_error(error.line, error.reason)
        return result
    question, start, options = [], None, []

    def finish(line, answer=None):
        nonlocal question, start, options
        if answer is None:
            result.add_error(start, _("the question has no ANSWER: line."))
        elif not question:
            result.add_error(start, _("options come before the question text."))
        elif len(options) < 2:
            result.add_error(
                start, _("a question needs at least two options (A, B …).")
            )
        elif len(options) > MAX_ANSWERS:
            result.add_error(start, too_many_answers())
        elif answer not in [letter for letter, _ in options]:
            result.add_error(
                line,
                _("ANSWER: %(answer)s is not one of the options %(options)s.")
                % {
                    "answer": shorten(answer, 10),
                    "options": ", ".join(
                        dict.fromkeys(letter for letter, _ in options)
                    ),
                },
            )
        elif len(result.questions) >= max_questions:
            result.add_error(start, too_many_questions(max_questions))
            return False
        else:
            result.questions.append(
                Question(
                    line=start,
                    type=SINGLE,
                    text=" ".join(question),
                    choices=[
                        Choice(t, correct=(letter == answer)) for letter, t in options
                    ],
                )
            )
        question, start, options = [], None, []
        return True

    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            if start is not None and options:
                continue  # a blank line inside a question: Moodle ignores it too
            continue
        if start is None:
            start = number
        answer = AIKEN_ANSWER.match(line)
        option = AIKEN_OPTION.match(line)
        if answer:
            if not finish(number, answer.group(1).strip()):
                return result
        elif option and (question or options):
            options.append((option.group(1), option.group(2).strip()))
        elif option:
            options.append((option.group(1), option.group(2).strip()))
        elif options:
            # Text after options without an ANSWER: the previous question is unfinished.
            finish(number)
            start = number
            question.append(line)
        else:
            question.append(line)
    if start is not None:
        finish(None)
    return result


# --- Writing GIFT --------------------------------------------------------------


def escape(text: str) -> str:
    text = text.replace("\\", "\\\\")
    for char in "~=#{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\n", "\\n")


def in_every_language(text) -> set[str]:
    """A lazily translated ``text`` as it reads in each of the site's languages."""
    readings = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            readings.add(str(text).strip().casefold())
    return readings


def says_true(choice, choices) -> bool:
    """Whether ``choice`` of a true/false question is the statement "true": it reads
    True in one of the site's languages (as the importer wrote it), or, worded
    otherwise by an editor, it is not "False" and comes first."""
    text = choice.text.strip().casefold()
    if text in in_every_language(TRUE_TEXT):
        return True
    if text in in_every_language(FALSE_TEXT):
        return False
    return choice is choices[0]


def to_gift(questions) -> str:
    """Questions (objects with the attributes of ``Question``) as a GIFT file."""
    out = []
    for q in questions:
        head = f"::{escape(q.title)}::" if q.title else ""
        general = f"####{escape(q.explanation)}" if q.explanation else ""
        if q.type == TRUE_FALSE:
            right = next(c for c in q.choices if c.correct)
            body = "TRUE" if says_true(right, q.choices) else "FALSE"
        elif q.type == NUMERIC:
            body = f"#{q.number}:{q.tolerance}"
        elif q.type == SHORT_TEXT:
            body = " ".join(f"={escape(a)}" for a in q.accepted)
        elif q.type == MATCHING:
            body = "\n".join(
                f"    ={escape(c.text)} -> {escape(c.match)}" for c in q.choices
            )
        elif q.type == MULTIPLE:
            rights = sum(1 for c in q.choices if c.correct) or 1
            wrongs = sum(1 for c in q.choices if not c.correct) or 1
            body = "\n".join(
                "    ~%{}%{}{}".format(
                    _weight(100 / rights if c.correct else -100 / wrongs),
                    escape(c.text),
                    f" #{escape(c.feedback)}" if c.feedback else "",
                )
                for c in q.choices
            )
        else:  # single choice; ordering is exported as its items in order (not in GIFT)
            body = "\n".join(
                "    {}{}{}".format(
                    "=" if c.correct else "~",
                    escape(c.text),
                    f" #{escape(c.feedback)}" if c.feedback else "",
                )
                for c in q.choices
            )
        out.append(
            f"{head}{escape(q.text)} {{\n{body}\n{general}}}\n"
            if "\n" in body
            else f"{head}{escape(q.text)} {{{body}{general}}}\n"
        )
    return "\n".join(out)


def _weight(value: float) -> str:
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return text or "0"
