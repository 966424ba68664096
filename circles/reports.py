"""The circle leader's matrix: learners × topics with states and scores.

Every page of the matrix takes the same number of queries whatever the size of the
circle: the members are counted, filtered and paginated in the database (how many
requirements each has met is a subquery), and the marks of one page of learners come
in one query. Exports walk the members in chunks and never hold the whole circle.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from progress.completion import Mark, is_met, marks_for, requirements_for
from progress.models import ActivityProgress
from progress.states import ProgressState

from .models import CircleMembership

DONE = [ProgressState.COMPLETED, ProgressState.PASSED]
STATUS_CHOICES = [
    ("", _("All learners")),
    ("not_started", _("Not started")),
    ("in_progress", _("In progress")),
    ("complete", _("Completed the course")),
]
EXPORT_CHUNK = 500


@dataclass(frozen=True)
class Column:
    page_id: int
    title: str
    required: bool
    must_pass: bool


@dataclass
class Row:
    user: object
    cells: list[Mark]
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    def cells_html(self) -> str:
        """The row's cells as HTML, built here: a template loop over 300 topics ×
        50 learners costs more than the rest of the report together."""
        labels = {state: escape(state.label) for state in ProgressState}
        parts = []
        for mark in self.cells:
            state = mark.state.value  # one of ProgressState's fixed values
            score = "" if mark.score is None else f" ({round(mark.score * 100)} %)"
            parts.append(
                f'<td class="matrix__cell matrix__cell--{state}">'
                f'<span class="state-dot state-dot--{state}" aria-hidden="true"></span>'
                f"{labels[mark.state]}{score}</td>"
            )
        # Safe: the labels are escaped, the rest are enum values and integers.
        return mark_safe("".join(parts))  # noqa: S308


def columns_for(course) -> list[Column]:
    """Every live topic of the course, plus any other required page, in tree order."""
    requirements = {req.page_id: req for req in requirements_for([course])[course.pk]}
    pages = {t.pk: (t.title, t.path) for t in course.get_topics()}
    for req in requirements.values():
        pages.setdefault(req.page_id, (req.title, req.path))
    ordered = sorted(pages.items(), key=lambda item: item[1][1])
    return [
        Column(
            page_id=pk,
            title=title,
            required=pk in requirements,
            must_pass=pk in requirements and requirements[pk].must_pass,
        )
        for pk, (title, _path) in ordered
    ]


def members(circle, course, *, query: str = "", status: str = ""):
    """The circle's memberships, annotated with how many requirements each has met."""
    requirements = requirements_for([course])[course.pk]
    plain = [req.page_id for req in requirements if not req.must_pass]
    must_pass = [req.page_id for req in requirements if req.must_pass]

    def met(page_ids, states):
        rows = (
            ActivityProgress.objects.filter(
                user=OuterRef("user"), activity__page_id__in=page_ids, state__in=states
            )
            .order_by()
            .values("user")
            .annotate(n=Count("activity__page_id", distinct=True))
            .values("n")
        )
        return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))

    touched = (
        ActivityProgress.objects.filter(user=OuterRef("user"), activity__course=course)
        .exclude(state=ProgressState.NOT_STARTED)
        .order_by()
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    memberships = (
        CircleMembership.objects.filter(circle=circle)
        .select_related("user")
        .annotate(
            met=met(plain, DONE) + met(must_pass, [ProgressState.PASSED]),
            touched=Coalesce(Subquery(touched, output_field=IntegerField()), Value(0)),
        )
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    if query:
        memberships = memberships.filter(
            Q(user__username__icontains=query)
            | Q(user__first_name__icontains=query)
            | Q(user__last_name__icontains=query)
        )
    total = len(requirements)
    if status == "complete":
        memberships = (
            memberships.filter(met__gte=total) if total else memberships.none()
        )
    elif status == "not_started":
        memberships = memberships.filter(touched=0)
    elif status == "in_progress":
        memberships = memberships.filter(touched__gt=0, met__lt=total)
    return memberships, total


def rows_for(memberships, columns, course) -> list[Row]:
    memberships = list(memberships)
    requirements = requirements_for([course])[course.pk]
    marks = marks_for([m.user_id for m in memberships], [c.page_id for c in columns])
    rows = []
    for membership in memberships:
        user_marks = [
            marks.get((membership.user_id, c.page_id), Mark()) for c in columns
        ]
        done = sum(
            1
            for req in requirements
            if is_met(req, marks.get((membership.user_id, req.page_id), Mark()))
        )
        rows.append(Row(membership.user, user_marks, done, len(requirements)))
    return rows


def matrix_page(circle, course, *, query="", status="", page_number=1, per_page=50):
    columns = columns_for(course)
    memberships, _total = members(circle, course, query=query, status=status)
    page = Paginator(memberships, per_page).get_page(page_number)
    return columns, page, rows_for(page.object_list, columns, course)


def iter_rows(circle, course, columns, *, query="", status=""):
    """All rows of the matrix, a chunk of learners at a time."""
    memberships, _total = members(circle, course, query=query, status=status)
    offset = 0
    while True:
        chunk = list(memberships[offset : offset + EXPORT_CHUNK])
        if not chunk:
            return
        yield from rows_for(chunk, columns, course)
        offset += EXPORT_CHUNK


def cell_text(mark: Mark) -> str:
    text = str(mark.state.label)
    if mark.score is not None:
        text += f" ({round(mark.score * 100)} %)"
    return text
