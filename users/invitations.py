"""Invitations: a link with which a new learner sets their own password.

The link carries a signed token (``django.core.signing``, salted for invitations)
naming the account and a fingerprint of its state: the password hash, the time the
invitation was sent, the e-mail address and whether the account is active. So the
link

- expires after ``INVITATION_EXPIRY_DAYS`` (7 by default),
- works once: setting the password changes the hash,
- is replaced by a newer invitation to the same person (the time it was sent
  changes), and dies with a changed e-mail address or a deactivated account.

Nothing about the token is stored. E-mails go through Django's e-mail backend, in
the site's language (Swedish).
"""

import logging
import smtplib
from datetime import UTC, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.forms import SetPasswordForm
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

logger = logging.getLogger(__name__)

SALT = "ecirkel.users.invitations"


def expiry() -> timedelta:
    return timedelta(days=settings.INVITATION_EXPIRY_DAYS)


def _state(user) -> str:
    sent = user.invited_at.astimezone(UTC).isoformat() if user.invited_at else ""
    value = f"{user.pk}|{user.password}|{sent}|{user.email}|{user.is_active}"
    return salted_hmac(SALT, value).hexdigest()[:24]


def make_token(user) -> str:
    return signing.dumps({"u": user.pk, "s": _state(user)}, salt=SALT)


class InvalidInvitation(Exception):
    """Why a link does not work: "invalid", "expired", "used" or "replaced"."""

    def __init__(self, reason: str, user=None):
        super().__init__(reason)
        self.reason, self.user = reason, user


def user_for_token(token: str):
    """The account the invitation ``token`` is for, or InvalidInvitation."""
    try:
        data = signing.loads(token, salt=SALT, max_age=expiry())
    except signing.SignatureExpired:
        raise InvalidInvitation("expired") from None
    except signing.BadSignature:
        raise InvalidInvitation("invalid") from None
    if not isinstance(data, dict) or type(data.get("u")) is not int:
        raise InvalidInvitation("invalid")
    user = get_user_model().objects.filter(pk=data["u"], is_active=True).first()
    if user is None:
        raise InvalidInvitation("invalid")
    if not constant_time_compare(str(data.get("s", "")), _state(user)):
        if user.has_usable_password():
            raise InvalidInvitation("used", user)
        raise InvalidInvitation("replaced", user)
    return user


def may_be_invited(user) -> bool:
    """Only an account that has never had a password, and has an address."""
    return bool(user.email) and user.is_active and not user.has_usable_password()


def invitation_message(user, request, invited_by, connection=None) -> EmailMessage:
    link = request.build_absolute_uri(
        reverse("onboarding:accept_invitation", args=[make_token(user)])
    )
    circles = ", ".join(
        m.circle.name for m in user.circle_memberships.select_related("circle")
    )
    with translation.override(settings.LANGUAGE_CODE):
        until = formats.date_format(
            timezone.localtime(user.invited_at + expiry()), "DATE_FORMAT"
        )
        inviter = invited_by.get_full_name() or invited_by.get_username()
        paragraphs = [
            _("Hello %(name)s,") % {"name": user.get_full_name() or user.email},
            (
                _(
                    "%(inviter)s has made you an account on E-cirkel, in the study "
                    "circle “%(circles)s”."
                )
                if circles
                else _("%(inviter)s has made you an account on E-cirkel.")
            )
            % {"inviter": inviter, "circles": circles},
            _("Choose your password here:") + "\n" + link,
            _("The link works once, until %(date)s. Your username is %(username)s.")
            % {"date": until, "username": user.get_username()},
            _(
                "If you did not expect this e-mail, you can ignore it: without a "
                "password nobody can log in to the account."
            ),
        ]
        subject = _("Welcome to E-cirkel: choose your password")
    return EmailMessage(
        subject,
        "\n\n".join(paragraphs) + "\n",
        to=[user.email],
        connection=connection,
    )


def send_invitations(users, request, invited_by) -> tuple[list, list]:
    """Send each an invitation (replacing any earlier one); (sent, failed). A
    failed e-mail leaves the account as it was, to be invited again."""
    sent, failed = [], []
    connection = get_connection()
    for user in users:
        if not may_be_invited(user):
            failed.append(user)
            continue
        before = user.invited_at
        user.invited_at = timezone.now()
        user.save(update_fields=["invited_at"])
        try:
            invitation_message(user, request, invited_by, connection).send()
        except (smtplib.SMTPException, OSError):
            logger.exception("The invitation to user %s could not be sent", user.pk)
            user.invited_at = before
            user.save(update_fields=["invited_at"])
            failed.append(user)
        else:
            sent.append(user)
    return sent, failed


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
@require_http_methods(["GET", "POST"])
def accept(request, token):
    """The page an invitation links to: choose a password, then you are logged in."""
    try:
        user = user_for_token(token)
    except InvalidInvitation as refusal:
        return render(
            request,
            "users/invitation_invalid.html",
            {"reason": refusal.reason, "days": settings.INVITATION_EXPIRY_DAYS},
            status=410 if refusal.reason in {"expired", "used", "replaced"} else 404,
        )
    form = SetPasswordForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("Your password is set and you are logged in. Welcome to E-cirkel!"),
        )
        return redirect("/")
    # Opened in a browser where someone else is logged in (a shared computer, a
    # leader trying the link): say that setting the password switches accounts.
    other = request.user if request.user.is_authenticated else None
    if other is not None and other.pk == user.pk:
        other = None
    return render(
        request,
        "users/set_password.html",
        {"form": form, "invitee": user, "other_account": other},
    )
