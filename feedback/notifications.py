"""The e-mail that tells a sender their feedback has been answered.

Only a sender who gave their name is e-mailed. Anonymous feedback never is: finding
the person behind ``sender_token`` to write to them would tie them to the item in
the mail logs (address and title) and tell the editor when the mail went out. The
anonymous sender reads the answer under Mina synpunkter, and Min utveckling shows
how many answers are unread. A visitor who was not logged in cannot be reached.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Feedback

MY_FEEDBACK_PATH = "/mina-synpunkter/"


def can_be_answered_by_email(feedback: Feedback) -> bool:
    """Whether a reply is e-mailed: only to a sender who gave their name."""
    return feedback.sender_id is not None


def recipient(feedback: Feedback):
    """The named sender of ``feedback``, if they can still be reached."""
    if feedback.sender_id is None:
        return None
    sender = feedback.sender
    return sender if sender.is_active and sender.email else None


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
    ) % {"title": feedback.display_title, "link": link}
    address = user.email
    transaction.on_commit(
        lambda: send_mail(subject, body, None, [address], fail_silently=True)
    )
