import django_filters
from django.urls import path
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import LiveStatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from ecirkel.admin_menu import PermissionMenuItem

from . import admin_views
from .forms import QuizForm
from .models import Question, Quiz


class QuestionFilterSet(WagtailFilterSet):
    tags = django_filters.ModelMultipleChoiceFilter(
        field_name="tags",
        queryset=Tag.objects.filter(quizzes_questiontag_items__isnull=False).distinct(),
        label=_("Tags"),
    )

    class Meta:
        model = Question
        fields = ["type", "live", "tags"]


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Question bank")
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["__str__", "type", LiveStatusTagColumn()]
    filterset_class = QuestionFilterSet
    search_fields = ["text", "title"]


register_snippet(QuestionViewSet)


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "form"
    menu_label = _("Quizzes")
    menu_order = 222
    add_to_admin_menu = True
    list_display = ["title", "pass_mark", LiveStatusTagColumn()]
    search_fields = ["title"]
    # The form refuses to publish a quiz whose draws cannot be filled.
    edit_handler = ObjectList(Quiz.panels, base_form_class=QuizForm)


register_snippet(QuizViewSet)


@hooks.register("register_admin_urls")
def import_urls():
    return [
        path("fragebank/importera/", admin_views.import_view, name="quizzes_import"),
        path(
            "fragebank/statistik/", admin_views.statistics_index, name="quizzes_stats"
        ),
        path(
            "fragebank/statistik/<int:pk>/",
            admin_views.statistics_view,
            name="quizzes_quiz_stats",
        ),
    ]


@hooks.register("register_admin_menu_item")
def import_menu_item():
    return PermissionMenuItem(
        _("Import questions"),
        "quizzes_import",
        permission="quizzes.add_question",
        icon_name="upload",
        order=221,
    )


@hooks.register("register_admin_menu_item")
def statistics_menu_item():
    return PermissionMenuItem(
        _("Quiz statistics"),
        "quizzes_stats",
        permission="quizzes.change_quiz",
        icon_name="table",
        order=223,
    )
