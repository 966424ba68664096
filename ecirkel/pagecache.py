"""Whole pages for anonymous visitors, from the shared cache.

A public course, its topics and lectures, the catalog and the empty search page
look the same to every visitor who is not logged in. The first such request renders
the page and keeps it; the next ones, until content changes, get the kept copy
without a view, a template or a query (``X-Cache: hit`` and ``Age`` say so).

wagtail-cache (CodeRed) would do this but supports Wagtail < 8 only, and Wagtail's
frontend cache purges an external proxy; Django's own cache middleware keys by the
URL and the request's Vary headers, which here include Cookie, so every visitor
would get a copy of their own. This middleware is small and keys by what the page
depends on instead.

The key: the content version (``ecirkel.caching``, moved on by every publish,
unpublish, move, delete and privacy change, and by saving a setting, snippet,
image, document, video, site or locale: see ``connect``), the scheme, the host, the
path and the language the site picked (the language cookie). A page shows local
facts only from the site's setting, which moves the version on when saved.

Only what is the same for everyone is kept. A request is served from and stored in
the cache only when it is a GET or HEAD without a query string (a query would let
anyone fill the cache with copies) and carries no session of a logged-in user and
no pending messages; only Wagtail pages and the search page (``CACHED_VIEWS``) are
stored. A response is never stored when it is not a 200, streams, sets a cookie,
used the CSRF token (a form), showed messages, says ``Cache-Control: private``,
``no-store``, ``no-cache`` or ``max-age=0`` (Wagtail says so for every page with a
view restriction), or when the visitor turned out to be logged in.

Placed after the session and language middleware and before everything that may
set a cookie (CSRF, messages), so that it sees those cookies on the response.
"""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.utils.cache import get_max_age

from ecirkel import caching

# The URL names of the views whose anonymous responses may be stored.
CACHED_VIEWS = frozenset({"wagtail_serve", "search"})
# Cache-Control directives that forbid a shared copy.
PRIVATE_DIRECTIVES = ("private", "no-store", "no-cache")


def page_key(request: HttpRequest) -> str:
    """The cache key of the page ``request`` asks for, at the current version."""
    return caching.fragment_key(
        "page",
        request.scheme,
        request.get_host(),
        request.path,
        getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
    )


def may_use_cache(request: HttpRequest) -> bool:
    """Whether the cache may answer ``request`` (and keep the answer).

    Read from the cookies and, only when a session cookie came, the session itself
    (no query for a visitor without one)."""
    if request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
        return False
    # ALLOWED_HOSTS checks a host's name, not its port: a port in the Host header
    # other than the one the request came to is made up, and would make an entry
    # per port. Such a page is served, not kept.
    port = split_domain_port(request.get_host())[1]
    if port and port != request.get_port():
        return False
    if CookieStorage.cookie_name in request.COOKIES:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        session = request.session
        # A session that belonged to a user counts as logged in even when the
        # login has since lapsed: rather no copy than someone else's page.
        if SESSION_KEY in session or SessionStorage.session_key in session:
            return False
    return True


def may_store(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether ``response`` is the same for every anonymous visitor."""
    match = getattr(request, "resolver_match", None)
    if request.method != "GET" or match is None or match.url_name not in CACHED_VIEWS:
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get(
        "CSRF_COOKIE_USED"
    ):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(directive in cache_control for directive in PRIVATE_DIRECTIVES):
        return False
    if get_max_age(response) == 0 or "*" in response.get("Vary", ""):
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and (messages.used or len(messages)):
        return False
    session = getattr(request, "session", None)
    if session is not None and (
        session.modified
        or (session.accessed and settings.SESSION_COOKIE_NAME in request.COOKIES)
    ):
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


class AnonymousPageCacheMiddleware:
    """Serve and keep whole pages for anonymous visitors (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not may_use_cache(request):
            return self.get_response(request)
        key = page_key(request)
        kept = cache.get(key)
        if kept is not None:
            return self.from_cache(kept)
        response = self.get_response(request)
        if may_store(request, response):
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in ("x-cache", "age")
            ]
            cache.set(key, (response.content, headers, time.time()), seconds)
        response["X-Cache"] = "miss"
        return response

    def from_cache(self, kept) -> HttpResponse:
        content, headers, stored = kept
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        response["X-Cache"] = "hit"
        response["Age"] = str(max(0, int(time.time() - stored)))
        return response


def _content_classes() -> tuple[type, ...]:
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.documents.models import AbstractDocument
    from wagtail.images.models import AbstractImage
    from wagtail.models import CollectionViewRestriction, Locale, Site
    from wagtailmedia.models import AbstractMedia

    return (
        BaseSiteSetting,
        BaseGenericSetting,
        AbstractImage,
        AbstractDocument,
        AbstractMedia,
        Site,
        Locale,
        CollectionViewRestriction,
    )


def _is_content(model: type) -> bool:
    from wagtail.snippets.models import get_snippet_models

    return issubclass(model, _content_classes()) or model in get_snippet_models()


def _content_model(instance) -> bool:
    """Whether ``instance`` is content an anonymous page can show, besides pages
    (which ``ecirkel.caching`` follows): site settings, snippets, images,
    documents, videos, sites, locales and collections' privacy, and the rows an
    editor edits inline in a setting or snippet (a ParentalKey to one: local facts'
    extra facts, a quiz's questions). Renditions are not: rendering a page makes
    them."""
    from modelcluster.fields import ParentalKey

    return _is_content(type(instance)) or any(
        isinstance(field, ParentalKey) and _is_content(field.related_model)
        for field in instance._meta.concrete_fields
    )


def _saved_or_deleted(sender, instance, **kwargs) -> None:
    if kwargs.get("raw") or not _content_model(instance):
        return
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting

    # Reading a site's setting for the first time creates it with its defaults,
    # which the page being rendered already shows; the admin's form then saves it
    # again (not created) when an editor changes it.
    if kwargs.get("created") and isinstance(
        instance, (BaseSiteSetting, BaseGenericSetting)
    ):
        return
    caching.content_changed()


def connect() -> None:
    """Saving or deleting content that is not a page moves the content version on,
    so whole cached pages (and fragments) that show it are built afresh. Called from
    ``courses.apps`` with ``caching.connect``."""
    post_save.connect(_saved_or_deleted, dispatch_uid="ecirkel.pagecache:saved")
    post_delete.connect(_saved_or_deleted, dispatch_uid="ecirkel.pagecache:deleted")
