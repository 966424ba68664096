from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import draw_problems


class QuizForm(WagtailAdminModelForm):
    """Refuses to publish a quiz that has no questions or whose draws cannot be
    filled from the published question bank (``quizzes.models.draw_problems``);
    a draft can be saved either way."""

    def clean(self):
        cleaned = super().clean()
        if "action-publish" not in self.data:
            return cleaned
        fixed_set, draws_set = (
            self.formsets.get("fixed_questions"),
            self.formsets.get("draws"),
        )
        if not (
            fixed_set and draws_set and fixed_set.is_valid() and draws_set.is_valid()
        ):
            return cleaned

        def alive(formset):
            rows = [
                f
                for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            return sorted(rows, key=lambda f: f.cleaned_data.get("ORDER") or 0)

        fixed = [f.cleaned_data["question"] for f in alive(fixed_set)]
        draws = [
            (f.cleaned_data["tag"], f.cleaned_data["count"]) for f in alive(draws_set)
        ]
        if not fixed and not draws:
            errors = [_("The quiz has no questions. Add a question or a draw.")]
        else:
            errors = draw_problems(fixed, draws)
        if errors:
            raise forms.ValidationError(
                [_("The quiz cannot be published yet:"), *errors]
            )
        return cleaned
