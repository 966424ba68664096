"""What sharing keeps: identities for rows with no uuid of their own, each course's
sharing settings, the installation's name in packages, and what was imported from
where (to update in place and to show attribution)."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

LICENSES = {
    "CC-BY-SA-4.0": (
        "Creative Commons Attribution-ShareAlike 4.0 International",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    "CC-BY-4.0": (
        "Creative Commons Attribution 4.0 International",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    "CC0-1.0": (
        "Creative Commons Zero 1.0 Universal",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
}
DEFAULT_LICENSE = "CC-BY-SA-4.0"
LICENSE_CHOICES = [
    ("CC-BY-SA-4.0", _("CC BY-SA 4.0 (attribution, share alike)")),
    ("CC-BY-4.0", _("CC BY 4.0 (attribution)")),
    ("CC0-1.0", _("CC0 1.0 (no rights reserved)")),
]


class SharedIdentity(models.Model):
    """A stable uuid for a row whose model has none (images, documents, media,
    child rows): made on first export, recorded from the package on import."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="sharing_identity_once"
            )
        ]
        verbose_name = _("shared identity")
        verbose_name_plural = _("shared identities")

    def __str__(self):
        return str(self.uuid)


class CourseSharing(models.Model):
    """Whether a course is offered to other installations, and under which terms."""

    course = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="sharing",
        verbose_name=_("course"),
    )
    shareable = models.BooleanField(
        _("offered in this installation's catalog"), default=False
    )
    license = models.CharField(
        _("license"), max_length=32, choices=LICENSE_CHOICES, default=DEFAULT_LICENSE
    )
    attribution = models.TextField(
        _("attribution"),
        blank=True,
        help_text=_("Who made the course, as others must credit it."),
    )

    class Meta:
        verbose_name = _("course sharing")
        verbose_name_plural = _("course sharing")

    def __str__(self):
        return str(self.course)

    @property
    def license_name(self):
        return LICENSES[self.license][0]

    @property
    def license_url(self):
        return LICENSES[self.license][1]


@register_setting(icon="globe")
class SharingSettings(BaseSiteSetting):
    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("The name shown as the source of courses shared from here."),
    )
    organisation_url = models.URLField(_("organisation's web address"), blank=True)

    class Meta:
        verbose_name = _("Sharing")


class ImportedCourse(models.Model):
    """A course imported from a package: where from, which version, which terms."""

    course = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="imported_course",
        verbose_name=_("course"),
    )
    course_uuid = models.UUIDField(unique=True)
    version = models.CharField(_("version"), max_length=40)
    package_sha256 = models.CharField(max_length=64)
    source_organisation = models.CharField(_("source"), max_length=200, blank=True)
    source_url = models.URLField(_("source's web address"), max_length=500, blank=True)
    # Where the package was downloaded from (a catalog's package URL), kept for the
    # record; never shown to learners, who get the source's web address.
    downloaded_from = models.URLField(_("downloaded from"), max_length=2000, blank=True)
    license_id = models.CharField(max_length=64)
    license_name = models.CharField(max_length=200)
    license_url = models.URLField(max_length=500, blank=True)
    attribution = models.TextField(blank=True)
    imported_at = models.DateTimeField(_("imported"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )

    class Meta:
        verbose_name = _("imported course")
        verbose_name_plural = _("imported courses")

    def __str__(self):
        return str(self.course)


class ImportedObject(models.Model):
    """An object that came with an imported course, and the hash of its content as
    last imported: compared with its content now (changed locally?) and with the
    next package's (changed upstream?)."""

    imported_course = models.ForeignKey(
        ImportedCourse, on_delete=models.CASCADE, related_name="imported_objects"
    )
    uuid = models.UUIDField()
    kind = models.CharField(max_length=100)
    base_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["imported_course", "uuid"], name="sharing_imported_object_once"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.uuid}"
