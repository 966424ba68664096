from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from ecirkel.admin_menu import PermissionMenuItem

from . import admin_views
from .models import Scenario


class ScenarioViewSet(SnippetViewSet):
    model = Scenario
    icon = "user"
    menu_label = _("Role-plays")
    menu_order = 224
    add_to_admin_menu = True
    list_display = ["title", "department", "live"]
    list_filter = ["department", "live"]
    search_fields = ["title", "summary"]


register_snippet(ScenarioViewSet)


@hooks.register("register_admin_urls")
def roleplay_urls():
    return [
        path(
            "rollspel/<int:pk>/diagram/",
            admin_views.diagram,
            name="roleplays_diagram",
        ),
        path(
            "rollspel/statistik/", admin_views.statistics_index, name="roleplays_stats"
        ),
        path(
            "rollspel/statistik/<int:pk>/",
            admin_views.statistics_view,
            name="roleplays_scenario_stats",
        ),
    ]


@hooks.register("register_admin_menu_item")
def statistics_menu_item():
    return PermissionMenuItem(
        _("Role-play statistics"),
        "roleplays_stats",
        permission="roleplays.change_scenario",
        icon_name="table",
        order=225,
    )


@hooks.register("register_snippet_listing_buttons")
def diagram_button(snippet, user, next_url=None):
    from wagtail.admin.widgets import ListingButton

    if isinstance(snippet, Scenario):
        yield ListingButton(
            _("Diagram"), reverse("roleplays_diagram", args=[snippet.pk]), priority=50
        )
