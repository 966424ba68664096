from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from .formats import tag_problem
from .importing import import_questions
from .models import Quiz
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


def import_view(request):
    if not request.user.has_perm("quizzes.add_question"):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = import_questions(
            form.cleaned_data["file"].read(),
            form.cleaned_data["format"],
            tags=form.cleaned_data["tags"],
        )
    return render(
        request, "quizzes/admin/import.html", {"form": form, "result": result}
    )


def statistics_index(request):
    if not request.user.has_perm("quizzes.change_quiz"):
        raise PermissionDenied
    quizzes = Quiz.objects.order_by("title")
    return render(request, "quizzes/admin/statistics_index.html", {"quizzes": quizzes})


def statistics_view(request, pk):
    if not request.user.has_perm("quizzes.change_quiz"):
        raise PermissionDenied
    quiz = get_object_or_404(Quiz, pk=pk)
    return render(
        request,
        "quizzes/admin/statistics.html",
        {"quiz": quiz, "stats": quiz_statistics(quiz)},
    )
