from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LocalFactsConfig(AppConfig):
    name = "localfacts"
    verbose_name = _("Local facts")
