"""Login throttling with django-axes: whose address a login comes from, and what a
locked-out person sees.

The rules are in the settings (AXES_*): failed logins are counted per account and
per address, and past the limit both login forms answer 429 with this message
instead of logging in, even with the right password.
"""

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _


def client_address(request: HttpRequest) -> str | None:
    """The learner's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the
    address the outermost trusted proxy saw (counted from the right of
    X-Forwarded-For, so an address the client wrote there itself is never used)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if proxies and forwarded:
        return forwarded[-min(proxies, len(forwarded))]
    return request.META.get("REMOTE_ADDR")


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(
        "Too many failed login attempts. Logging in to this account, or from your "
        "network, is paused for %(minutes)d minutes. Try again later, or ask an "
        "administrator to unlock the account."
    ) % {"minutes": minutes}


def locked_out(request, original_response=None, credentials=None) -> HttpResponse:
    """The login page that refused the login, with the lockout as its only error.

    The learner form and Wagtail's /admin/login/ both render a TemplateResponse, so
    each keeps its own design and language; anything else gets the learner form.
    """
    context = getattr(original_response, "context_data", None)
    if context and isinstance(context.get("form"), AuthenticationForm):
        template = original_response.template_name
        form = context["form"]
    else:
        template = "users/login.html"
        form = AuthenticationForm(request)
        context = {"form": form, "next": ""}
    # Not "wrong password": the password may well be right.
    form._errors, form.cleaned_data = ErrorDict(), {}
    form.add_error(None, lockout_message())
    response = TemplateResponse(
        request, template, context, status=settings.AXES_HTTP_RESPONSE_CODE
    )
    return response.render()  # the view's own rendering has already happened
