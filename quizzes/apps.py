from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from progress import kinds


class QuizzesConfig(AppConfig):
    """Question bank and quizzes on the departments' rules (issue 5 builds it here)."""

    name = "quizzes"
    verbose_name = _("Quizzes")

    def ready(self):
        kinds.register(
            "quiz",
            _("Quiz"),
            "http://adlnet.gov/expapi/activities/assessment",
            placed=True,
        )
