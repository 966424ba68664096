"""Forgotten passwords: a reset link by e-mail, in the site's design, under /konto/.

Django's PasswordResetView family does the work (signed, single-use links that
expire after PASSWORD_RESET_TIMEOUT). What is added here:

- No user enumeration: the answer is the same page whether or not an account has the
  address (Django's form sends mail only to active accounts with a password).
- Throttling (django-ratelimit on Django's cache): at most ``RATE_PER_ADDRESS``
  requests for one address and ``RATE_PER_CLIENT`` from one client address (the
  address django-axes uses, behind the proxy too). Past that the form answers 429
  with a message, whether the address has an account or not, and sends nothing.
- A new password also lifts a login lock (django-axes) on the account: the person
  has just shown they own its e-mail address.

Wagtail's own reset form under /admin/password_reset/ gets the same throttle and
unlock (see ``ecirkel/urls.py``).
"""

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited
from wagtail.admin.views import account as wagtail_account

from .throttle import client_address

RATE_PER_ADDRESS = "5/h"
RATE_PER_CLIENT = "20/h"


def link_days() -> int:
    """How many days a reset link works (PASSWORD_RESET_TIMEOUT, in whole days)."""
    return max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 3600))


def normalised_address(form) -> str:
    return form.cleaned_data.get("email", "").strip().casefold()


class ThrottledResetMixin:
    """Refuse (429) more reset requests than the rates allow, before any mail."""

    def form_valid(self, form):
        request = self.request
        address = normalised_address(form)
        too_many = [
            is_ratelimited(
                request,
                group="users.password_reset.client",
                key=lambda group, request: client_address(request) or "",
                rate=RATE_PER_CLIENT,
                increment=True,
            ),
            is_ratelimited(
                request,
                group="users.password_reset.address",
                key=lambda group, request: address,
                rate=RATE_PER_ADDRESS,
                increment=True,
            ),
        ]
        if any(too_many):
            form.add_error(
                None,
                _(
                    "Too many requests for a new password. Wait an hour and try "
                    "again. If you still get no e-mail, ask your circle leader."
                ),
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


class UnlockOnResetMixin:
    """A password set through a reset link also ends a login lock on the account."""

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username())
        return response


class PasswordResetView(ThrottledResetMixin, auth_views.PasswordResetView):
    template_name = "users/password_reset_form.html"
    email_template_name = "users/password_reset_email.txt"
    subject_template_name = "users/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        self.extra_email_context = {"days": link_days()}
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "users/password_reset_done.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "days": link_days()}


class PasswordResetConfirmView(UnlockOnResetMixin, auth_views.PasswordResetConfirmView):
    template_name = "users/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")
    # The link's token is swapped for this word in the address (not a secret).
    reset_url_token = "nytt"  # noqa: S105


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "users/password_reset_complete.html"


class AdminPasswordResetView(ThrottledResetMixin, wagtail_account.PasswordResetView):
    """Wagtail's reset form for editors, with the same limits."""


class AdminPasswordResetConfirmView(
    UnlockOnResetMixin, wagtail_account.PasswordResetConfirmView
):
    """Wagtail's new-password form for editors, which also lifts a login lock."""
