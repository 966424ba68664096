"""Error pages in the site's design and the visitor's language (Swedish unless they
chose English), each saying what to do next.

Django's own handlers answer a refused request with a bare English "403 Forbidden"
and a failed CSRF check with a page for developers. These render the site's
templates instead (``ecirkel/templates/{400,403,404,500}.html``). The 500 page must
work when the database, the session or a context processor is what failed: it is
rendered without the request's context processors and without the database, and if
even that fails a fixed page is returned.
"""

import logging

from django.conf import settings
from django.http import (
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.template import loader
from django.urls import Resolver404, resolve
from django.utils import translation
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)

# Pages meant for study circle leaders (and editors): a learner who follows a link
# to one of them is told where their own things are.
LEADER_PAGES = {"circles", "roleplays:observe"}

FALLBACK_500 = """<!DOCTYPE html>
<html lang="sv">
<head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Något gick fel – E-cirkel</title></head>
<body><main>
<h1>Något gick fel</h1>
<p>Ett tekniskt fel uppstod. Försök igen om en stund.
Om felet kvarstår, kontakta din projektledare.</p>
<p lang="en">Something went wrong. Please try again in a moment.</p>
</main></body>
</html>
"""


def for_leaders(request) -> bool:
    """Whether the address asked for is a study circle leader's page."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
    return match.namespace in LEADER_PAGES or match.view_name in LEADER_PAGES


def render_error(request, template: str, status: int, response_class, **context):
    context.setdefault("for_leaders", for_leaders(request))
    body = loader.render_to_string(template, context, request)
    return response_class(body, status=status)


@requires_csrf_token
def bad_request(request, exception=None):
    return render_error(request, "400.html", 400, HttpResponseBadRequest)


@requires_csrf_token
def permission_denied(request, exception=None):
    return render_error(request, "403.html", 403, HttpResponseForbidden)


@requires_csrf_token
def page_not_found(request, exception=None):
    return render_error(request, "404.html", 404, HttpResponseNotFound)


def csrf_failure(request, reason=""):
    """A form sent with an expired or missing security token (the session ran out,
    a page left open overnight): say so and how to go on, not Django's developer
    page. Set as CSRF_FAILURE_VIEW."""
    return render_error(
        request, "403.html", 403, HttpResponseForbidden, csrf_failed=True
    )


def server_error(request):
    """The 500 page: no database, no context processors, no request data beyond
    the language cookie; a fixed page if the template cannot be rendered."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            body = loader.render_to_string("500.html", {"LANGUAGE_CODE": language})
    except Exception:  # noqa: BLE001 - whatever broke, the visitor gets a page
        logger.exception("The 500 page could not be rendered")
        body = FALLBACK_500
    return HttpResponseServerError(body)
