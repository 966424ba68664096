"""The results of an evaluation: per statement the distribution, the percentages
and the mean, and the free-text answers, for the whole course or one circle.

Nothing is shown for fewer than ``MIN_RESPONSES`` responses, whatever the selection.
A circle filter could still single people out by difference: the course total minus
the circles shown is the answers of everyone else. So the course total is shown
only when that remainder (responses outside the circles whose results are shown) is
none or at least ``MIN_RESPONSES`` too. Any other difference an editor can take
includes a whole shown circle, so it has at least ``MIN_RESPONSES`` responses.
"""

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from .models import MIN_RESPONSES, Answer, Likert, Question

# The chart's geometry (SVG user units; it scales to the width it is given).
# Narrow, so its text stays legible when a phone shrinks it to its width.
WIDTH = 330
ROW = 48
LABEL_Y = 17
BAR_Y = 24
BAR_HEIGHT = 17
BAR_MAX = 240
FONT_SIZE = 15
BAR_COLOUR = "#1d4f91"  # 8.6:1 on white
TEXT_COLOUR = "#1a1a1a"


@dataclass
class Option:
    value: int
    label: str
    count: int
    percent: int


@dataclass
class StatementResult:
    question: Question
    options: list[Option]
    answered: int
    mean: float | None

    def chart(self) -> str:
        return chart_svg(self)


@dataclass
class TextResult:
    question: Question
    answers: list[tuple[str, str]] = field(default_factory=list)  # (text, name)


def circle_counts(evaluation) -> dict:
    """Responses per circle (None: in no circle)."""
    rows = evaluation.responses.values("circle").annotate(n=Count("pk"))
    return {row["circle"]: row["n"] for row in rows}


def course_total_is_safe(counts: dict) -> bool:
    """Whether the course total can be shown beside the circles' results (see the
    module's docstring): the responses outside the shown circles are none or at
    least MIN_RESPONSES."""
    total = sum(counts.values())
    shown = sum(n for circle, n in counts.items() if circle and n >= MIN_RESPONSES)
    rest = total - shown
    return total >= MIN_RESPONSES and (rest == 0 or rest >= MIN_RESPONSES)


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def statement_result(question, answers) -> StatementResult:
    counts = dict(
        answers.filter(question=question, value__isnull=False)
        .values_list("value")
        .annotate(n=Count("pk"))
    )
    answered = sum(counts.values())
    options = [
        Option(
            value,
            str(label),
            counts.get(value, 0),
            percent(counts.get(value, 0), answered),
        )
        for value, label in Likert.choices
    ]
    mean = (
        sum(value * n for value, n in counts.items()) / answered if answered else None
    )
    return StatementResult(question, options, answered, mean)


def text_result(question, answers, *, with_names: bool) -> TextResult:
    """The free-text answers sorted by their text, so their order tells nothing
    about who answered when; names only for a non-anonymous evaluation, and only
    when the caller may see them."""
    rows = answers.filter(question=question).exclude(text="")
    result = TextResult(question)
    for answer in rows.select_related("response__user"):
        user = answer.response.user if with_names else None
        name = (user.get_full_name() or user.get_username()) if user else ""
        result.answers.append((answer.text, name))
    result.answers.sort(key=lambda pair: (pair[0].casefold(), pair[1]))
    return result


def results(evaluation, responses, *, with_names: bool = False) -> list:
    """A result per question, in the evaluation's order."""
    answers = Answer.objects.filter(response__in=responses)
    names = with_names and not evaluation.anonymous
    return [
        statement_result(q, answers)
        if q.kind == Question.Kind.LIKERT
        else text_result(q, answers, with_names=names)
        for q in evaluation.questions.all()
    ]


def summary(result: StatementResult) -> str:
    """The chart in words: its text alternative."""
    parts = [
        _("%(label)s: %(count)s (%(percent)s %%)")
        % {"label": o.label, "count": o.count, "percent": o.percent}
        for o in result.options
    ]
    return "; ".join(parts) + "."


def chart_svg(result: StatementResult) -> str:
    """A horizontal bar per option, each with its label and number written beside
    it, so nothing is told by colour alone. All text is escaped by format_html."""
    height = ROW * len(result.options) + 4
    rows = []
    for index, option in enumerate(result.options):
        top = index * ROW
        width = round(BAR_MAX * option.percent / 100)
        rows.append(
            format_html(
                '<text x="0" y="{}" fill="{}" font-size="{}">{}</text>'
                '<rect x="0" y="{}" width="{}" height="{}" fill="{}"></rect>'
                '<rect x="0" y="{}" width="{}" height="{}" fill="none" '
                'stroke="#767676" stroke-width="1"></rect>'
                '<text x="{}" y="{}" fill="{}" font-size="{}">{}</text>',
                top + LABEL_Y,
                TEXT_COLOUR,
                FONT_SIZE,
                option.label,
                top + BAR_Y,
                width,
                BAR_HEIGHT,
                BAR_COLOUR,
                top + BAR_Y,
                BAR_MAX,
                BAR_HEIGHT,
                BAR_MAX + 8,
                top + BAR_Y + BAR_HEIGHT - 3,
                TEXT_COLOUR,
                FONT_SIZE,
                f"{option.count} ({option.percent} %)",
            )
        )
    ident = f"chart-{result.question.uuid}"
    return format_html(
        '<svg class="evaluation-chart" role="img" viewBox="0 0 {} {}" '
        'aria-labelledby="{}-title {}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        WIDTH,
        height,
        ident,
        ident,
        ident,
        result.question.text,
        ident,
        summary(result),
        format_html_join("", "{}", ((row,) for row in rows)),
    )
