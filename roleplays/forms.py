from django import forms
from django.db.models import Case, When
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .graph import problems
from .scoring import DIMENSIONS, SCORE_CHOICES, SCORE_RANGE


class ScenarioForm(WagtailAdminModelForm):
    """Refuses to publish a scenario whose script is not sound (roleplays.graph)."""

    def clean(self):
        cleaned = super().clean()
        if "action-publish" not in self.data:
            return cleaned
        steps_set, choices_set = (
            self.formsets.get("steps"),
            self.formsets.get("choices"),
        )
        if not (
            steps_set
            and choices_set
            and steps_set.is_valid()
            and choices_set.is_valid()
        ):
            return cleaned

        def alive(formset):
            rows = [
                f
                for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            return sorted(rows, key=lambda f: f.cleaned_data.get("ORDER") or 0)

        steps = [
            (f.cleaned_data["key"], f.cleaned_data["is_end"]) for f in alive(steps_set)
        ]
        choices = alive(choices_set)
        errors = [
            p.message
            for p in problems(
                steps,
                [
                    (f.cleaned_data["step_key"], f.cleaned_data["leads_to"])
                    for f in choices
                ],
            )
        ]
        low, high = SCORE_RANGE
        for form in choices:
            for name, _label in DIMENSIONS:
                if not low <= (form.cleaned_data.get(name) or 0) <= high:
                    errors.append(
                        _("Scores go from %(low)d to %(high)d.")
                        % {"low": low, "high": high}
                    )
        if errors:
            raise forms.ValidationError(
                [_("The script cannot be published yet:")]
                + sorted(set(map(str, errors)))
            )
        return cleaned


class LearnerChoiceField(forms.ModelChoiceField):
    """Learners by name, the username in brackets (two colleagues may share a name);
    the username alone for an account without a name."""

    def label_from_instance(self, user):
        name = user.get_full_name()
        return f"{name} ({user.get_username()})" if name else user.get_username()


def score_field(dimension: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=dict(DIMENSIONS)[dimension],
        choices=SCORE_CHOICES,
        coerce=int,
        initial=0,
    )


class ObservationForm(forms.Form):
    learner = LearnerChoiceField(queryset=None, label=_("Learner"))
    empathy = score_field("empathy")
    correctness = score_field("correctness")
    routing = score_field("routing")
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, learners, **kwargs):
        super().__init__(*args, **kwargs)
        # By last name, then first name; accounts without a name last.
        self.fields["learner"].queryset = learners.order_by(
            Case(When(last_name="", first_name="", then=1), default=0),
            "last_name",
            "first_name",
            "username",
        )
