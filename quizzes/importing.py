"""Import GIFT or Aiken into the question bank (all or nothing); export GIFT."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import formats
from .models import Choice, Question

PARSERS = {"gift": formats.parse_gift, "aiken": formats.parse_aiken}


def import_questions(data: bytes, fmt: str, *, tags=()) -> formats.ImportResult:
    """Read ``data``; if it has no errors, store every supported question (published,
    tagged with its GIFT category and ``tags``). With errors, nothing is written.

    ``tags`` must be valid tag names (see ``formats.tag_problem``): the admin form
    and the command check them first, with their own messages."""
    if fmt not in PARSERS:
        raise ValueError(f"Unknown format {fmt!r}: use gift or aiken.")
    problems = [problem for problem in map(formats.tag_problem, tags) if problem]
    if problems:
        raise ValueError(problems[0])
    limit = getattr(settings, "QUIZZES_IMPORT_MAX_QUESTIONS", formats.MAX_QUESTIONS)
    result = PARSERS[fmt](data, max_questions=limit)
    if not result.ok:
        return result
    questions = []
    for parsed in result.questions:
        question = as_model(parsed)
        try:
            check_storable(question)
        except ValidationError as error:
            for message in error.messages:
                result.add_error(parsed.line, message)
        questions.append((parsed, question))
    if not result.ok:
        return result
    with transaction.atomic():
        for parsed, question in questions:
            question.save()
            names = [name for name in (parsed.category, *tags) if name]
            if names:
                question.tags.add(*names)
                question.save()
            question.save_revision().publish()
    return result


def as_model(parsed: formats.Question) -> Question:
    question = Question(
        type=parsed.type,
        title=parsed.title[:255],
        text=parsed.text,
        explanation=parsed.explanation,
        accepted_answers="\n".join(parsed.accepted),
        number=parsed.number,
        tolerance=parsed.tolerance,
    )
    question.choices = [
        Choice(
            text=c.text[:500],
            is_correct=c.correct,
            match=c.match[:500],
            feedback=c.feedback[:500],
            sort_order=n,
        )
        for n, c in enumerate(parsed.choices)
    ]
    return question


def check_storable(question: Question) -> None:
    """Raise ValidationError, in whole sentences, if the question cannot be saved as
    it is: its right number has more decimals than the field keeps, or the model's
    own validation (which publishing runs) refuses it."""
    places = Question._meta.get_field("number").decimal_places
    step = Decimal(1).scaleb(-places)
    if question.number is not None:
        values = (question.number, question.tolerance)
        if any(value != value.quantize(step) for value in values):
            raise ValidationError(
                _(
                    "the right answer %(number)s ± %(tolerance)s has more than "
                    "%(places)d decimals, which cannot be kept; change the numbers "
                    "in {#…} so that it has at most %(places)d."
                )
                % {
                    "number": formats.shorten(str(question.number)),
                    "tolerance": formats.shorten(str(question.tolerance)),
                    "places": places,
                }
            )
        question.number, question.tolerance = (v.quantize(step) for v in values)
    question.full_clean(exclude=["tags"], validate_unique=False)


def as_format(question: Question) -> formats.Question:
    return formats.Question(
        line=0,
        type=question.type,
        text=question.text,
        title=question.title,
        choices=[
            formats.Choice(
                c.text, correct=c.is_correct, feedback=c.feedback, match=c.match
            )
            for c in question.choices.all()
        ],
        accepted=question.accepted(),
        number=question.number,
        tolerance=question.tolerance,
        explanation=question.explanation,
    )


def export_gift(questions) -> str:
    return formats.to_gift(as_format(q) for q in questions.prefetch_related("choices"))
