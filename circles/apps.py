from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ecirkel import learners


class CirclesConfig(AppConfig):
    name = "circles"
    verbose_name = _("Study circles")

    def ready(self):
        # The models are loaded only now; content apps ask through this registration.
        from .leading import learners_led

        learners.register(learners_led)
