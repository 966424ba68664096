"""Taking a quiz: start or resume an attempt, save answers, submit once, grade.

The learner's page shows options by their position in the attempt's layout, never by an
id or in an order that depends on which one is right; the server turns positions back
into options here. A submitted attempt is final: submitting again (double click, a
second tab, a retry) returns the same result. The time limit is checked on the server.
"""

import random
import secrets
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from progress.activities import activity_for_placement
from progress.recording import Result, record

from .models import Attempt, AttemptAnswer, Question, Quiz

GRACE = timedelta(seconds=30)  # network and clock slack after the deadline


class QuizClosed(Exception):
    """No attempt can be started: the attempts allowed are used up."""


class QuizEmpty(Exception):
    """No attempt can be started: none of the quiz's questions is published now (an
    editor unpublished them), so an attempt would be a 0 % fail that uses up a try."""


def questions_for(quiz: Quiz, rng: random.Random) -> list[Question]:
    chosen = [
        qq.question
        for qq in quiz.fixed_questions.select_related("question")
        if qq.question.live
    ]
    taken = {q.pk for q in chosen}
    for draw in quiz.draws.all():
        pool = [
            q
            for q in Question.objects.filter(live=True, tags__name=draw.tag).distinct()
            if q.pk not in taken
        ]
        picked = rng.sample(pool, min(draw.count, len(pool)))
        chosen += picked
        taken |= {q.pk for q in picked}
    if quiz.shuffle_questions:
        rng.shuffle(chosen)
    return chosen


def build_layout(quiz: Quiz, rng: random.Random) -> list[dict]:
    layout = []
    for question in questions_for(quiz, rng):
        options = [c.pk for c in question.choices.all()]
        matches = list(options)
        keep_order = question.type == Question.Type.TRUE_FALSE
        if question.type == Question.Type.ORDERING or (
            quiz.shuffle_options and not keep_order
        ):
            rng.shuffle(options)
        if question.type == Question.Type.MATCHING:
            rng.shuffle(matches)
        layout.append({"question": question.pk, "options": options, "matches": matches})
    return layout


def attempts_left(quiz: Quiz, user, page) -> int | None:
    """Attempts the learner has left at the quiz where ``page`` places it (each
    placement counts on its own, as it counts in its own course)."""
    if quiz.max_attempts is None:
        return None
    used = Attempt.objects.filter(quiz=quiz, user=user, page=page).count()
    return max(0, quiz.max_attempts - used)


def start_or_resume(quiz: Quiz, user, page) -> Attempt:
    """The open attempt at the quiz on ``page``, or a new one. ``page`` must be a
    placement checked by ``ecirkel.placements.placement_page``."""
    open_attempt = Attempt.objects.filter(
        quiz=quiz, user=user, page=page, submitted_at=None
    ).first()
    if open_attempt is not None:
        return open_attempt
    if attempts_left(quiz, user, page) == 0:
        raise QuizClosed
    number = Attempt.objects.filter(quiz=quiz, user=user, page=page).count() + 1
    rng = random.Random(secrets.randbits(64))  # noqa: S311 - order, not secrets
    layout = build_layout(quiz, rng)
    if not layout:
        raise QuizEmpty
    now = timezone.now()
    try:
        with transaction.atomic():
            return Attempt.objects.create(
                quiz=quiz,
                user=user,
                page=page,
                number=number,
                layout=layout,
                started_at=now,
                deadline=now + timedelta(minutes=quiz.time_limit)
                if quiz.time_limit
                else None,
            )
    except IntegrityError:  # a second tab started one at the same moment
        return Attempt.objects.get(quiz=quiz, user=user, page=page, submitted_at=None)


