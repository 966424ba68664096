from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtailmedia.forms import BaseMediaForm

MAX_VIDEO_BYTES = getattr(settings, "LECTURES_MAX_VIDEO_BYTES", 500 * 1024 * 1024)


def sniff_media(head: bytes) -> str | None:
    """'video/mp4', 'video/webm' or None, from the first bytes of a file."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "video/mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head[:64]:
        return "video/webm"
    return None


class SniffedMediaForm(BaseMediaForm):
    """wagtailmedia's form, but a video is accepted by its content, not by its name."""

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
            kind = sniff_media(upload.read(64))
            upload.seek(0)
            if kind is None:
                raise forms.ValidationError(
                    _(
                        "This is not an MP4 or WebM video. "
                        "Export the video as MP4 or WebM."
                    )
                )
        return upload
