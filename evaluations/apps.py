from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Course evaluations")

    def ready(self):
        # A certificate is the record that a learner completed a course.
        from certificates.models import Certificate

        from .invitations import on_certificate_saved, on_evaluation_saved
        from .models import Evaluation

        post_save.connect(
            on_certificate_saved, sender=Certificate, dispatch_uid="evaluations"
        )
        post_save.connect(
            on_evaluation_saved, sender=Evaluation, dispatch_uid="evaluations"
        )
