from django import forms
from django.db.models import Case, When
from django.utils.translation import gettext_lazy as _

from ecirkel.admin_forms import PublishCheckedForm

from .graph import problems
from .scoring import DIMENSIONS, SCORE_CHOICES, SCORE_RANGE


class ScenarioForm(PublishCheckedForm):
    """Refuses to publish a scenario whose script is not sound (roleplays.graph)."""

    publish_formsets = ("steps", "choices")
    cannot_publish = _("The script cannot be published yet:")

    def publishing_problems(self, step_rows, choice_rows) -> list:
        steps = [(f.cleaned_data["key"], f.cleaned_data["is_end"]) for f in step_rows]
        links = [
            (f.cleaned_data["step_key"], f.cleaned_data["leads_to"])
            for f in choice_rows
        ]
        errors = [p.message for p in problems(steps, links)]
        low, high = SCORE_RANGE
        for form in choice_rows:
            for name, _label in DIMENSIONS:
                if not low <= (form.cleaned_data.get(name) or 0) <= high:
                    errors.append(
                        _("Scores go from %(low)d to %(high)d.")
                        % {"low": low, "high": high}
                    )
        return sorted(set(map(str, errors)))


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
