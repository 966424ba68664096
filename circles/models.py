"""Study circles (studiecirklar): a leader and members who follow courses together."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.search import index


class StudyCircleQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Whoever may view study circles (editors) sees every circle; a circle
        leader, the circles they lead."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("circles.view_studycircle"):
            return self
        return self.filter(leader=user)


class StudyCircle(index.Indexed, ClusterableModel):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("circle leader"),
        on_delete=models.PROTECT,
        related_name="circles_led",
    )
    courses = ParentalManyToManyField(
        "courses.CoursePage", verbose_name=_("courses"), related_name="circles"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = StudyCircleQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("leader"),
        FieldPanel("courses"),
        InlinePanel("memberships", heading=_("Members"), label=_("Member")),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("study circle")
        verbose_name_plural = _("study circles")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CircleMembership(models.Model):
    circle = ParentalKey(
        StudyCircle, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="circle_memberships",
    )
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    panels = [FieldPanel("user")]

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["circle", "user"], name="one_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} i {self.circle}"
