from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _
from wagtailmedia.forms import BaseMediaForm

from . import mediafiles

MAX_VIDEO_BYTES = getattr(settings, "LECTURES_MAX_VIDEO_BYTES", 500 * 1024 * 1024)


def sniff_media(head: bytes) -> str | None:
    """'video/mp4', 'video/webm' or None, from the first bytes of a file."""
    kind = mediafiles.sniff(head)
    return f"video/{kind}" if kind in mediafiles.VIDEO_KINDS else None


class SniffedMediaForm(BaseMediaForm):
    """wagtailmedia's form, but a file is accepted by its content, not by its name,
    stored under the extension of what it is, and its length is read from it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sniffed_kind = None
        if "duration" in self.fields:
            self.fields["duration"].help_text = _(
                "In seconds. Read from the file when you upload it; type it only if "
                "it cannot be read."
            )

    @property
    def is_audio(self) -> bool:
        return self.instance.type == "audio"

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if (
            upload
            and hasattr(upload, "read")
            and not getattr(upload, "_committed", False)
        ):
            if upload.size > MAX_VIDEO_BYTES:
                raise forms.ValidationError(
                    _("The file is larger than %(size)d MB; compress the video first.")
                    % {"size": MAX_VIDEO_BYTES // (1024 * 1024)}
                )
            upload.seek(0)
            kind = mediafiles.sniff(upload.read(mediafiles.HEAD_BYTES))
            upload.seek(0)
            kinds = mediafiles.AUDIO_KINDS if self.is_audio else mediafiles.VIDEO_KINDS
            if kind not in kinds:
                raise forms.ValidationError(
                    _(
                        "The file is not an MP3, M4A or Ogg recording: its content "
                        "does not start like one. Upload the recording itself."
                    )
                    if self.is_audio
                    else _(
                        "The file is not an MP4 or WebM video: its content does not "
                        "start like one. Upload the video file itself."
                    )
                )
            # Stored under the extension of what it is, whatever it was called.
            stem = PurePath(upload.name or "").stem or "media"
            upload.name = f"{stem}.{kinds[kind]}"
            self.sniffed_kind = kind
        return upload

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if self.sniffed_kind and upload:
            seconds = mediafiles.duration(upload, self.sniffed_kind)
            if seconds:
                # The file's own length wins over a number typed beside it.
                cleaned["duration"] = seconds
                self.instance.duration = seconds
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        if self.has_error("file"):
            # The model checks the extension of the file it was given, and without a
            # valid upload that is none: 'The file extension "" is not allowed' would
            # only hide the reason already given beside the file.
            errors = self._errors.get(NON_FIELD_ERRORS)
            if errors is not None:
                kept = [e for e in errors.as_data() if e.code != "invalid_extension"]
                if kept:
                    self._errors[NON_FIELD_ERRORS] = self.error_class(
                        kept, error_class="nonfield", renderer=self.renderer
                    )
                else:
                    del self._errors[NON_FIELD_ERRORS]
