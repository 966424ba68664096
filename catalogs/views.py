"""The public side of the catalog: the feed and the packages it lists.

Both answer 404 while the catalog is not published, and a package 404 for a course
that is not (or no longer) live and shareable. A catalog behind tokens wants
``Authorization: Bearer <token>``; without a valid one the answer is 401. A token
in the query string is not accepted: addresses end up in server logs and proxies.
"""

import hashlib
import json

from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_ratelimit.core import is_ratelimited

from . import publishing
from .models import CatalogSettings, CatalogToken

# Requests per minute and client address (or token).
FEED_RATE = "60/m"
PACKAGE_RATE = "30/m"


def bearer_token(request) -> str:
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def refusal(request) -> HttpResponse | None:
    """None if the request may read the catalog; otherwise the answer to give."""
    catalog = CatalogSettings.for_request(request)
    if not catalog.published:
        raise Http404
    if catalog.access == CatalogSettings.Access.PUBLIC:
        return None
    token = CatalogToken.matching(bearer_token(request))
    if token is None:
        response = HttpResponse(
            _("This catalog needs a catalog token: ask its publisher for one."),
            status=401,
            content_type="text/plain; charset=utf-8",
        )
        response["WWW-Authenticate"] = 'Bearer realm="E-cirkel catalog"'
        return response
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        CatalogToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return None


def throttled(request, group: str, rate: str) -> HttpResponse | None:
    if is_ratelimited(request, group=group, key="ip", rate=rate, increment=True):
        response = HttpResponse(
            _("Too many requests. Wait a minute and try again."),
            status=429,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = "60"
        return response
    return None


def not_modified(request, etag: str) -> bool:
    wanted = request.headers.get("If-None-Match", "")
    return etag in [tag.strip() for tag in wanted.split(",")]


def cache_control(request) -> str:
    catalog = CatalogSettings.for_request(request)
    if catalog.access == CatalogSettings.Access.PUBLIC:
        return "public, no-cache"
    return "private, no-cache"


@require_safe
def feed(request):
    answer = throttled(request, "catalogs.feed", FEED_RATE) or refusal(request)
    if answer is not None:
        return answer

    def package_url(course):
        return request.build_absolute_uri(
            reverse("catalogs:package", kwargs={"uuid": course.uuid})
        )

    body = json.dumps(
        publishing.build_feed(request, package_url),
        ensure_ascii=False,
        indent=2,
        sort_keys=True,
    ).encode()
    etag = f'"{hashlib.sha256(body).hexdigest()}"'
    if not_modified(request, etag):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = cache_control(request)
    return response


@require_safe
def package(request, uuid):
    answer = throttled(request, "catalogs.package", PACKAGE_RATE) or refusal(request)
    if answer is not None:
        return answer
    course = publishing.offered_course(uuid)
    if course is None:
        raise Http404
    outgoing = publishing.package_for(course)
    etag = f'"{outgoing.sha256}"'
    if not_modified(request, etag):
        response = HttpResponse(status=304)
    else:
        response = FileResponse(
            publishing.package_path(outgoing).open("rb"),
            as_attachment=True,
            filename=f"{course.slug}-{outgoing.sha256[:12]}.zip",
            content_type="application/zip",
        )
    response["ETag"] = etag
    response["Cache-Control"] = cache_control(request)
    return response
