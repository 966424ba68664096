"""What the quizzes keep about a person: their attempts and answers (the registry:
``ecirkel.personal_data``).

An answer key is written only once the learner may see it: an attempt's layout
never (for ordering and matching questions it is the answer key), the right answers,
scores per question and feedback only for a submitted attempt whose quiz's review
policy allows it.
"""

from django.utils.translation import gettext_lazy as _

from ecirkel import personal_data
from ecirkel.personal_data import Keep, readable
from progress.personal_data import STATISTICS

from .attempts import may_review
from .models import Question


def choice_texts(ids, choices: dict) -> list[str]:
    return [choices[str(pk)].text for pk in ids or [] if str(pk) in choices]


def readable_response(question, response, choices: dict):
    """The learner's own answer in words: options by their text, never by id."""
    if response in (None, "", [], {}):
        return None
    kind = question.type
    if kind in ("single", "true_false"):
        choice = choices.get(str(response))
        return choice.text if choice else None
    if kind in ("multiple", "ordering"):
        return choice_texts(response if isinstance(response, list) else [], choices)
    if kind == "matching":
        if not isinstance(response, dict):
            return None
        return [
            {"item": choices[left].text, "matched_with": choices[right].match}
            for left, right in response.items()
            if left in choices and right in choices
        ]
    return str(response)


def right_answer(question, choices: dict):
    kind = question.type
    ordered = sorted(choices.values(), key=lambda c: (c.sort_order or 0, c.pk))
    if kind == "matching":
        return [{"item": c.text, "matched_with": c.match} for c in ordered]
    if kind == "ordering":
        return [c.text for c in ordered]
    if kind == "short_text":
        return question.accepted()
    if kind == "numeric":
        return {"number": question.number, "tolerance": question.tolerance}
    return [c.text for c in ordered if c.is_correct]


def present_answer(question, answer, reviewable: bool) -> dict:
    choices = {str(c.pk): c for c in question.choices.all()}
    response = answer.response if answer else None
    row = {
        "question": question.text,
        "type": str(question.get_type_display()),
        "your_answer": readable_response(question, response, choices),
    }
    if reviewable:
        picked = {str(r) for r in (response if isinstance(response, list) else [])}
        if isinstance(response, str):
            picked = {response}
        row.update(
            correct=answer.correct if answer else False,
            score=answer.score if answer else 0,
            right_answer=right_answer(question, choices),
            feedback=[
                c.feedback for pk, c in choices.items() if pk in picked and c.feedback
            ],
            explanation=question.explanation,
        )
    return row


def present_attempt(attempt, person) -> dict:
    """The attempt and its answers in words. The layout (the order the options were
    shown in) is left out: for ordering and matching questions it is the answer key.
    Right answers, per-question scores and feedback only once the attempt is
    submitted and the quiz's review policy allows them."""
    reviewable = not attempt.is_open and may_review(attempt)
    answers = {a.question_id: a for a in attempt.answers.all()}
    order = [e.get("question") for e in attempt.layout if isinstance(e, dict)]
    order += [pk for pk in answers if pk not in order]
    questions = Question._base_manager.prefetch_related("choices").in_bulk(order)
    return {
        "uuid": attempt.uuid,
        "quiz": attempt.quiz.title,
        "page": readable(attempt.page),
        "number": attempt.number,
        "started_at": attempt.started_at,
        "deadline": attempt.deadline,
        "submitted_at": attempt.submitted_at,
        "score": attempt.score,
        "passed": attempt.passed,
        "answers": [
            present_answer(questions[pk], answers.get(pk), reviewable)
            for pk in order
            if pk in questions
        ],
    }


personal_data.register(
    "quizzes.attempt",
    ["user"],
    title=_("Quiz attempts and your answers"),
    present=present_attempt,
    select_related=["quiz", "page"],
    prefetch_related=["answers"],
    erase=Keep(STATISTICS),
)
personal_data.part_of("quizzes.attemptanswer", "attempt")
