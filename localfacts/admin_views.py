"""The report "Lokala uppgifter i kurser": for every course, the placeholders it
uses, where, and which of them this installation has not filled in."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ecirkel import admin_tables
from ecirkel.admin_menu import ReportIndexView

from .facts import current
from .models import LocalFacts
from .usage import course_usage, courses


def settings_url(site) -> str:
    """The edit view of a site's local facts."""
    return reverse(
        "wagtailsettings:edit",
        args=[LocalFacts._meta.app_label, LocalFacts._meta.model_name, site.pk],
    )


class UsageReportView(ReportIndexView):
    """Courses × placeholders, unfilled ones marked; ``?course=<id>`` shows one
    course (the link from a course's edit view)."""

    model = LocalFacts
    permission_required = "view"
    template_name = "localfacts/admin/report.html"
    page_title = _("Local facts in courses")

    def get_context_data(self, **kwargs):
        chosen = self.request.GET.get("course", "")
        found = courses()
        if chosen.isdigit():
            found = [course for course in found if course.pk == int(chosen)]
        rows = []
        for course in found:
            site = course.get_site()
            facts = current(site)
            usage = course_usage(course)
            placeholders = usage.rows(facts)
            rows.append(
                {
                    "course": course,
                    "placeholders": placeholders,
                    "unfilled": sum(1 for row in placeholders if not row["value"]),
                    "settings_url": settings_url(site) if site else "",
                }
            )
        return super().get_context_data(
            rows=rows,
            one_course=chosen.isdigit(),
            table_media=admin_tables.MEDIA,
            can_change=self.request.user.has_perm("localfacts.change_localfacts"),
            **kwargs,
        )
