from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from progress.signals import activity_progressed


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        # The models are loaded only now; the ledger tells us through its signal.
        from .issuing import on_activity_progressed

        activity_progressed.connect(on_activity_progressed, dispatch_uid="certificates")
