from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from . import mediafiles
from .languages import language_name


class LecturePageForm(WagtailAdminPageForm):
    """Publishing needs what a learner needs: captions in the course's language and a
    known length (completion is 90 % of it). A draft may lack either."""

    def clean_duration(self):
        duration = self.cleaned_data.get("duration")
        if duration is not None and not 0 < duration < 24 * 3600:
            raise forms.ValidationError(
                _("Type the length of the video in seconds, for example 90.5.")
            )
        return duration

    def clean(self):
        cleaned = super().clean()
        # Sending a lecture for approval promises it can be published as it is.
        if "action-publish" in self.data or "action-submit" in self.data:
            self.check_captions()
            self.check_length(cleaned)
        return cleaned

    def check_captions(self):
        formset = self.formsets.get("caption_tracks")
        languages = set()
        if formset is not None and formset.is_valid():
            languages = {
                form.cleaned_data.get("language")
                for form in formset.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            }
        language = self.instance.course_language
        if language not in languages:
            raise forms.ValidationError(
                _(
                    "A lecture cannot be published without captions in the "
                    "course's language (%(language)s). "
                    "Add a caption track, then publish."
                )
                % {"language": language_name(language)}
            )

    def check_length(self, cleaned):
        video = cleaned.get("video")
        if video is None or self.has_error("duration"):
            return  # already refused, with its own message
        if not mediafiles.lecture_length(video, cleaned.get("duration")):
            self.add_error(
                "duration",
                _(
                    "The length of the video “%(title)s” could not be read from its "
                    "file, and a lecture cannot be published without it. Type the "
                    "length in seconds here, or upload the video again as MP4 or "
                    "WebM."
                )
                % {"title": video.title},
            )
