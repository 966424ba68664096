"""Wagtail admin forms: translated for the admin, and checked before publishing."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.auth import LoginForm


class AdminLoginForm(LoginForm):
    """Wagtail's login form, with the password field labelled in the user's language
    (Wagtail's own leaves the label "Password" in every language)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")


def kept_rows(formset) -> list:
    """The forms of a valid inline formset that stay (not deleted), in their order."""
    rows = [
        form
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]
    return sorted(rows, key=lambda form: form.cleaned_data.get("ORDER") or 0)


class PublishCheckedForm(WagtailAdminModelForm):
    """A snippet's form that refuses to publish what is not ready; a draft can be
    saved either way.

    ``publish_formsets`` names the inline formsets the check reads; once they are
    valid, ``publishing_problems`` gets their kept rows (``kept_rows``), in that
    order, and returns what stands in the way, listed under ``cannot_publish``.
    """

    publish_formsets: tuple[str, ...] = ()
    cannot_publish = ""

    def publishing_problems(self, *rows) -> list:
        raise NotImplementedError

    def clean(self):
        cleaned = super().clean()
        if "action-publish" not in self.data:
            return cleaned
        formsets = [self.formsets.get(name) for name in self.publish_formsets]
        if not all(formset and formset.is_valid() for formset in formsets):
            return cleaned
        problems = self.publishing_problems(*(kept_rows(f) for f in formsets))
        if problems:
            raise forms.ValidationError([self.cannot_publish, *problems])
        return cleaned
