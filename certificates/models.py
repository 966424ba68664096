import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Unambiguous characters: no 0/O, 1/I/L.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_code() -> str:
    """A verification code such as ``K7QM-4TZP-9XWA``: 60 bits, easy to read aloud."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


class Certificate(models.Model):
    """Proof that a learner completed a course, verifiable by anyone with its code.

    The learner's name and the course title are copied when the certificate is issued,
    so it reads the same even if either is renamed later.
    """

    code = models.CharField(
        _("verification code"), max_length=14, unique=True, default=new_code
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.SET_NULL,
        null=True,
        related_name="certificates",
    )
    learner_name = models.CharField(_("learner's name"), max_length=300)
    course_title = models.CharField(_("course"), max_length=255)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"], name="one_certificate_per_learner_course"
            )
        ]

    def __str__(self) -> str:
        return f"{self.course_title}: {self.learner_name} ({self.code})"
