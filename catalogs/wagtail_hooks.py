"""The admin's catalog screens, in "Utbildning": the catalogs this installation
follows (browse, refresh, import) and the tokens of its own catalog. The catalog
itself is turned on in Settings → Catalog (``CatalogSettings``)."""

from django.templatetags.static import static
from django.urls import path
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet

from ecirkel.admin_menu import InTrainingMenu

from . import admin_views
from .models import CatalogToken, Subscription


class SubscriptionViewSet(InTrainingMenu, ModelViewSet):
    model = Subscription
    name = "catalog_subscriptions"
    url_prefix = "katalogprenumerationer"
    icon = "globe"
    menu_label = _("Catalog subscriptions")
    menu_order = 292
    form_fields = ["url", "name", "token"]
    index_view_class = admin_views.SubscriptionIndexView
    add_view_class = admin_views.SubscriptionCreateView
    copy_view_enabled = False
    inspect_view_enabled = False
    search_fields = ["name", "url", "publisher"]
    search_backend_name = None

    def get_form_class(self, for_update=False):
        return admin_views.SubscriptionForm

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("new/", self.add_view, name="add"),
            path("<int:pk>/", self.browse_view, name="browse"),
            path("<int:pk>/andra/", self.edit_view, name="edit"),
            path("<int:pk>/ta-bort/", self.delete_view, name="delete"),
            path("<int:pk>/hamta/", self.refresh_view, name="refresh"),
            path(
                "<int:pk>/importera/<int:offer_pk>/",
                self.import_view,
                name="import",
            ),
        ]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{
                "history_url_name": None,
                "usage_url_name": None,
                **kwargs,
            }
        )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            browse_url_name=self.get_url_name("browse"), **kwargs
        )

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(
            browse_url_name=self.get_url_name("browse"), **kwargs
        )

    @cached_property
    def browse_view(self):
        return self.construct_view(
            admin_views.BrowseView,
            permission_policy=self.permission_policy,
            index_url_name=self.get_url_name("index"),
            refresh_url_name=self.get_url_name("refresh"),
            import_url_name=self.get_url_name("import"),
            edit_url_name=self.get_url_name("edit"),
            header_icon=self.icon,
        )

    @cached_property
    def refresh_view(self):
        return self.construct_view(
            admin_views.RefreshView,
            permission_policy=self.permission_policy,
            browse_url_name=self.get_url_name("browse"),
        )

    @cached_property
    def import_view(self):
        return self.construct_view(
            admin_views.ImportView, permission_policy=self.permission_policy
        )


class CatalogTokenViewSet(InTrainingMenu, ModelViewSet):
    model = CatalogToken
    name = "catalog_tokens"
    url_prefix = "katalognycklar"
    icon = "key"
    menu_label = _("Catalog tokens")
    menu_order = 293
    form_fields = ["label"]
    add_view_class = admin_views.TokenCreateView
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = [
        "label",
        Column("prefix", label=_("Begins with")),
        DateColumn("created_at", label=_("Created")),
        DateColumn("last_used_at", label=_("Last used")),
    ]

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("new/", self.add_view, name="add"),
            path("<int:pk>/andra/", self.edit_view, name="edit"),
            path("<int:pk>/ta-bort/", self.delete_view, name="delete"),
        ]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{
                "history_url_name": None,
                "usage_url_name": None,
                **kwargs,
            }
        )


@hooks.register("insert_global_admin_css")
def catalog_css():
    return format_html(
        '<link rel="stylesheet" href="{}">', static("catalogs/admin.css")
    )


# A refused one-click import's job page offers "Försök igen" and the catalog.
hooks.register("import_job_next_steps", admin_views.next_steps_after_refusal)


@hooks.register("register_admin_viewset")
def register_catalog_viewsets():
    return [SubscriptionViewSet(), CatalogTokenViewSet()]
