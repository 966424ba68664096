"""The upload form of "Import a course": one .zip file, size-limited and sniffed.

The package is checked for real by the sharing engine in the worker; this form only
refuses what is plainly not a package, before a job is made.
"""

from django import forms
from django.conf import settings
from django.core.files.uploadhandler import StopUpload, TemporaryFileUploadHandler
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# The first bytes of a zip file (a local file header; an empty archive's end record).
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")


def max_upload_bytes() -> int:
    return settings.SHARING_MAX_UPLOAD_BYTES


class PackageUploadHandler(TemporaryFileUploadHandler):
    """Every upload to a temporary file on disk, never into memory, and stopped as
    soon as it grows past the limit (also when the request did not say its size)."""

    def new_file(self, *args, **kwargs):
        self.received = 0
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > max_upload_bytes():
            self.file.close()
            raise StopUpload(connection_reset=True)
        return super().receive_data_chunk(raw_data, start)


class UploadForm(forms.Form):
    package = forms.FileField(
        label=_("Course package"),
        help_text=_(
            "A .zip file exported from E-cirkel (“Export sharing package”). "
            "At most %(size)s."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["package"]
        field.help_text = field.help_text % {"size": filesizeformat(max_upload_bytes())}

    def clean_package(self):
        package = self.cleaned_data["package"]
        if not package.name.lower().endswith(".zip"):
            raise forms.ValidationError(
                gettext("Choose a .zip file: a course package is a zip file.")
            )
        if package.size > max_upload_bytes():
            raise forms.ValidationError(
                gettext("The file is too large: at most %(size)s.")
                % {"size": filesizeformat(max_upload_bytes())}
            )
        package.seek(0)
        start = package.read(4)
        package.seek(0)
        if start not in ZIP_SIGNATURES:
            raise forms.ValidationError(
                gettext("The file is not a zip file, so it cannot be a course package.")
            )
        return package


class ReviewForm(forms.Form):
    """One choice per conflict: keep our version or take theirs. Built from the
    plan, so only the conflicts the check found can be decided."""

    LOCAL, THEIRS = "local", "theirs"

    def __init__(self, *args, conflicts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.conflicts = list(conflicts)
        for item in self.conflicts:
            self.fields[f"decision-{item['uuid']}"] = forms.ChoiceField(
                label=item.get("title") or item["uuid"],
                choices=[
                    (self.LOCAL, _("Keep our version")),
                    (self.THEIRS, _("Take their version")),
                ],
                initial=self.LOCAL,
                widget=forms.RadioSelect,
            )

    def decisions(self) -> dict[str, str]:
        return {
            item["uuid"]: self.cleaned_data[f"decision-{item['uuid']}"]
            for item in self.conflicts
        }

    def bound_choices(self):
        """(plan item, bound field) per conflict, for the template."""
        return [(item, self[f"decision-{item['uuid']}"]) for item in self.conflicts]
