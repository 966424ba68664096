from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from progress import kinds


class LecturesConfig(AppConfig):
    name = "lectures"
    verbose_name = _("Lectures")

    def ready(self):
        from .models import LecturePage

        kinds.register(
            "lecture",
            _("Lecture"),
            "https://w3id.org/xapi/video/activity-type/video",
            pages=[LecturePage],
        )
