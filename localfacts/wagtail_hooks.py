"""The admin side of local facts: the report "Lokala uppgifter i kurser" under
Utbildning, and a warning on a page's edit view when it uses facts this
installation has not filled in. The setting itself (Settings → Local facts) is
registered by ``@register_setting`` in models.py."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages

from ecirkel.admin_menu import ModelPermissionViewSet

from .admin_views import UsageReportView, settings_url
from .facts import current
from .models import LocalFacts
from .placeholders import placeholder
from .usage import course_of, course_usage, names_in, referenced


class UsageReportViewSet(ModelPermissionViewSet):
    model = LocalFacts
    permission_required = "view"
    name = "localfacts_report"
    url_prefix = "lokala-uppgifter"
    icon = "home"
    menu_label = _("Local facts in courses")
    menu_order = 290

    def get_urlpatterns(self):
        view = self.construct_view(UsageReportView, page_title=self.menu_label)
        return [path("", view, name="index")]


@hooks.register("register_admin_viewset")
def register_usage_report():
    return UsageReportViewSet()


@hooks.register("insert_global_admin_css")
def report_css():
    return format_html(
        '<link rel="stylesheet" href="{}">', static("localfacts/report.css")
    )


def unfilled_on(page) -> tuple[list[str], bool]:
    """The unfilled facts a page's edit view warns about, and whether they are the
    whole course's (on the course page) or the page's own (with what it places)."""
    course = course_of(page)
    facts = current(page.get_site())
    if course is not None and course.pk == page.pk:
        return course_usage(course).unfilled(facts), True
    names = names_in(page)
    for target in referenced(page):
        names |= names_in(target)
    return sorted(name for name in names if not facts.get(name)), False


@hooks.register("before_edit_page")
def warn_unfilled_facts(request, page):
    """On a page's edit view: which local facts it (on a course page: the whole
    course) uses that this installation has not filled in."""
    if request.method != "GET" or not request.user.has_perm(
        "localfacts.view_localfacts"
    ):
        return None
    names, whole_course = unfilled_on(page)
    if not names:
        return None
    listed = ", ".join(placeholder(name) for name in names)
    if whole_course:
        text = ngettext(
            "The course uses a local fact that is not filled in in this "
            "installation: %(names)s. Learners read its description instead.",
            "The course uses local facts that are not filled in in this "
            "installation: %(names)s. Learners read their descriptions instead.",
            len(names),
        )
    else:
        text = ngettext(
            "This page uses a local fact that is not filled in in this "
            "installation: %(names)s. Learners read its description instead.",
            "This page uses local facts that are not filled in in this "
            "installation: %(names)s. Learners read their descriptions instead.",
            len(names),
        )
    buttons = []
    site = page.get_site()
    if site is not None and request.user.has_perm("localfacts.change_localfacts"):
        buttons.append(messages.button(settings_url(site), gettext("Fill them in")))
    course = course_of(page)
    if course is not None:
        buttons.append(
            messages.button(
                reverse("localfacts_report:index") + f"?course={course.pk}",
                gettext("Local facts in courses"),
            )
        )
    messages.warning(request, text % {"names": listed}, buttons=buttons)
    return None
