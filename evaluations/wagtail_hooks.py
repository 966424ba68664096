"""Editors write course evaluations in the admin, under "Utbildning"."""

from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, TitleColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from ecirkel.admin_menu import InTrainingMenu

from .forms import EvaluationAdminForm
from .models import Evaluation


class EvaluationViewSet(InTrainingMenu, SnippetViewSet):
    model = Evaluation
    icon = "tasks"
    menu_label = _("Course evaluations")
    menu_order = 280
    list_display = [
        "title",
        "course",
        BooleanColumn("is_open", label=capfirst(_("open for answers"))),
        BooleanColumn("anonymous", label=capfirst(_("anonymous"))),
        TitleColumn(
            "results",
            label=_("Results"),
            accessor=lambda evaluation: _("Results"),
            get_url=lambda evaluation: reverse(
                "evaluations:results", args=[evaluation.uuid]
            ),
        ),
    ]
    list_filter = ["is_open", "anonymous"]
    edit_handler = ObjectList(
        [
            FieldPanel("course"),
            FieldPanel("title"),
            FieldPanel("introduction"),
            FieldPanel("anonymous"),
            FieldPanel("is_open"),
            InlinePanel(
                "questions",
                heading=_("Questions"),
                label=_("Question"),
                min_num=1,
                panels=[
                    FieldPanel("kind"),
                    FieldPanel("text"),
                    FieldPanel("required"),
                ],
            ),
        ],
        base_form_class=EvaluationAdminForm,
    )

    def get_permissions_to_register(self):
        # "View" means reading every result (the whole course and every circle),
        # so it is offered in Settings → Groups as well.
        return super().get_permissions_to_register() | Permission.objects.filter(
            content_type__app_label="evaluations", codename="view_evaluation"
        )


register_snippet(EvaluationViewSet)
