"""The circle leader's matrix: learners × topics with states and scores.

Every page of the matrix takes the same number of queries whatever the size of the
circle: the members are counted, filtered and paginated in the database (how many
requirements each has met is a subquery), and the marks of one page of learners come
in one query. Exports walk the members in chunks and never hold the whole circle, and
every cell they write goes through ``ecirkel.spreadsheets``, so a name such as
``=HYPERLINK(...)`` is text in the spreadsheet, never a formula.

Observed pair sessions (``roleplays.ObservedSession``) are evidence about the practice
call on a page: the matrix shows them on that page's column ("Observerat: 2/1/2",
the latest session's manner / correct information / routing), beside the page's
state, which they do not change (``progress.states.counts_toward_page``). The exports
list every session, one row each.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import reduce
from itertools import islice
from operator import or_

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import (
    BooleanField,
    Count,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ecirkel import caching
from ecirkel.spreadsheets import csv_cell, xlsx_cell
from progress.completion import (
    NO_MARK,
    Mark,
    group_by_user,
    is_met,
    marks_for,
    pages_met_by,
    requirements_for,
)
from progress.models import Activity, ActivityProgress
from progress.states import ProgressState, counts_toward_page
from roleplays.models import DIMENSIONS, ObservedSession

from .models import CircleMembership

DONE = [ProgressState.COMPLETED, ProgressState.PASSED]
STATUS_CHOICES = [
    ("", _("All learners")),
    ("not_started", _("Not started")),
    ("in_progress", _("In progress")),
    ("complete", _("Completed the course")),
]
EXPORT_CHUNK = 250  # learners whose marks are read at once (memory stays flat)
# A course with more columns than this shows its main topics folded, each with a
# total per learner, and opens one main topic's columns on demand (``?open=<id>``).
FOLD_ABOVE = 40
STEPLEN = 4  # treebeard's path step: a page's main topic is its path's first part


@dataclass(frozen=True)
class Column:
    page_id: int
    title: str
    required: bool
    must_pass: bool
    path: str = ""


@dataclass(frozen=True)
class Group:
    """A main topic with everything under it (or a page of its own, such as a
    lecture placed directly in the course)."""

    page_id: int  # its first column: the main topic
    title: str
    prefix: str  # the path every page of the group starts with
    first: int  # its columns are the structure's columns[first:first + count]
    count: int


@dataclass(frozen=True)
class Structure:
    """What the report's headers show, the same for every circle and learner:
    the course's columns in tree order, grouped by main topic, and its
    requirements. Cached per content version (``structure_for``)."""

    columns: tuple[Column, ...]
    groups: tuple[Group, ...]
    requirements: tuple
    prefix_length: int

    @property
    def folds(self) -> bool:
        return len(self.columns) > FOLD_ABOVE

    def columns_of(self, group: Group) -> tuple[Column, ...]:
        return self.columns[group.first : group.first + group.count]

    def group(self, page_id) -> Group | None:
        return next((g for g in self.groups if str(g.page_id) == str(page_id)), None)


@dataclass(frozen=True)
class Heading:
    """A column of the report's page: a page's own, or a folded main topic."""

    title: str
    page_id: int
    must_pass: bool = False
    folded: Group | None = None  # the group this column sums up
    closes: Group | None = None  # the open group whose first column this is


@dataclass(frozen=True)
class Observed:
    """A learner's observed pair sessions of one call on one page: how many, and the
    latest session's scores (-2…2 each)."""

    scenario: str
    count: int
    empathy: int
    correctness: int
    routing: int

    @property
    def scores(self) -> str:
        return f"{self.empathy}/{self.correctness}/{self.routing}"

    def text(self) -> str:
        if self.count == 1:
            return gettext("Observed: %(scores)s") % {"scores": self.scores}
        return ngettext(
            "Observed %(count)d time, last: %(scores)s",
            "Observed %(count)d times, last: %(scores)s",
            self.count,
        ) % {"count": self.count, "scores": self.scores}


@dataclass(frozen=True)
class Folded:
    """A learner's total in a folded main topic: pages done, pages touched, of all."""

    done: int
    touched: int
    total: int

    @property
    def state(self) -> ProgressState:
        if self.total and self.done >= self.total:
            return ProgressState.COMPLETED
        return ProgressState.STARTED if self.touched else ProgressState.NOT_STARTED

    def text(self, template: str | None = None) -> str:
        template = template or gettext("%(done)d of %(total)d done")
        return template % {"done": self.done, "total": self.total}


