"""The facts of a site, as the placeholders need them.

``current(site_or_request)`` reads the site's setting once per request (two
queries: the setting and its extra rows) and keeps the result on the request.
Nothing is cached across requests, so a saved setting shows on the next page at
once, in every process. The values are the same for every visitor of a site, so a
page fragment that shows them may be cached, with ``signature(facts)`` in its key.
"""

import hashlib
import json
from contextlib import contextmanager
from contextvars import ContextVar

from django.http import HttpRequest
from wagtail.models import Site

from .models import LocalFacts
from .standard import STANDARD_FACTS

REQUEST_ATTRIBUTE = "_localfacts"

# Set by ``watched()``: a list that every look at the facts appends to.
_consulted: ContextVar[list | None] = ContextVar("localfacts_consulted", default=None)


@contextmanager
def watched():
    """``with watched() as consulted:`` — afterwards ``consulted`` is true if anything
    rendered inside looked at the facts (``current`` or ``is_editor``). For markup
    that is cached for everyone only when the facts are no part of it. A fragment
    kept inside such markup that shows facts must call one of them on every read,
    not only when it is built (``lecture_tags.transcript_html`` keys by both)."""
    consulted = []
    token = _consulted.set(consulted)
    try:
        yield consulted
    finally:
        _consulted.reset(token)


def _note_consulted() -> None:
    consulted = _consulted.get()
    if consulted is not None:
        consulted.append(True)


class Facts(dict):
    """Name → value of every fact that has a value. ``labels`` holds what a
    learner reads for a fact without one (the extra facts' descriptions);
    ``defined`` every fact this installation knows, filled in or not."""

    def __init__(self, values=(), labels=None, defined=()):
        super().__init__(values)
        self.labels: dict[str, str] = dict(labels or {})
        self.defined: frozenset[str] = frozenset(defined)


def clean_value(value: str | None) -> str:
    """A value as shown: Windows line ends made plain, blank lines around it
    dropped."""
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def facts_of(setting: LocalFacts) -> Facts:
    values, labels, defined = {}, {}, set()
    for fact in STANDARD_FACTS:
        defined.add(fact.name)
        value = clean_value(getattr(setting, fact.name))
        if value:
            values[fact.name] = value
    for row in setting.extra_facts.all():
        defined.add(row.name)
        if row.description.strip():
            labels[row.name] = row.description.strip()
        value = clean_value(row.value)
        if value:
            values[row.name] = value
    return Facts(values, labels, defined)


def site_of(site_or_request: Site | HttpRequest | None) -> Site | None:
    if isinstance(site_or_request, Site):
        return site_or_request
    if site_or_request is not None:
        site = Site.find_for_request(site_or_request)
        if site is not None:
            return site
    return Site.objects.filter(is_default_site=True).first() or Site.objects.first()


def current(site_or_request: Site | HttpRequest | None = None) -> Facts:
    """The facts of a site (a ``Site``), of the site a request is for, or (None)
    of the default site. Kept on the request for the rest of it."""
    _note_consulted()
    if isinstance(site_or_request, HttpRequest):
        kept = getattr(site_or_request, REQUEST_ATTRIBUTE, None)
        if kept is not None:
            return kept
    site = site_of(site_or_request)
    found = facts_of(LocalFacts.for_site(site)) if site is not None else Facts()
    if isinstance(site_or_request, HttpRequest):
        setattr(site_or_request, REQUEST_ATTRIBUTE, found)
    return found


def signature(facts: dict[str, str]) -> str:
    """A short digest of the values, for the key of a cache that holds rendered
    facts: it changes whenever a value does."""
    data = json.dumps(facts, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(data).hexdigest()[:16]


def is_editor(request: HttpRequest | None) -> bool:
    """Whether the page is shown to someone who fills in the facts, or in
    Wagtail's preview: then a fact without a value shows as ``[[name]]``,
    highlighted, rather than its description."""
    _note_consulted()
    if request is None:
        return False
    if getattr(request, "is_preview", False):
        return True
    user = getattr(request, "user", None)
    return bool(user and user.has_perm("localfacts.change_localfacts"))
