from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """Min utveckling: the learner's courses, progress and certificates in one view."""

    name = "dashboard"
    verbose_name = _("My progress")