@dataclass
class Row:
    user: object
    cells: list  # a Mark per page column, a Folded per folded main topic
    done: int
    total: int
    # Per column, the calls observed there (usually none or one).
    observed: list[list[Observed]] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    def cells_html(self) -> str:
        """The row's cells as HTML, built here: a template loop over 300 topics ×
        50 learners costs more than the rest of the report together."""
        labels = {state: escape(state.label) for state in ProgressState}
        folded = escape(gettext("%(done)d of %(total)d done"))
        observed = self.observed or [[] for _cell in self.cells]
        parts = []
        for mark, calls in zip(self.cells, observed, strict=True):
            state = mark.state.value  # one of ProgressState's fixed values
            if isinstance(mark, Folded):
                parts.append(
                    f'<td class="matrix__cell matrix__cell--group '
                    f'matrix__cell--{state}"><span class="state-dot '
                    f'state-dot--{state}" aria-hidden="true"></span>'
                    f"{mark.text(folded)}</td>"
                )
                continue
            score = "" if mark.score is None else f" ({round(mark.score * 100)} %)"
            notes = "".join(
                '<span class="matrix__observed">'
                + (f"{escape(call.scenario)}: " if len(calls) > 1 else "")
                + f"{escape(call.text())}</span>"
                for call in calls
            )
            parts.append(
                f'<td class="matrix__cell matrix__cell--{state}">'
                f'<span class="state-dot state-dot--{state}" aria-hidden="true"></span>'
                f"{labels[mark.state]}{score}{notes}</td>"
            )
        # Safe: the texts are escaped, the rest are enum values and integers.
        return mark_safe("".join(parts))  # noqa: S308


def structure_for(course) -> Structure:
    """The course's columns, main topics and requirements, cached per content
    version: three queries on a miss, none after."""

    def build() -> Structure:
        requirements = requirements_for([course])[course.pk]
        by_id = {req.page_id: req for req in requirements}
        pages = {
            t.pk: (t.title, t.path) for t in course.get_topics().only("title", "path")
        }
        for req in requirements:
            pages.setdefault(req.page_id, (req.title, req.path))
        columns = [
            Column(
                page_id=pk,
                title=title,
                required=pk in by_id,
                must_pass=pk in by_id and by_id[pk].must_pass,
                path=path,
            )
            for pk, (title, path) in sorted(pages.items(), key=lambda i: i[1][1])
        ]
        length = (course.depth + 1) * STEPLEN
        runs: dict[str, list[Column]] = {}
        for column in columns:  # in tree order: a group's pages are together
            runs.setdefault(column.path[:length], []).append(column)
        # Plain numbers, not the columns again: unpickling a group that holds its
        # columns took 9 ms of every report at 300 topics.
        groups, first = [], 0
        for prefix, run in runs.items():
            groups.append(Group(run[0].page_id, run[0].title, prefix, first, len(run)))
            first += len(run)
        return Structure(tuple(columns), tuple(groups), tuple(requirements), length)

    return caching.fragment(
        "circle-report-structure", course.pk, build=build, keep_in_process=True
    )


def columns_for(course) -> list[Column]:
    """Every live topic of the course, plus any other required page, in tree order."""
    return list(structure_for(course).columns)


def headings_for(structure: Structure, open_id=None, *, fold=True) -> list[Heading]:
    """The page's columns: every page's own in a small course; in a large one each
    main topic folded into one column, but for the one opened (``open_id``)."""
    if not (fold and structure.folds):
        return [Heading(c.title, c.page_id, c.must_pass) for c in structure.columns]
    opened = structure.group(open_id) if open_id else None
    headings = []
    for group in structure.groups:
        if group is opened or group.count == 1:
            headings += [
                Heading(
                    c.title,
                    c.page_id,
                    c.must_pass,
                    closes=group if group is opened and n == 0 else None,
                )
                for n, c in enumerate(structure.columns_of(group))
            ]
        else:
            headings.append(Heading(group.title, group.page_id, folded=group))
    return headings


