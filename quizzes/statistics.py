"""Quiz statistics for editors: spot the questions that do not work."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .models import Attempt, AttemptAnswer, Question, Quiz


@dataclass
class QuestionStats:
    question: Question
    answered: int = 0
    right: int = 0
    picks: Counter = field(default_factory=Counter)

    @property
    def share_right(self) -> int:
        return round(100 * self.right / self.answered) if self.answered else 0

    def options(self):
        """(option, times picked, share of answers) for choice questions."""
        return [
            (
                c,
                self.picks[str(c.pk)],
                round(100 * self.picks[str(c.pk)] / self.answered)
                if self.answered
                else 0,
            )
            for c in self.question.choices.all()
        ]


def quiz_statistics(quiz: Quiz) -> dict:
    attempts = Attempt.objects.filter(quiz=quiz, submitted_at__isnull=False)
    scores = list(attempts.values_list("score", flat=True))
    buckets = [0] * 10  # 0–9 %, 10–19 %, …, 90–100 %
    for score in scores:
        buckets[min(9, int(score * 10))] += 1
    per_question: dict[int, QuestionStats] = {}
    rows = AttemptAnswer.objects.filter(attempt__in=attempts).values_list(
        "question_id", "response", "correct"
    )
    by_question = defaultdict(list)
    for question_id, response, correct in rows:
        by_question[question_id].append((response, correct))
    questions = Question.objects.in_bulk(by_question).values()
    for question in sorted(questions, key=lambda q: q.pk):
        stats = QuestionStats(question)
        for response, correct in by_question[question.pk]:
            stats.answered += 1
            stats.right += bool(correct)
            if isinstance(response, str):
                stats.picks[response] += 1
            elif isinstance(response, list) and question.type == Question.Type.MULTIPLE:
                stats.picks.update(response)
        per_question[question.pk] = stats
    top = max(buckets) or 1
    return {
        "attempts": len(scores),
        "passed": attempts.filter(passed=True).count(),
        "buckets": [
            {
                "label": f"{n * 10}–{n * 10 + 9 if n < 9 else 100} %",
                "count": count,
                "width": round(100 * count / top),
            }
            for n, count in enumerate(buckets)
        ],
        "questions": list(per_question.values()),
    }
