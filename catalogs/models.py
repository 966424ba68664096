"""Catalog feeds: what this installation offers other installations, and the other
installations' catalogs it follows.

Publishing: ``CatalogSettings`` ("Katalog", a site setting) turns the feed on and
decides whether it is public or needs a ``CatalogToken``. A token is shown to the
editor once, when it is made; only its SHA-256 is kept, so a leaked database does
not leak working tokens. Deleting a token revokes it. ``OutgoingPackage`` caches the
package exported for one version of a course, with its checksum, so the feed and the
downloads never export the same version twice.

Subscribing: a ``Subscription`` is another installation's feed address (and the
token it gave us); refreshing it stores the feed's courses as ``OfferedCourse`` rows
(replaced as a whole, in one transaction, on every successful refresh).
"""

import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

# Characters of a token shown in lists, so editors can tell tokens apart.
TOKEN_PREFIX_LENGTH = 6


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@register_setting(icon="globe")
class CatalogSettings(BaseSiteSetting):
    class Access(models.TextChoices):
        PUBLIC = "public", _("Public: anyone with the address")
        TOKEN = "token", _("Only with a catalog token")

    published = models.BooleanField(
        _("publish this installation's catalog of shareable courses"),
        default=False,
        help_text=_(
            "Other installations can then read the catalog and download the "
            "courses marked as shareable."
        ),
    )
    access = models.CharField(
        _("who may read the catalog"),
        max_length=10,
        choices=Access.choices,
        default=Access.TOKEN,
    )

    panels = [
        HelpPanel(
            content=_(
                "<p>The catalog is at <code>/delning/katalog.json</code> on this "
                "site's address. It lists the live courses whose sharing settings "
                "say they are offered. Other installations read a catalog that is "
                "not public with a token from Utbildning → Catalog tokens.</p>"
            )
        ),
        FieldPanel("published"),
        FieldPanel("access"),
    ]

    class Meta:
        verbose_name = _("Catalog")


class CatalogToken(models.Model):
    """A key another installation sends (``Authorization: Bearer …``) to read a
    catalog that is not public."""

    label = models.CharField(
        _("given to"),
        max_length=200,
        help_text=_("Who uses the token, for example the municipality's name."),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("begins with"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("catalog token")
        verbose_name_plural = _("catalog tokens")
        ordering = ["label"]

    def __str__(self):
        return f"{self.label} ({self.prefix}…)"

    def generate(self) -> str:
        """Give the token a new secret and return it (it is not kept)."""
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        self.prefix = token[:TOKEN_PREFIX_LENGTH]
        return token

    @classmethod
    def matching(cls, token: str) -> "CatalogToken | None":
        if not token:
            return None
        return cls.objects.filter(token_hash=hash_token(token)).first()


class OutgoingPackage(models.Model):
    """The package of one version of a course, exported once into
    ``SHARING_WORK_DIR/outgoing`` and served from there."""

    course = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+"
    )
    version = models.CharField(max_length=64)
    # What the package's bytes depend on (see publishing.fingerprint).
    fingerprint = models.CharField(max_length=64)
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.BigIntegerField()
    manifest = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["course", "fingerprint"], name="one_package_per_course_state"
            )
        ]

    def __str__(self):
        return self.filename


class Subscription(models.Model):
    """Another installation's catalog that this one follows."""

    url = models.URLField(
        _("catalog address"),
        max_length=500,
        unique=True,
        help_text=_(
            "The address of the other installation's catalog, for example "
            "https://kommun.example.se/delning/katalog.json."
        ),
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty to use the name the catalog gives."),
    )
    token = models.CharField(
        _("catalog token"),
        max_length=200,
        blank=True,
        help_text=_(
            "The token the other installation gave you, if its catalog is not public."
        ),
    )
    publisher = models.CharField(_("organisation"), max_length=200, blank=True)
    publisher_url = models.URLField(max_length=500, blank=True)
    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last read"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("catalog subscription")
        verbose_name_plural = _("catalog subscriptions")
        ordering = ["name", "url"]

    def __str__(self):
        return self.name or self.publisher or self.url

    @property
    def display_name(self) -> str:
        return str(self)


class OfferedCourse(models.Model):
    """A course another installation's catalog offers, as its feed last said."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="courses"
    )
    uuid = models.UUIDField()
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    language = models.CharField(max_length=16, blank=True)
    version = models.CharField(max_length=64)
    license_id = models.CharField(max_length=64, blank=True)
    license_name = models.CharField(max_length=200, blank=True)
    license_url = models.URLField(max_length=500, blank=True)
    attribution = models.TextField(blank=True)
    package_url = models.URLField(max_length=1000)
    sha256 = models.CharField(max_length=64)
    size = models.BigIntegerField()
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "uuid"], name="one_offer_per_course_and_feed"
            )
        ]

    def __str__(self):
        return self.title