class InRows(Func):
    """``column IN (subquery)``, which PostgreSQL is told to run once per query: as
    ``column = ANY(ARRAY(subquery))``, an InitPlan. Written as ``IN`` inside a
    correlated subquery, its planner joined the subquery's table again for every
    outer row."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, template="%s IN %s"):
        column, subquery = self.source_expressions
        column_sql, column_params = compiler.compile(column)
        subquery_sql, subquery_params = compiler.compile(subquery)
        return template % (column_sql, subquery_sql), (*column_params, *subquery_params)

    def as_postgresql(self, compiler, connection):
        return self.as_sql(compiler, connection, template="%s = ANY(ARRAY%s)")


def members(
    circle, course, requirements=None, *, query: str = "", status: str = "", counts=True
):
    """The circle's memberships, annotated with how many requirements each has met
    (``met``) and how many activities they have opened. ``counts=False``: not when
    no status filter needs them (the exports count from the marks they read anyway:
    the per-learner subqueries took 1 of the 2 s of a 5 000-learner CSV)."""
    if requirements is None:
        requirements = requirements_for([course])[course.pk]

    def met(page_ids, states):
        # The pages' activities are read once for the whole query (InRows), not
        # joined and filtered by page once per learner: that scanned every activity
        # 50 times, 18 of the report's 60 ms at 50 × 300 (EXPLAIN ANALYZE).
        activities = Activity.objects.filter(page_id__in=page_ids).values("pk")
        rows = (
            ActivityProgress.objects.filter(
                InRows(F("activity_id"), Subquery(activities)), state__in=states
            )
            .filter(user=OuterRef("user"))
            .filter(counts_toward_page())
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
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    if counts or status:
        memberships = memberships.annotate(
            met=sum(
                (
                    met(pages, states)
                    for states, pages in pages_met_by(requirements).items()
                ),
                Value(0),
            ),
            touched=Coalesce(Subquery(touched, output_field=IntegerField()), Value(0)),
        )
    if query:
        # The user model's own search (users.User.objects.matching), reached like
        # any user model: circles do not import the accounts app, which sits above.
        learners = get_user_model().objects.matching(query)
        memberships = memberships.filter(user__in=learners.values("pk"))
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


def observed_for(user_ids, page_ids) -> dict[tuple[int, int], list[Observed]]:
    """(user id, page id) → each call observed there: how many sessions and the
    latest one's scores. One query."""
    sessions = (
        ObservedSession.objects.filter(
            learner_id__in=list(user_ids), page_id__in=list(page_ids)
        )
        .order_by("created_at", "pk")
        .values_list(
            "learner_id",
            "page_id",
            "scenario_id",
            "scenario__title",
            "empathy",
            "correctness",
            "routing",
        )
    )
    latest: dict[tuple[int, int], dict[int, Observed]] = defaultdict(dict)
    for user_id, page_id, scenario_id, title, *scores in sessions:
        calls = latest[(user_id, page_id)]
        count = calls[scenario_id].count + 1 if scenario_id in calls else 1
        calls[scenario_id] = Observed(title, count, *scores)
    return {key: list(calls.values()) for key, calls in latest.items()}


def group_counts(user_ids, structure: Structure) -> dict[tuple[int, str], tuple]:
    """(user id, main topic's path) → (pages done, pages touched), counted in the
    database: one query, one row per learner and main topic."""
    rows = (
        ActivityProgress.objects.filter(
            user_id__in=list(user_ids),
            activity__page_id__in=[c.page_id for c in structure.columns],
        )
        .filter(counts_toward_page())
        .annotate(prefix=Substr("activity__page__path", 1, structure.prefix_length))
        .order_by()
        .values("user_id", "prefix")
        .annotate(
            done=Count("activity__page_id", distinct=True, filter=Q(state__in=DONE)),
            touched=Count(
                "activity__page_id",
                distinct=True,
                filter=~Q(state=ProgressState.NOT_STARTED),
            ),
        )
        .values_list("user_id", "prefix", "done", "touched")
    )
    return {
        (user_id, prefix): (done, touched) for user_id, prefix, done, touched in rows
    }


