"""The admin's one menu entry for teaching, "Utbildning", and the generic admin views
the apps' own screens share.

The group names none of its entries: an app puts a viewset in it by setting
``menu_hook = TRAINING_MENU_HOOK`` (``InTrainingMenu``), and a plain menu item by
registering it with ``@hooks.register(TRAINING_MENU_HOOK)``. So the core knows no app,
and a new app adds its screens without editing this module. Who sees an entry, and who
may open its views, is decided by the model's Wagtail permission policy.
"""

from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import (
    PermissionCheckedMixin,
    WagtailAdminTemplateMixin,
)
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permissions import policy_registry
from wagtail.snippets.views.snippets import SnippetViewSetGroup

TRAINING_MENU_HOOK = "register_training_menu_item"


class TrainingMenu(SnippetViewSetGroup):
    """ "Utbildning": study circles, learners, the question bank, quizzes, role-plays
    and their statistics, each added by its own app (see the module's docstring).
    Shown to whoever may see one of its entries."""

    menu_label = _("Training")
    menu_name = "training"
    menu_icon = "folder-open-inverse"
    menu_order = 200
    submenu_hook = TRAINING_MENU_HOOK


class InTrainingMenu:
    """A viewset whose menu item goes into "Utbildning"."""

    menu_hook = TRAINING_MENU_HOOK


class ModelPermissionViewSet(InTrainingMenu, ViewSet):
    """Admin screens about ``model`` for those its permission policy allows
    ``permission_required``: the menu item is shown, and the views open, only to
    them (403 for anyone else with admin access)."""

    model = None
    permission_required = "change"

    @cached_property
    def permission_policy(self):
        return policy_registry.get_by_type(self.model)

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            model=self.model,
            permission_policy=self.permission_policy,
            permission_required=self.permission_required,
            header_icon=self.icon,
            **kwargs,
        )

    @cached_property
    def menu_item_class(self):
        viewset = self

        class PermissionMenuItem(MenuItem):
            def is_shown(self, request):
                return viewset.permission_policy.user_has_permission(
                    request.user, viewset.permission_required
                )

        return PermissionMenuItem


class ReportIndexView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """The list a report starts from (subclasses add their rows to the context)."""

    model = None
    permission_required = "change"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


class ReportView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """A report about one object of ``model`` (404 if there is none)."""

    model = None
    permission_required = "change"
    index_url_name = None
    index_title = ""

    def get(self, request, *args, **kwargs):
        self.object = get_object_or_404(self.model, pk=kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": self.index_title},
            {"url": "", "label": self.get_page_title(), "sublabel": str(self.object)},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, **kwargs)


class ReportViewSet(ModelPermissionViewSet):
    """A model's reports, such as statistics: an index at the viewset's address and
    one page per object below it (``<pk>/``), for whoever may change the model."""

    index_view_class = ReportIndexView
    report_view_class = ReportView

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("<int:pk>/", self.report_view, name="report"),
        ]

    @cached_property
    def index_view(self):
        return self.construct_view(self.index_view_class, page_title=self.menu_label)

    @cached_property
    def report_view(self):
        return self.construct_view(
            self.report_view_class,
            page_title=self.menu_label,
            index_url_name=self.get_url_name("index"),
            index_title=self.menu_label,
        )
