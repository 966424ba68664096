"""The e-mail that tells a sender their feedback has been answered.

For anonymous feedback the sender is not stored; the only link is ``sender_token``.
The recipient is found by computing the token of each active user with an e-mail
address and comparing, in code, so that nobody — no screen, no log line — learns who
it is. A visitor who was not logged in (no sender, no token) cannot be reached.
"""

import hmac

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Feedback, sender_token

MY_FEEDBACK_PATH = "/mina-synpunkter/"


def can_be_answered_by_email(feedback: Feedback) -> bool:
    """Whether a reply can reach the sender: a visitor left nothing to reach."""
    return feedback.sender_id is not None or bool(feedback.sender_token)


def recipient(feedback: Feedback):
    """The sender of ``feedback`` (None for a visitor, or a sender who has gone)."""
    if feedback.sender_id is not None:
        sender = feedback.sender
        return sender if sender.is_active and sender.email else None
    if not feedback.sender_token:
        return None
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    for user in users.iterator():
        if hmac.compare_digest(sender_token(user), feedback.sender_token):
            return user
    return None


def site_url(request) -> str:
    """The site's address as the editor reached it, else the configured one."""
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return (settings.WAGTAILADMIN_BASE_URL or "").rstrip("/")


def notify_reply(feedback: Feedback, request=None) -> None:
    """After the reply is committed, e-mail the sender that an answer is waiting
    in "Mina synpunkter". The message holds no reply text: the answer is read on
    the site, where the sender is logged in."""
    user = recipient(feedback)
    if user is None:
        return
    link = site_url(request) + MY_FEEDBACK_PATH
    subject = _("Your feedback has been answered")
    body = _(
        "Hello,\n\nan editor has answered your feedback about “%(title)s”.\n"
        "Read the answer under My feedback:\n%(link)s\n\n"
        "This message was sent automatically by E-cirkel."
    ) % {"title": feedback.subject_title, "link": link}
    address = user.email
    transaction.on_commit(
        lambda: send_mail(subject, body, None, [address], fail_silently=True)
    )
