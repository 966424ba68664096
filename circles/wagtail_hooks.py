from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import StudyCircle


class StudyCircleViewSet(SnippetViewSet):
    model = StudyCircle
    icon = "group"
    menu_label = _("Study circles")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "leader", "created_at"]
    list_filter = ["leader", "courses"]
    search_fields = ["name"]


register_snippet(StudyCircleViewSet)
