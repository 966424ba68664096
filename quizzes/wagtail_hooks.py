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

from ecirkel.admin_menu import InTrainingMenu, ModelPermissionViewSet, ReportViewSet

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


class QuestionViewSet(InTrainingMenu, SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Question bank")
    menu_order = 220
    list_display = ["__str__", "type", LiveStatusTagColumn()]
    filterset_class = QuestionFilterSet
    search_fields = ["text", "title"]


class QuestionImportViewSet(ModelPermissionViewSet):
    """GIFT and Aiken files into the question bank, for whoever may add questions."""

    model = Question
    permission_required = "add"
    name = "question_import"
    url_prefix = "fragebank/importera"
    icon = "upload"
    menu_label = _("Import questions")
    menu_order = 221

    def get_urlpatterns(self):
        view = self.construct_view(admin_views.ImportView, page_title=self.menu_label)
        return [path("", view, name="index")]


class QuizViewSet(InTrainingMenu, SnippetViewSet):
    model = Quiz
    icon = "form"
    menu_label = _("Quizzes")
    menu_order = 222
    list_display = ["title", "pass_mark", LiveStatusTagColumn()]
    search_fields = ["title"]
    # The form refuses to publish a quiz whose draws cannot be filled.
    edit_handler = ObjectList(Quiz.panels, base_form_class=QuizForm)


class QuizStatisticsViewSet(ReportViewSet):
    """Per quiz: the score distribution, and per question how often it was answered
    right and each option picked."""

    model = Quiz
    name = "quiz_statistics"
    url_prefix = "fragebank/statistik"
    icon = "table"
    menu_label = _("Quiz statistics")
    menu_order = 223
    index_view_class = admin_views.StatisticsIndexView
    report_view_class = admin_views.StatisticsView


register_snippet(QuestionViewSet)
register_snippet(QuizViewSet)


@hooks.register("register_admin_viewset")
def register_quiz_admin_viewsets():
    return [QuestionImportViewSet(), QuizStatisticsViewSet()]


@hooks.register("localfacts_related_content")
def questions_a_quiz_may_draw(obj):
    """For the report of local facts a course uses: the questions a quiz may draw
    at random by tag are shown with it, though no reference names them."""
    if not isinstance(obj, Quiz):
        return []
    tags = [draw.tag for draw in obj.draws.all()]
    if not tags:
        return []
    return Question.objects.filter(live=True, tags__name__in=tags).distinct()
