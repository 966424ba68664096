import csv
import tempfile

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from courses.models import CoursePage
from ecirkel.spreadsheets import csv_cell
from roleplays.scoring import SCORE_RANGE

from . import reports
from .models import StudyCircle


def visible_circle(request, uuid):
    """The circle if the user may see it, else 404: leaders see only their own."""
    return get_object_or_404(
        StudyCircle.objects.visible_to(request.user).prefetch_related(
            # The report links to a course's evaluation: read with the course.
            Prefetch("courses", CoursePage.objects.select_related("evaluation"))
        ),
        uuid=uuid,
    )


def chosen_course(request, circle):
    courses = [course for course in circle.courses.all() if course.live]
    if not courses:
        raise Http404(_("This circle follows no published course."))
    wanted = request.GET.get("kurs")
    return courses, next((c for c in courses if str(c.pk) == wanted), courses[0])


@login_required
@require_GET
def circle_list(request):
    circles = (
        StudyCircle.objects.visible_to(request.user)
        .select_related("leader")
        .prefetch_related("courses")
        .annotate(member_count=Count("memberships"))
        .order_by("name")
    )
    page = Paginator(circles, 50).get_page(request.GET.get("sida"))
    return render(request, "circles/circle_list.html", {"page_obj": page})


@login_required
@require_GET
def circle_report(request, uuid):
    circle = visible_circle(request, uuid)
    courses, course = chosen_course(request, circle)
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    if status not in dict(reports.STATUS_CHOICES):
        status = ""
    open_id = request.GET.get("open", "")
    structure, headings, page, rows = reports.matrix_page(
        circle,
        course,
        query=query,
        status=status,
        page_number=request.GET.get("sida"),
        open_id=open_id if open_id.isdigit() else None,
    )
    # Links keep the filters and the page: opening a main topic replaces ``open``,
    # the pagination its page number.
    keep = request.GET.copy()
    keep.pop("open", None)
    paging = request.GET.copy()
    paging.pop("sida", None)
    return render(
        request,
        "circles/circle_report.html",
        {
            "circle": circle,
            "courses": courses,
            "course": course,
            "headings": headings,
            "folds": structure.folds,
            "page_obj": page,
            "rows": rows,
            "observed": any(any(calls) for row in rows for calls in row.observed),
            "score_range": SCORE_RANGE,
            "query": query,
            "status": status,
            "status_choices": reports.STATUS_CHOICES,
            "filter_query": paging.urlencode(),
            "open_query": keep.urlencode(),
        },
    )


class Echo:
    def write(self, value):
        return value


def csv_response(name: str, header, rows, *, checked=False) -> StreamingHttpResponse:
    """A streamed CSV for Excel: UTF-8 with a BOM, semicolons, formula-safe cells.

    ``checked``: the rows' values went through ``csv_cell`` already
    (``reports.csv_rows``)."""
    writer = csv.writer(Echo(), delimiter=";")

    def lines():
        yield "\ufeff"  # BOM: Excel then reads the file as UTF-8
        yield writer.writerow(map(csv_cell, header))
        for values in rows:
            yield writer.writerow(values if checked else map(csv_cell, values))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@login_required
@require_GET
def circle_export(request, uuid, fmt: str):
    circle = visible_circle(request, uuid)
    _courses, course = chosen_course(request, circle)
    structure = reports.structure_for(course)
    columns = structure.columns
    filters = {
        "query": request.GET.get("q", "").strip(),
        "status": request.GET.get("status", ""),
    }
    name = slugify(f"{circle.name}-{course.title}") or "cirkel"
    if fmt == "csv":
        rows = reports.iter_rows(circle, course, structure, **filters)
        return csv_response(
            name,
            reports.export_header(columns),
            reports.csv_rows(rows),
            checked=True,
        )
    sessions = reports.iter_sessions(circle, course, structure, **filters)
    if fmt == "sessions":
        # Outside the f-string: gettext's extraction does not look inside one.
        sessions_name = slugify(_("Observed sessions"))
        return csv_response(
            f"{name}-{sessions_name}",
            reports.sessions_header(),
            (reports.session_row(s, for_csv=True) for s in sessions),
        )
    # XLSX: openpyxl's write-only mode keeps one row in memory; the file spills to disk.
    workbook = reports.xlsx_workbook(
        columns, reports.iter_rows(circle, course, structure, **filters), sessions
    )
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{name}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
