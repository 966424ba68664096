"""The "Ge synpunkter" form: kind, an optional rating, the text and, for those
logged in, whether to send it anonymously."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TEXT_MAX_LENGTH, Feedback

RATINGS = [("", _("No rating"))] + [(str(n), str(n)) for n in range(1, 6)]


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What is it about?"),
        choices=Feedback.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what your feedback is about.")},
    )
    rating = forms.TypedChoiceField(
        label=_("Rating (optional)"),
        choices=RATINGS,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose a rating from 1 to 5, or none.")},
    )
    text = forms.CharField(
        label=_("Your feedback"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea,
        error_messages={
            "required": _("Write your feedback in the text box."),
            "max_length": _(
                "Your feedback is too long: at most %(limit_value)d characters "
                "(it has %(show_value)d). Shorten it and send again."
            ),
        },
    )
    anonymous = forms.BooleanField(
        label=_("Send anonymously to the editors"), required=False
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not (user and user.is_authenticated):
            del self.fields["anonymous"]

    def kind_options(self):
        """(value, label, checked) per kind, for radio buttons written by hand."""
        current = self["kind"].value()
        return [(v, label, v == current) for v, label in Feedback.Kind.choices]

    def rating_options(self):
        current = self["rating"].value() or ""
        return [(v, label, str(v) == str(current)) for v, label in RATINGS]
