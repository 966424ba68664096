"""Moodle's GIFT and Aiken question formats: read into plain data, and write GIFT.

``parse_gift`` and ``parse_aiken`` return an ``ImportResult``: the questions they could
read, questions of types E-cirkel does not have (essays, descriptions) listed as
``skipped`` with their line, and malformed input as ``errors`` with its line. The
importer writes nothing when there is an error.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

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
GIFT_ESCAPES = {
    "\\:": ":",
    "\\~": "~",
    "\\=": "=",
    "\\#": "#",
    "\\{": "{",
    "\\}": "}",
    "\\n": "\n",
    "\\\\": "\\",
}


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


class FormatError(ValueError):
    def __init__(self, line: int, reason: str):
        self.line, self.reason = line, reason
        super().__init__(f"Line {line}: {reason}")


def decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FormatError(
            line, _("the file is not UTF-8; save it as UTF-8 and try again.")
        ) from error
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- GIFT ----------------------------------------------------------------------


def unescape(text: str) -> str:
    return re.sub(r"\\[:~=#{}n\\]", lambda m: GIFT_ESCAPES[m.group(0)], text).strip()


def strip_format(text: str) -> str:
    return FORMAT_TAG.sub("", text, count=1)


def find_unescaped(text: str, char: str, start: int = 0) -> int:
    index = start
    while True:
        index = text.find(char, index)
        if index <= 0 or text[index - 1] != "\\":
            return index
        index += 1


def split_feedback(token: str) -> tuple[str, str]:
    at = find_unescaped(token, "#")
    if at == -1:
        return token, ""
    return token[:at], token[at + 1 :]


def answer_tokens(body: str) -> list[tuple[str, str]]:
    """("=" or "~", rest) for each answer: markers at the start or after white space."""
    tokens, current, marker = [], [], None
    for index, char in enumerate(body):
        escaped = index > 0 and body[index - 1] == "\\"
        at_start = index == 0 or body[index - 1].isspace()
        if char in "=~" and not escaped and at_start:
            if marker is not None:
                tokens.append((marker, "".join(current)))
            marker, current = char, []
        elif marker is not None:
            current.append(char)
        elif not char.isspace():
            raise ValueError
    if marker is not None:
        tokens.append((marker, "".join(current)))
    return tokens


def parse_number_text(text: str) -> Decimal:
    try:
        value = Decimal(text.strip())
    except InvalidOperation as error:
        raise ValueError from error
    if not value.is_finite():
        raise ValueError
    return value


def gift_numeric(question: Question, body: str) -> None:
    body = body.strip()[1:]  # after '#'
    if body.lstrip().startswith("="):
        first = answer_tokens(body.strip())[0][1]
        body = first
    answer, _feedback = split_feedback(body.split("~")[0])
    answer = WEIGHT.sub("", answer.strip())
    if ".." in answer:
        low, high = (parse_number_text(part) for part in answer.split("..", 1))
        question.number, question.tolerance = (low + high) / 2, abs(high - low) / 2
    elif ":" in answer:
        value, tolerance = answer.split(":", 1)
        question.number, question.tolerance = (
            parse_number_text(value),
            abs(parse_number_text(tolerance)),
        )
    else:
        question.number = parse_number_text(answer)


def parse_gift_block(
    line: int, block: str, category: str, result: ImportResult
) -> None:
    text = block.strip()
    title = ""
    if text.startswith("::"):
        end = text.find("::", 2)
        if end == -1:
            raise FormatError(line, _("the question title is not closed with ::."))
        title, text = unescape(text[2:end]), text[end + 2 :]
    opening = find_unescaped(text, "{")
    if opening == -1:
        result.skipped.append(
            (line, _("a description without answers (not a question)"))
        )
        return
    closing = find_unescaped(text, "}", opening)
    if closing == -1:
        raise FormatError(
            line, _("the answers start with { but are never closed with }.")
        )
    before, body, after = (
        text[:opening],
        text[opening + 1 : closing],
        text[closing + 1 :],
    )
    if after.strip() and after.strip() not in {'";', '"'}:
        prompt = f"{strip_format(before).strip()} _____ {after.strip()}"
    else:
        prompt = strip_format(before)
    question = Question(
        line=line, type="", text=unescape(prompt), title=title, category=category
    )
    general = body.find("####")
    if general != -1:
        question.explanation = unescape(strip_format(body[general + 4 :]))
        body = body[:general]
    stripped = body.strip()
    if not stripped:
        result.skipped.append((line, _("an essay question (E-cirkel has no essays)")))
        return
    if not question.text:
        raise FormatError(line, _("the question has no text."))
    if stripped.startswith("#"):
        question.type = NUMERIC
        try:
            gift_numeric(question, stripped)
        except (ValueError, IndexError) as error:
            raise FormatError(
                line, _("the numeric answer is not a number like {#18:0.5}.")
            ) from error
    elif re.match(r"^(T|F|TRUE|FALSE)\b", stripped, re.I):
        question.type = TRUE_FALSE
        word, *feedback = stripped.split("#")
        truth = word.strip().upper() in {"T", "TRUE"}
        question.choices = [
            Choice(
                "Sant",
                correct=truth,
                feedback=unescape(feedback[1])
                if len(feedback) > 1 and not truth
                else unescape(feedback[0])
                if feedback and truth
                else "",
            ),
            Choice(
                "Falskt",
                correct=not truth,
                feedback=unescape(feedback[0]) if feedback and not truth else "",
            ),
        ]
    else:
        try:
            tokens = answer_tokens(stripped)
        except ValueError as error:
            raise FormatError(
                line, _("an answer must start with = (right) or ~ (wrong).")
            ) from error
        if not tokens:
            raise FormatError(line, _("no answers found: start each with = or ~."))
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


def parse_gift(data: bytes) -> ImportResult:
    result = ImportResult()
    try:
        text = decode(data)
    except FormatError as error:
        result.errors.append((error.line, error.reason))
        return result
    category = ""
    block, start = [], None

    def flush():
        nonlocal block, start
        if block:
            try:
                parse_gift_block(start, "\n".join(block), category, result)
            except FormatError as error:
                result.errors.append((error.line, error.reason))
        block, start = [], None

    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if stripped.startswith("//"):
            continue
        if stripped.startswith("$CATEGORY:"):
            flush()
            category = stripped.split(":", 1)[1].strip().split("/")[-1]
            continue
        if not stripped:
            if block and block_is_open(block):
                block.append(line)
                continue
            flush()
            continue
        if start is None:
            start = number
        block.append(line)
    flush()
    return result


def block_is_open(lines: list[str]) -> bool:
    """An answer block may contain blank lines: keep reading until its }."""
    text = "\n".join(lines)
    opening = find_unescaped(text, "{")
    return opening != -1 and find_unescaped(text, "}", opening) == -1


# --- Aiken ---------------------------------------------------------------------

AIKEN_OPTION = re.compile(r"^([A-Z])[.)]\s*(.+)$")
AIKEN_ANSWER = re.compile(r"^ANSWER:\s*(.*)$")


def parse_aiken(data: bytes) -> ImportResult:
    result = ImportResult()
    try:
        text = decode(data)
    except FormatError as error:
        result.errors.append((error.line, error.reason))
        return result
    question, start, options = [], None, []

    def finish(line, answer=None):
        nonlocal question, start, options
        if answer is None:
            result.errors.append((start, _("the question has no ANSWER: line.")))
        elif not question:
            result.errors.append((start, _("options come before the question text.")))
        elif len(options) < 2:
            result.errors.append(
                (start, _("a question needs at least two options (A, B …)."))
            )
        elif answer not in [letter for letter, _ in options]:
            result.errors.append(
                (
                    line,
                    _("ANSWER: %(answer)s is not one of the options %(options)s.")
                    % {
                        "answer": answer,
                        "options": ", ".join(letter for letter, _text in options),
                    },
                )
            )
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
            finish(number, answer.group(1).strip())
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


def to_gift(questions) -> str:
    """Questions (objects with the attributes of ``Question``) as a GIFT file."""
    out = []
    for q in questions:
        head = f"::{escape(q.title)}::" if q.title else ""
        general = f"####{escape(q.explanation)}" if q.explanation else ""
        if q.type == TRUE_FALSE:
            right = next(c for c in q.choices if c.correct)
            body = "TRUE" if right.text == "Sant" else "FALSE"
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
