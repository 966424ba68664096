"""Grading, one function per question type, on plain data: server side only.

Every function takes the question's answer key and the learner's response and returns a
``Grade``: a score between 0 and 1 and whether the answer counts as right. Rules:

- single choice, true/false: 1 for the right option, else 0.
- multiple choice: each right option picked earns 1/(number of right options), each
  wrong option picked costs as much; the score never goes below 0 (Moodle's usual
  rule). Right only when exactly the right options are picked.
- matching: the share of pairs matched right.
- ordering: the share of items in their right place.
- short text: right if the answer equals an accepted answer after trimming, folding runs
  of white space and ignoring case; Swedish letters (å, ä, ö) count as themselves unless
  the question allows answers without diacritics ("a" for "å").
- numeric: right within the tolerance (inclusive), which is an absolute number.

An empty response scores 0 and is never right.
"""

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation


@dataclass(frozen=True)
class Grade:
    score: float
    correct: bool


WRONG = Grade(0.0, False)


def single(right: str, picked: str | None) -> Grade:
    return Grade(1.0, True) if picked is not None and picked == right else WRONG


def multiple(right: set[str], options: set[str], picked: set[str]) -> Grade:
    if not picked or not right:
        return WRONG
    picked = picked & options
    share = 1 / len(right)
    score = share * len(picked & right) - share * len(picked - right)
    score = max(0.0, min(1.0, score))
    return Grade(round(score, 4), picked == right)


def matching(pairs: dict[str, str], answer: dict[str, str]) -> Grade:
    if not pairs or not answer:
        return WRONG
    right = sum(1 for key, value in pairs.items() if answer.get(key) == value)
    return Grade(round(right / len(pairs), 4), right == len(pairs))


def ordering(order: list[str], answer: list[str]) -> Grade:
    if not order or not answer:
        return WRONG
    right = sum(1 for a, b in zip(order, answer, strict=False) if a == b)
    return Grade(round(right / len(order), 4), right == len(order) == len(answer))


def normalise_text(text: str, *, fold_diacritics: bool) -> str:
    text = re.sub(r"\s+", " ", (text or "").strip()).casefold()
    if fold_diacritics:
        text = "".join(
            c
            for c in unicodedata.normalize("NFKD", text)
            if not unicodedata.combining(c)
        )
    return unicodedata.normalize("NFC", text)


def short_text(
    accepted: list[str], answer: str, *, fold_diacritics: bool = False
) -> Grade:
    given = normalise_text(answer, fold_diacritics=fold_diacritics)
    if not given:
        return WRONG
    options = {normalise_text(a, fold_diacritics=fold_diacritics) for a in accepted}
    return Grade(1.0, True) if given in options else WRONG


def parse_number(text: str) -> Decimal | None:
    """A number as people type it: "2,5", "2.5", " 18 ", "1 000". Anything else,
    infinities and NaN included, is no number."""
    cleaned = (
        (text or "").strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    )
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:  # also an exponent beyond what a Decimal holds
        return None
    return value if value.is_finite() else None


def numeric(value: Decimal | None, tolerance: Decimal, answer: str) -> Grade:
    """Compared, never subtracted: an answer like 1e999999999 has no difference from
    the right number that a Decimal can hold, but it is simply greater."""
    given = parse_number(answer)
    if given is None or value is None:
        return WRONG
    low, high = value - abs(tolerance), value + abs(tolerance)
    return Grade(1.0, True) if low <= given <= high else WRONG
