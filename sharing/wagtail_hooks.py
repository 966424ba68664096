"""Sharing in the admin: "Exportera delningspaket" on a course's page header, the
per-course sharing settings in "Utbildning", and where an imported course comes
from on its edit view."""

from django.contrib import messages
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.widgets import Button
from wagtail.admin.widgets.chooser import AdminPageChooser
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from ecirkel.admin_menu import InTrainingMenu

from .admin_views import course_kinds, export_download, is_course
from .models import CourseSharing
from .templatetags.sharing_tags import imported_course_of


@hooks.register("register_admin_urls")
def urls():
    return [
        path(
            "sharing/export/<int:page_id>/",
            export_download,
            name="sharing_export",
        )
    ]


@hooks.register("register_page_header_buttons")
def export_button(page, user, view_name, next_url=None):
    if is_course(page) and page.permissions_for_user(user).can_edit():
        yield Button(
            _("Export sharing package"),
            reverse("sharing_export", args=[page.pk]),
            icon_name="download",
            priority=80,
        )


@hooks.register("before_edit_page")
def tell_where_it_comes_from(request, page):
    imported = imported_course_of(page)
    if imported is not None and request.method == "GET":
        messages.info(
            request,
            gettext("Imported from %(source)s under the license %(license)s.")
            % {
                "source": imported.source_organisation or imported.source_url,
                "license": imported.license_name,
            },
        )


class CourseSharingViewSet(InTrainingMenu, SnippetViewSet):
    model = CourseSharing
    icon = "globe"
    menu_label = _("Course sharing")
    menu_order = 290
    list_display = ["course", "shareable", "license"]
    list_filter = ["shareable", "license"]

    @property
    def panels(self):
        return [
            FieldPanel("course", widget=AdminPageChooser(target_models=course_kinds())),
            FieldPanel("shareable"),
            FieldPanel("license"),
            FieldPanel("attribution"),
        ]


register_snippet(CourseSharingViewSet)
