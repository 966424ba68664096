from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from progress import kinds


class RoleplaysConfig(AppConfig):
    name = "roleplays"
    verbose_name = _("Role-play scenarios")

    def ready(self):
        kinds.register(
            "roleplay",
            _("Role-play"),
            "http://adlnet.gov/expapi/activities/simulation",
            placed=True,
        )
