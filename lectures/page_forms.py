from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from .languages import language_name


class LecturePageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned = super().clean()
        if "action-publish" in self.data:
            formset = self.formsets.get("caption_tracks")
            languages = set()
            if formset is not None and formset.is_valid():
                languages = {
                    form.cleaned_data.get("language")
                    for form in formset.forms
                    if form.cleaned_data and not form.cleaned_data.get("DELETE")
                }
            language = (
                self.instance.locale.language_code if self.instance.locale_id else "sv"
            )
            if language not in languages:
                raise forms.ValidationError(
                    _(
                        "A lecture cannot be published without captions in the "
                        "course's language (%(language)s). "
                        "Add a caption track, then publish."
                    )
                    % {"language": language_name(language)}
                )
        return cleaned
