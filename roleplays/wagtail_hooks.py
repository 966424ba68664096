from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from ecirkel.admin_menu import InTrainingMenu, ReportViewSet

from . import admin_views
from .models import Scenario


class ScenarioIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        return [
            *super().get_list_more_buttons(instance),
            ListingButton(
                _("Diagram"),
                reverse(
                    Scenario.snippet_viewset.get_url_name("diagram"), args=[instance.pk]
                ),
                icon_name="doc-full",
                priority=50,
            ),
        ]


class ScenarioViewSet(InTrainingMenu, SnippetViewSet):
    model = Scenario
    icon = "user"
    menu_label = _("Role-plays")
    menu_order = 224
    index_view_class = ScenarioIndexView
    list_display = ["title", "department", "live"]
    list_filter = ["department", "live"]
    search_fields = ["title", "summary"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("diagram/<int:pk>/", self.diagram_view, name="diagram"),
        ]

    @cached_property
    def diagram_view(self):
        return self.construct_view(
            admin_views.DiagramView,
            page_title=_("Diagram"),
            index_url_name=self.get_url_name("list"),
            index_title=self.menu_label,
        )


class ScenarioStatisticsViewSet(ReportViewSet):
    """Per department and scenario: calls that went wrong and the most common wrong
    path; per step how often each choice is taken."""

    model = Scenario
    name = "scenario_statistics"
    url_prefix = "rollspel/statistik"
    icon = "table"
    menu_label = _("Role-play statistics")
    menu_order = 225
    index_view_class = admin_views.StatisticsIndexView
    report_view_class = admin_views.StatisticsView


register_snippet(ScenarioViewSet)


@hooks.register("register_admin_viewset")
def register_scenario_statistics():
    return ScenarioStatisticsViewSet()
