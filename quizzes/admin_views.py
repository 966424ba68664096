from django import forms
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic import (
    PermissionCheckedMixin,
    WagtailAdminTemplateMixin,
)

from ecirkel.admin_menu import ReportIndexView, ReportView

from .formats import tag_problem
from .importing import import_questions
from .models import Question, Quiz
from .statistics import quiz_statistics

MAX_BYTES = 5 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(label=_("GIFT or Aiken file"))
    format = forms.ChoiceField(
        label=_("Format"), choices=[("gift", "GIFT (Moodle)"), ("aiken", "Aiken")]
    )
    tags = forms.CharField(
        label=_("Tags for every question"),
        required=False,
        help_text=_("Comma-separated, e.g. Socialtjänst, Sekretess."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload

    def clean_tags(self):
        tags = [t.strip() for t in self.cleaned_data["tags"].split(",") if t.strip()]
        problems = [problem for problem in map(tag_problem, tags) if problem]
        if problems:
            raise forms.ValidationError(problems)
        return tags


class ImportView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """GIFT or Aiken into the question bank, all or nothing (for whoever may add
    questions)."""

    model = Question
    permission_required = "add"
    form_class = ImportForm
    template_name = "quizzes/admin/import.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def form_valid(self, form):
        result = import_questions(
            form.cleaned_data["file"].read(),
            form.cleaned_data["format"],
            tags=form.cleaned_data["tags"],
        )
        return self.render_to_response(self.get_context_data(form=form, result=result))


class StatisticsIndexView(ReportIndexView):
    model = Quiz
    template_name = "quizzes/admin/statistics_index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            quizzes=Quiz.objects.order_by("title"), **kwargs
        )


class StatisticsView(ReportView):
    model = Quiz
    template_name = "quizzes/admin/statistics.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(stats=quiz_statistics(self.object), **kwargs)
