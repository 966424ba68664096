"""'Import a course' in the admin's "Utbildning" menu, for whoever may add import
jobs (editors): the upload form with the jobs, and a page per job."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from ecirkel.admin_menu import ModelPermissionViewSet

from . import admin_views
from .models import ImportJob


class ImportViewSet(ModelPermissionViewSet):
    model = ImportJob
    permission_required = "add"
    name = "imports"
    url_prefix = "kursimport"
    icon = "download"
    menu_label = _("Import a course")
    menu_order = 290

    def get_urlpatterns(self):
        urls = {
            "index_url_name": self.get_url_name("index"),
            "job_url_name": self.get_url_name("job"),
        }
        index = self.construct_view(
            admin_views.IndexView, page_title=self.menu_label, **urls
        )
        job = self.construct_view(admin_views.JobView, **urls)
        return [
            path("", index, name="index"),
            path("<uuid:pk>/", job, name="job"),
        ]


@hooks.register("register_admin_viewset")
def register_import_viewset():
    return ImportViewSet()
