"""Who is invited to a course evaluation, and the e-mail that tells them.

A learner is invited the moment their certificate for the course is issued (the
certificate is the one record that they completed it). Learners who completed the
course before its evaluation existed, or while it was closed, are invited when the
evaluation is saved open: so creating or re-opening an evaluation reaches everyone
holding a certificate. Both paths are idempotent (one invitation per learner and
evaluation), and the e-mail goes only for an invitation just made, after the
transaction commits (a rolled-back certificate sends nothing).
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from certificates.models import Certificate

from .models import Evaluation, Invitation

logger = logging.getLogger(__name__)


def open_evaluation_of(course) -> Evaluation | None:
    if course is None:
        return None
    return Evaluation.objects.filter(course=course, is_open=True).first()


def invite(user, evaluation: Evaluation) -> Invitation | None:
    """The learner's new invitation, or None if they already had one."""
    if Invitation.objects.filter(evaluation=evaluation, user=user).exists():
        return None
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(evaluation=evaluation, user=user)
    except IntegrityError:  # invited by a concurrent request
        return None
    transaction.on_commit(lambda: send_invitation_mail(invitation))
    return invitation


def invite_completed(evaluation: Evaluation) -> int:
    """Invite everyone holding a certificate for the course; how many were new."""
    if not evaluation.is_open:
        return 0
    invited = Invitation.objects.filter(evaluation=evaluation).values("user")
    holders = (
        Certificate.objects.filter(course=evaluation.course_id)
        .exclude(user__in=invited)
        .select_related("user")
    )
    return sum(invite(c.user, evaluation) is not None for c in holders)


def form_url(evaluation: Evaluation) -> str:
    path = reverse("evaluations:answer", args=[evaluation.uuid])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_invitation_mail(invitation: Invitation) -> None:
    """A plain-text e-mail with the link to the form; a failure is logged, and the
    invitation still shows on Min utveckling."""
    user, evaluation = invitation.user, invitation.evaluation
    if not user.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        paragraphs = [
            _("Hello %(name)s,") % {"name": user.get_full_name() or user.username},
            _(
                "Congratulations on completing the course “%(course)s”! "
                "Please tell us what you thought of it: it takes a few minutes."
            )
            % {"course": evaluation.course.title},
            form_url(evaluation),
            _("Your answers are anonymous: nobody can see who answered what.")
            if evaluation.anonymous
            else _(
                "This evaluation is not anonymous: the course editors can see "
                "your name with your answers."
            ),
        ]
        subject = _("Course evaluation: %(title)s") % {"title": evaluation.title}
    try:
        send_mail(subject, "\n\n".join(paragraphs) + "\n", None, [user.email])
    except Exception:  # noqa: BLE001 (the invitation stands; the page shows it)
        logger.exception("Could not send the evaluation invitation %s", invitation.pk)


def on_certificate_saved(sender, instance, created, **kwargs) -> None:
    """A learner completed a course: invite them to its open evaluation."""
    if created and not kwargs.get("raw"):
        evaluation = open_evaluation_of(instance.course)
        if evaluation is not None:
            invite(instance.user, evaluation)


def on_evaluation_saved(sender, instance, **kwargs) -> None:
    """An evaluation saved open reaches those who completed the course before."""
    if not kwargs.get("raw"):
        invite_completed(instance)
