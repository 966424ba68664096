from django import forms
from django.utils.translation import gettext_lazy as _

from . import reporting
from .models import Statement


class StatementForm(forms.Form):
    """A statement reported by the browser (a lecture player, H5P content …)."""

    id = forms.UUIDField(label=_("statement id"))
    verb = forms.ChoiceField(choices=Statement.Verb.choices)
    activity = forms.UUIDField(label=_("activity"))
    score = forms.DecimalField(
        required=False, min_value=0, max_value=1, max_digits=5, decimal_places=4
    )
    success = forms.NullBooleanField(required=False)
    completion = forms.NullBooleanField(required=False)
    duration = forms.IntegerField(required=False, min_value=0, max_value=24 * 3600)
    context = forms.JSONField(required=False)

    def clean_context(self):
        context = self.cleaned_data.get("context") or {}
        if not isinstance(context, dict):
            raise forms.ValidationError(_("The context must be a JSON object."))
        problem = reporting.context_problem(context)
        if problem == "depth":
            raise forms.ValidationError(
                _("The context nests too deeply: at most %(depth)d levels.")
                % {"depth": reporting.MAX_CONTEXT_DEPTH}
            )
        if problem == "size":
            raise forms.ValidationError(
                _("The context is too large: at most %(size)d bytes.")
                % {"size": reporting.MAX_CONTEXT_BYTES}
            )
        return context
