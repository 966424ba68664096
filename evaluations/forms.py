"""The admin form of an evaluation and the learner's answer form."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from .models import TEXT_ANSWER_MAX_LENGTH, Evaluation, Likert, Question


class EvaluationAdminForm(WagtailAdminModelForm):
    """Refuses what would lose answers or leave nothing to answer.

    A question that has answers can be reworded (to fix a typo) but not removed or
    turned into another kind: its answers are the results, and an answer to a
    statement makes no sense as free text. Close the evaluation and make a new
    question instead.
    """

    def clean_course(self):
        course = self.cleaned_data.get("course")
        taken = Evaluation.objects.filter(course=course).exclude(pk=self.instance.pk)
        if course is not None and taken.exists():
            raise forms.ValidationError(
                _(
                    "The course “%(course)s” already has an evaluation: edit that one "
                    "instead (a course has at most one)."
                )
                % {"course": course.title}
            )
        return course

    def validate_unique(self):
        # clean_course says it more clearly than the unique constraint would.
        if "course" not in self.errors:
            super().validate_unique()

    def is_valid(self):
        valid = super().is_valid()
        questions = self.formsets.get("questions")
        if questions is None or not questions.is_valid():
            return valid
        kept = 0
        for form in questions.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data:
                continue
            deleted = data.get("DELETE")
            kept += not deleted
            original = form.instance
            if original.pk is None or not original.answers.exists():
                continue
            if deleted:
                self.add_error(
                    None,
                    _(
                        "“%(question)s” has answers and cannot be removed: its "
                        "answers are part of the results. Close the evaluation and "
                        "make a new one instead."
                    )
                    % {"question": original.text},
                )
                valid = False
            elif "kind" in form.changed_data:
                form.add_error(
                    "kind", _("This question has answers: its kind cannot change.")
                )
                valid = False
        if kept == 0:
            self.add_error(None, _("Add at least one question."))
            valid = False
        return valid


class AnswerForm(forms.Form):
    """One field per question, named after the question's uuid."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[self.field_name(question)] = self.field_for(question)

    @staticmethod
    def field_name(question) -> str:
        return f"q-{question.uuid}"

    @staticmethod
    def field_for(question) -> forms.Field:
        if question.kind == Question.Kind.LIKERT:
            return forms.TypedChoiceField(
                choices=Likert.choices,
                coerce=int,
                empty_value=None,
                required=question.required,
                widget=forms.RadioSelect,
                error_messages={"required": gettext_lazy("Choose one of the options.")},
            )
        return forms.CharField(
            required=question.required,
            max_length=TEXT_ANSWER_MAX_LENGTH,
            widget=forms.Textarea,
            error_messages={"required": gettext_lazy("Write an answer.")},
        )

    def rows(self):
        """(question, bound field) in the evaluation's order, for the template."""
        return [(q, self[self.field_name(q)]) for q in self.questions]

    def error_links(self):
        """(question, errors, target id) for each question with an error, in the
        form's order, for the error summary. A statement's link goes to its first
        option, since a fieldset cannot take focus; a text question's to its box."""
        links = []
        for question, field in self.rows():
            if not field.errors:
                continue
            target = field.auto_id
            if question.kind == Question.Kind.LIKERT:
                target = field.subwidgets[0].id_for_label
            links.append((question, field.errors, target))
        return links

    def answers(self):
        """(question, value, text) for each question answered."""
        for question in self.questions:
            value = self.cleaned_data.get(self.field_name(question))
            if value in (None, ""):
                continue
            if question.kind == Question.Kind.LIKERT:
                yield question, value, ""
            else:
                yield question, None, value.strip()
