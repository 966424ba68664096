from django import forms
from django.utils.translation import gettext_lazy as _

from .staff_lists import NAME_LENGTH


class LearnerForm(forms.Form):
    """A new learner: name, e-mail address, the circle to join."""

    first_name = forms.CharField(label=_("First name"), max_length=NAME_LENGTH)
    last_name = forms.CharField(
        label=_("Last name"), max_length=NAME_LENGTH, required=False
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,  # the model's length
        help_text=_("The invitation goes here, and the address is the username."),
    )
    circle = forms.ModelChoiceField(queryset=None, label=_("Study circle"))
    send_invitation = forms.BooleanField(
        label=_("Send the invitation to choose a password now"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, circles, circle_required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["circle"]
        field.queryset = circles
        field.to_field_name = "uuid"
        field.required = circle_required
        field.empty_label = None if circle_required else _("No circle")
        for name in ("first_name", "last_name", "email"):
            self.fields[name].widget.attrs["autocomplete"] = "off"

    @staticmethod
    def taken_message() -> str:
        return _(
            "An account with this e-mail address already exists. An editor can add "
            "the existing account to a circle."
        )


class StaffListForm(forms.Form):
    file = forms.FileField(
        label=_("Staff list (CSV)"),
        help_text=_("UTF-8 text, separated by semicolons or commas."),
    )
    send_invitations = forms.BooleanField(
        label=_("Send everyone the invitation to choose a password now"),
        required=False,
        initial=True,
    )