def read_response(question: Question, entry: dict, data) -> object:
    """The learner's answer from the form, with positions turned into option ids."""
    index = entry["index"]
    options, matches = entry["options"], entry["matches"]

    def option_at(value):
        try:
            position = int(value)
        except (TypeError, ValueError):
            return None
        return str(options[position]) if 0 <= position < len(options) else None

    kind = question.type
    if kind in (Question.Type.SINGLE, Question.Type.TRUE_FALSE):
        return option_at(data.get(f"q{index}"))
    if kind == Question.Type.MULTIPLE:
        return sorted(filter(None, (option_at(v) for v in data.getlist(f"q{index}"))))
    if kind == Question.Type.MATCHING:
        pairs = {}
        for position, left in enumerate(options):
            try:
                right = int(data.get(f"q{index}-{position}", ""))
            except ValueError:
                continue
            if 0 <= right < len(matches):
                pairs[str(left)] = str(matches[right])
        return pairs
    if kind == Question.Type.ORDERING:
        ranked = []
        for position, item in enumerate(options):
            try:
                rank = int(data.get(f"q{index}-{position}", ""))
            except ValueError:
                return []
            ranked.append((rank, str(item)))
        if sorted(r for r, _item in ranked) != list(range(1, len(options) + 1)):
            return []  # every place used once, or no answer
        return [item for _rank, item in sorted(ranked)]
    # Short text and numbers: what was typed, bounded, without NUL characters
    # (PostgreSQL cannot store them in JSON).
    return (data.get(f"q{index}") or "")[:500].replace("\x00", "")


def entries(attempt: Attempt):
    """The attempt's questions in its order, with their choices: two queries,
    however many questions (the choices were read once per question)."""
    questions = Question.objects.prefetch_related("choices").in_bulk(
        [e["question"] for e in attempt.layout]
    )
    for index, entry in enumerate(attempt.layout):
        question = questions.get(entry["question"])
        if question is not None:
            yield question, {**entry, "index": index}


def save_answers(attempt: Attempt, data) -> None:
    """Keep what the learner has filled in so far (resumable); no grading yet."""
    for question, entry in entries(attempt):
        AttemptAnswer.objects.update_or_create(
            attempt=attempt,
            question=question,
            defaults={"response": read_response(question, entry, data)},
        )


@dataclass
class Submission:
    attempt: Attempt
    late: bool = False


def submit(attempt: Attempt, data) -> Submission:
    """Grade and close the attempt once; later calls return it unchanged."""
    with transaction.atomic():
        attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
        if not attempt.is_open:
            return Submission(attempt)
        now = timezone.now()
        late = attempt.deadline is not None and now > attempt.deadline + GRACE
        if not late:
            save_answers(attempt, data)
        answers = {a.question_id: a for a in attempt.answers.all()}
        total = Decimal(0)
        count = 0
        for question, _entry in entries(attempt):
            answer = answers.get(question.pk) or AttemptAnswer(
                attempt=attempt, question=question, response=None
            )
            grade = question.grade(answer.response)
            answer.score, answer.correct = Decimal(str(grade.score)), grade.correct
            answer.save()
            total += answer.score
            count += 1
        attempt.score = (
            (total / count).quantize(Decimal("0.0001")) if count else Decimal(0)
        )
        attempt.passed = attempt.score * 100 >= attempt.quiz.pass_mark
        attempt.submitted_at = min(now, attempt.deadline) if late else now
        attempt.save()
        seconds = int((attempt.submitted_at - attempt.started_at).total_seconds())
        record(
            attempt.user,
            activity_for_placement(attempt.quiz, "quiz", attempt.page),
            "passed" if attempt.passed else "failed",
            result=Result(
                score=attempt.score,
                success=attempt.passed,
                completion=True,
                duration=max(0, seconds),
            ),
            context={"attempt": str(attempt.uuid), "late": late},
        )
    return Submission(attempt, late)


def may_review(attempt: Attempt) -> bool:
    """Whether the learner may see the right answers now, by the quiz's policy."""
    review = attempt.quiz.review
    if review == Quiz.Review.IMMEDIATELY:
        return True
    if review == Quiz.Review.AFTER_PASS:
        return Attempt.objects.filter(
            quiz=attempt.quiz, user=attempt.user, passed=True
        ).exists()
    if review == Quiz.Review.AFTER_LAST:
        return attempts_left(attempt.quiz, attempt.user, attempt.page) == 0
    return False
