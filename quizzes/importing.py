"""Import GIFT or Aiken into the question bank (all or nothing); export GIFT."""

from django.db import transaction

from . import formats
from .models import Choice, Question

PARSERS = {"gift": formats.parse_gift, "aiken": formats.parse_aiken}


def import_questions(data: bytes, fmt: str, *, tags=()) -> formats.ImportResult:
    """Read ``data``; if it has no errors, store every supported question (published,
    tagged with its GIFT category and ``tags``). With errors, nothing is written."""
    if fmt not in PARSERS:
        raise ValueError(f"Unknown format {fmt!r}: use gift or aiken.")
    result = PARSERS[fmt](data)
    if not result.ok:
        return result
    with transaction.atomic():
        for parsed in result.questions:
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
            question.save()
            names = [name for name in (parsed.category, *tags) if name]
            if names:
                question.tags.add(*names)
                question.save()
            question.save_revision().publish()
    return result


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