def rows_for(memberships, structure, headings, *, observed=True) -> list[Row]:
    """The rows of ``memberships`` (annotated by ``members``) under ``headings``:
    at most three queries, whatever the number of learners or topics."""
    memberships = list(memberships)
    user_ids = [m.user_id for m in memberships]
    page_ids = [h.page_id for h in headings if h.folded is None]
    marks = marks_for(user_ids, page_ids)
    calls = observed_for(user_ids, page_ids) if observed else {}
    folded = (
        group_counts(user_ids, structure) if any(h.folded for h in headings) else {}
    )
    total = len(structure.requirements)
    by_user = group_by_user(marks)
    # Every cell a page's and no notes (the exports): one comprehension per row,
    # sharing one empty mark; 1.5 million cells at 5 000 × 300.
    pages_only = not folded and not calls and all(h.folded is None for h in headings)
    required = {req.page_id: req for req in structure.requirements}
    rows = []
    for membership in memberships:
        own = by_user.get(membership.user_id, {})
        if pages_only:
            cells, notes = [own.get(page_id, NO_MARK) for page_id in page_ids], []
        else:
            cells, notes = _cells(membership.user_id, own, headings, calls, folded)
        done = getattr(membership, "met", None)
        if done is None:  # not counted by ``members``: every page's mark is here
            done = sum(
                1
                for page_id, mark in own.items()
                if page_id in required and is_met(required[page_id], mark)
            )
        rows.append(Row(membership.user, cells, done, total, notes))
    return rows


def _cells(user_id, own, headings, calls, folded):
    cells, notes = [], []
    for heading in headings:
        group = heading.folded
        if group is None:
            cells.append(own.get(heading.page_id, NO_MARK))
            notes.append(calls.get((user_id, heading.page_id), []))
        else:
            done, touched = folded.get((user_id, group.prefix), (0, 0))
            cells.append(Folded(done, touched, group.count))
            notes.append([])
    return cells, notes


def matrix_page(
    circle, course, *, query="", status="", page_number=1, per_page=50, open_id=None
):
    structure = structure_for(course)
    memberships, _total = members(
        circle, course, structure.requirements, query=query, status=status, counts=False
    )
    page = Paginator(memberships, per_page).get_page(page_number)
    if not status:  # not counted by ``members``: this page's learners only
        shown = list(page.object_list)
        counted = met_counts([m.user_id for m in shown], structure.requirements)
        for membership in shown:
            membership.met = counted.get(membership.user_id, 0)
        page.object_list = shown
    headings = headings_for(structure, open_id)
    return structure, headings, page, rows_for(page.object_list, structure, headings)


def met_counts(user_ids, requirements) -> dict[int, int]:
    """User id → how many of ``requirements`` they have met, as ``members`` counts
    them, for a page of learners in one grouped query: cheaper than ``members``'
    per-learner subqueries, which a status filter needs."""
    groups = pages_met_by(requirements)
    if not groups:
        return {}
    meets = reduce(
        or_,
        (
            Q(activity__page_id__in=pages, state__in=states)
            for states, pages in groups.items()
        ),
    )
    rows = (
        ActivityProgress.objects.filter(meets, user_id__in=list(user_ids))
        .filter(counts_toward_page())
        .order_by()
        .values("user_id")
        .annotate(met=Count("activity__page_id", distinct=True))
        .values_list("user_id", "met")
    )
    return dict(rows)


def iter_rows(circle, course, structure, *, query="", status=""):
    """All rows of the matrix with every page's column, for the exports: the
    members are read in one pass (``iterator``), their marks a chunk at a time."""
    memberships, _total = members(
        circle, course, structure.requirements, query=query, status=status, counts=False
    )
    headings = headings_for(structure, fold=False)
    members_iter = memberships.iterator(chunk_size=EXPORT_CHUNK)
    while chunk := list(islice(members_iter, EXPORT_CHUNK)):
        yield from rows_for(chunk, structure, headings, observed=False)


def iter_sessions(circle, course, structure, *, query="", status="") -> Iterator:
    """Every observed pair session of the (filtered) members on the course's pages,
    by learner, page and time, read a chunk at a time."""
    memberships, _total = members(
        circle, course, structure.requirements, query=query, status=status
    )
    return (
        ObservedSession.objects.filter(
            learner__in=memberships.values("user"),
            page_id__in=[c.page_id for c in structure.columns],
        )
        .select_related("learner", "observer", "scenario", "page")
        .order_by(
            "learner__last_name",
            "learner__first_name",
            "learner__username",
            "page__path",
            "created_at",
            "pk",
        )
        .iterator(chunk_size=EXPORT_CHUNK)
    )


