from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "sharing"
    verbose_name = _("Sharing")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from ecirkel.caching import invalidate_on

        from . import travel
        from .models import ImportedCourse

        travel.register_wagtail_models()
        # Each content app declares how its models travel in <app>/travel.py.
        autodiscover_modules("travel")
        # Course pages show where an imported course comes from (cached).
        invalidate_on(ImportedCourse)
