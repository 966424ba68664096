"""The demo question bank and quizzes (``content.py``): a part of
``manage.py load_demo`` (see ``ecirkel.demo``). The course's topics show the quizzes
by key ("quiz:<key>")."""

from ecirkel.demo import DemoPart, demo_uuid, register
from quizzes.models import Choice, Question, Quiz, QuizDraw, QuizQuestion

from . import content


def load(loader) -> None:
    questions = {}
    for key, kind, text, details in content.QUESTIONS:
        key_uuid = demo_uuid(f"question-{key}")
        questions[key] = loader.ensure(
            f"question:{key}",
            Question,
            Question.objects.filter(uuid=key_uuid).first,
            lambda key_uuid=key_uuid, kind=kind, text=text, details=details: (
                make_question(loader, key_uuid, kind, text, details)
            ),
        )
    for data in content.QUIZZES:
        key_uuid = demo_uuid(f"quiz-{data['key']}")
        loader.ensure(
            f"quiz:{data['key']}",
            Quiz,
            Quiz.objects.filter(uuid=key_uuid).first,
            lambda data=data, key_uuid=key_uuid: make_quiz(
                loader, data, key_uuid, questions
            ),
        )


def make_question(loader, key_uuid, kind, text, details) -> Question:
    question = Question(
        uuid=key_uuid,
        type=kind,
        text=text,
        explanation=details.get("explanation", ""),
        accepted_answers="\n".join(details.get("accepted", [])),
        fold_diacritics=details.get("fold_diacritics", False),
        number=details.get("number"),
        tolerance=details.get("tolerance", 0),
    )
    if kind == "matching":
        rows = [(left, True, "", right) for left, right in details["pairs"]]
    elif kind == "ordering":
        rows = [(item, True, "", "") for item in details["items"]]
    else:
        rows = [(*option, "", "")[:4] for option in details.get("options", [])]
    question.choices = [
        Choice(
            text=t,
            is_correct=right,
            feedback=feedback,
            match=match,
            sort_order=n,
        )
        for n, (t, right, feedback, match) in enumerate(rows)
    ]
    question.save()
    question.tags.add(*details.get("tags", []))
    question.save()
    question.save_revision().publish()
    return loader.counted(question)


def make_quiz(loader, data, key_uuid, questions) -> Quiz:
    quiz = Quiz(
        uuid=key_uuid,
        title=data["title"],
        intro=data["intro"],
        **data["rules"],
    )
    # A question an administrator deleted is left out of a new quiz.
    fixed = [questions[k] for k in data["fixed"] if questions[k] is not None]
    quiz.fixed_questions = [
        QuizQuestion(question=question, sort_order=n)
        for n, question in enumerate(fixed)
    ]
    quiz.draws = [QuizDraw(tag=t, count=c) for t, c in data.get("draws", [])]
    quiz.save()
    quiz.save_revision().publish()
    return loader.counted(quiz, f"Created the quiz “{quiz.title}”.")


register(DemoPart("quizzes", load))