# --- Exports --------------------------------------------------------------------------
# The matrix: per page a state column (text) and a score column (a whole percent, a
# number a spreadsheet can sort and sum); observed sessions one row each.


def score_percent(mark: Mark) -> int | None:
    return None if mark.score is None else round(mark.score * 100)


def export_header(columns) -> list[str]:
    header = [gettext("Username"), gettext("Name"), gettext("Course progress %")]
    for column in columns:
        header += [
            column.title,
            gettext("%(page)s – score %%") % {"page": column.title},
        ]
    return header


def export_row(row, labels=None, *, text=None) -> list:
    """A row's values for the exports. ``text`` makes the texts learners typed
    (their names) safe for the format, when ``labels`` are made safe already (see
    ``csv_rows``)."""
    labels = labels or state_labels()
    text = text or (lambda value: value)
    values = [
        text(row.user.get_username()),
        text(row.user.get_full_name()),
        row.percent,
    ]
    empty = (labels[ProgressState.NOT_STARTED], None)
    for mark in row.cells:
        values += (
            empty if mark is NO_MARK else (labels[mark.state], score_percent(mark))
        )
    return values


def csv_rows(rows) -> Iterator[list]:
    """The matrix's rows for the CSV, every cell formula-safe already (for
    ``csv_response(..., checked=True)``): the names through ``csv_cell``, the state
    labels once per export; percentages and scores are numbers. Checking only these
    instead of all 600 cells of a learner's row is a third of a 5 000-learner CSV."""
    labels = {state: csv_cell(label) for state, label in state_labels().items()}
    for row in rows:
        yield export_row(row, labels, text=csv_cell)


def state_labels() -> dict[ProgressState, str]:
    """Each state's label in the current language, looked up once per export."""
    return {state: str(state.label) for state in ProgressState}


def sessions_header() -> list[str]:
    return [
        gettext("Username"),
        gettext("Name"),
        gettext("Topic"),
        gettext("Practice call"),
        gettext("Date"),
        gettext("Observer"),
        *(str(label) for _name, label in DIMENSIONS),
        gettext("Notes"),
    ]


def session_row(session, *, for_csv: bool) -> list:
    when = timezone.localtime(session.created_at).replace(tzinfo=None, microsecond=0)
    observer = session.observer
    return [
        session.learner.get_username(),
        session.learner.get_full_name(),
        session.page.title if session.page else "",
        session.scenario.title,
        when.strftime("%Y-%m-%d %H:%M") if for_csv else when,
        (observer.get_full_name() or observer.get_username()) if observer else "",
        session.empathy,
        session.correctness,
        session.routing,
        session.notes,
    ]


def write_sheet(sheet, header, rows, widths, *, freeze="C2") -> None:
    """A sheet Excel can sort and filter at once: the header row bold, wrapped and
    frozen (with the learner's columns), an autofilter on it, each column a width
    that fits its content, rows written one at a time (write-only mode)."""
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    # Excel does not grow a row for wrapped text by itself: about 15 points a line.
    lines = max(
        -(-len(text) // max(1, int(width) - 2))
        for text, width in zip(header, widths, strict=True)
    )
    sheet.row_dimensions[1].height = 15 * min(max(lines, 1), 6)
    sheet.freeze_panes = freeze
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}1"
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    cells = []
    for text in header:
        cell = xlsx_cell(sheet, text)
        cell.font, cell.alignment = bold, wrap
        cells.append(cell)
    sheet.append(cells)
    for values in rows:
        sheet.append([xlsx_cell(sheet, value) for value in values])


def fit(text: str, low: int, high: int) -> int:
    return max(low, min(high, len(text) + 2))


def xlsx_workbook(columns, rows, sessions) -> Workbook:
    """The matrix and the observed sessions as a workbook of two sheets."""
    workbook = Workbook(write_only=True)
    header = export_header(columns)
    widths = [24, 28, 12]
    for column in columns:
        widths += [fit(column.title, 14, 30), 11]
    write_sheet(
        workbook.create_sheet(title=gettext("Progress")[:31]),
        header,
        (export_row(row) for row in rows),
        widths,
    )
    write_sheet(
        workbook.create_sheet(title=gettext("Observed sessions")[:31]),
        sessions_header(),
        (session_row(session, for_csv=False) for session in sessions),
        [24, 28, 30, 34, 17, 24, 12, 12, 12, 50],
    )
    return workbook
