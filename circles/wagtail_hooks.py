from django.contrib.auth.models import Permission
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from ecirkel.admin_menu import InTrainingMenu

from .models import StudyCircle


class StudyCircleViewSet(InTrainingMenu, SnippetViewSet):
    model = StudyCircle
    icon = "group"
    menu_label = _("Study circles")
    menu_order = 210
    list_display = ["name", "leader", "created_at"]
    list_filter = ["leader", "courses"]
    search_fields = ["name"]

    def get_permissions_to_register(self):
        # "View" means seeing every circle and its report (StudyCircle.objects.
        # visible_to), so it is offered in Settings → Groups as well.
        return super().get_permissions_to_register() | Permission.objects.filter(
            content_type__app_label="circles", codename="view_studycircle"
        )


register_snippet(StudyCircleViewSet)
