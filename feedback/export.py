"""The inbox as CSV for Excel: semicolons, UTF-8 with a BOM, every cell through
``ecirkel.spreadsheets.csv_cell`` so text someone typed never runs as a formula.

The sender column names only senders who gave their name: anonymous feedback says
"Anonym", and the token is never written.
"""

import csv

from django.db.models import Count, OuterRef, Subquery
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext

from ecirkel.spreadsheets import csv_cell

from .labels import person, sender_label
from .models import FeedbackReply

CHUNK = 500


class Echo:
    def write(self, value):
        return value


def header() -> list[str]:
    return [
        gettext("Date"),
        gettext("Course"),
        gettext("Page"),
        gettext("About"),
        gettext("Kind"),
        gettext("Rating"),
        gettext("Status"),
        gettext("Assigned to"),
        gettext("Sender"),
        gettext("Feedback"),
        gettext("Number of replies"),
        gettext("Latest reply"),
    ]


def row(feedback) -> list:
    page = feedback.page
    return [
        timezone.localtime(feedback.created_at).strftime("%Y-%m-%d %H:%M"),
        feedback.course.title if feedback.course else "",
        page.title if page else "",
        feedback.display_title,
        feedback.get_kind_display(),
        feedback.rating if feedback.rating is not None else "",
        feedback.get_status_display(),
        person(feedback.assigned_to),
        sender_label(feedback),
        feedback.text,
        feedback.replies_count,
        feedback.latest_reply or "",
    ]


def rows(queryset):
    latest = FeedbackReply.objects.filter(feedback=OuterRef("pk")).order_by(
        "-created_at", "-pk"
    )
    queryset = queryset.select_related(
        "course", "page", "assigned_to", "sender"
    ).annotate(
        replies_count=Count("replies"),
        latest_reply=Subquery(latest.values("text")[:1]),
    )
    yield from (row(feedback) for feedback in queryset.iterator(chunk_size=CHUNK))


def filename() -> str:
    """The file name, "synpunkter-2026-11-24": what it is and when it was taken,
    in the site's language rather than the model's label."""
    return f"synpunkter-{timezone.localdate():%Y-%m-%d}"


def csv_response(name: str, queryset) -> StreamingHttpResponse:
    writer = csv.writer(Echo(), delimiter=";")

    def lines():
        yield "\ufeff"  # BOM: Excel then reads the file as UTF-8
        yield writer.writerow([csv_cell(value) for value in header()])
        for values in rows(queryset):
            yield writer.writerow([csv_cell(value) for value in values])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
