from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoleplaysConfig(AppConfig):
    name = "roleplays"
    verbose_name = _("Role-play scenarios")
