from decimal import Decimal

from .models import Choice, Question, Quiz, QuizDraw, QuizQuestion


def make_question(
    kind="single",
    text="Vilket val gäller bygglov?",
    *,
    options=(),
    right=(),
    tags=(),
    matches=(),
    accepted="",
    number=None,
    tolerance="0",
    **extra,
):
    """A published question; ``options`` and ``right`` as texts."""
    question = Question(
        type=kind,
        text=text,
        accepted_answers=accepted,
        number=None if number is None else Decimal(str(number)),
        tolerance=Decimal(tolerance),
        **extra,
    )
    question.choices = [
        Choice(
            text=t,
            is_correct=t in right,
            match=(matches[n] if matches else ""),
            sort_order=n,
        )
        for n, t in enumerate(options)
    ]
    question.save()
    if tags:
        question.tags.add(*tags)
        question.save()
    return question


def make_quiz(questions=(), *, draws=(), **rules):
    quiz = Quiz(title=rules.pop("title", "Quiz om talsvaret"), **rules)
    quiz.fixed_questions = [
        QuizQuestion(question=q, sort_order=n) for n, q in enumerate(questions)
    ]
    quiz.draws = [QuizDraw(tag=tag, count=count) for tag, count in draws]
    quiz.save()
    return quiz
