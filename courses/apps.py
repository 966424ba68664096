from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from progress import structure as ledger


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        # The models are loaded only now; the ledger asks through this registration.
        from .structure import COURSES

        ledger.register(COURSES)
