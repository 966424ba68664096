"""What is the same for everyone, cached; and when it stops being the same.

One number, the *content version*, lives in the shared cache. Every cached piece of
a page that shows content (a rendered body, a mindmap's layout and markup, a report's
column headers, a whole page for anonymous visitors) has it in its key. Publishing,
unpublishing, moving or deleting a page, changing who may see a page, and saving or
deleting a model an app has declared with ``invalidate_on(Model)`` move the version
on, so the next request builds afresh and the old entries expire unread.

A version rather than a list of keys to delete: a page can be shown in many places
(its own page, its course's mindmap, the catalog, a circle report, search), and a
single number cannot forget one of them. Publishing is rare next to reading, so the
price (every fragment is rebuilt after any publish) is small.

Per-learner state is never cached here; it is looked up per request and merged into
the cached part (see courses.mindmap and progress.states).

The cache must be shared by every process that serves or changes content (the
gunicorn workers and the import worker): Redis in production (``REDIS_URL``). With
Django's per-process memory cache the version moves only in the process that
published; production therefore uses a file cache when Redis is not configured.
"""

import functools
import hashlib
import re
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.utils.safestring import SafeString, mark_safe

T = TypeVar("T")

VERSION_KEY = "ecirkel:content-version"
# Fragments outlive no publish (the version moves on), but an entry nobody asks for
# again is dropped after a day so that the cache does not only grow.
FRAGMENT_TIMEOUT = 24 * 3600


# Within a request the version is read from the shared cache once and held for the
# rest of it (``OneVersionPerRequestMiddleware``): a learner page asked for it three
# or four times, a round trip to Redis each (issue 14). A change the request makes
# itself moves the held version on too. One version per request also keeps what a
# request builds under the version it started with: a publish committed meanwhile
# has already left that version behind for everyone else.
_held: ContextVar[list[str] | None] = ContextVar("content_version", default=None)


def content_version(*, fresh: bool = False) -> str:
    """The current content version; made on first use, kept until content changes.

    ``fresh``: read it from the shared cache even within a request that holds one.
    What decides access (a page's view restrictions) must be at least as new as the
    rows the request has read from the database since it started: under the held
    version, a restriction added and a page published while the request ran would
    pair the new page with its old, unrestricted answer."""
    held = _held.get()
    if held and not fresh:
        return held[0]
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex[:12], None)
        version = cache.get(VERSION_KEY)
    if held == []:
        held.append(version)
    return version


class OneVersionPerRequestMiddleware:
    """Hold the content version for the rest of the request once it is read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _held.set([])
        try:
            return self.get_response(request)
        finally:
            _held.reset(token)


def content_changed(**kwargs) -> None:
    """Every cached fragment is stale from now on. A signal receiver.

    The version moves on at once and again when the transaction that made the change
    commits: a request that read the old rows while the change was not yet committed
    (a delete sends its signal inside the transaction) would otherwise have kept what
    it built under the new version, and nothing would move it on again.
    """
    _move_on()
    transaction.on_commit(_move_on)


def _move_on() -> None:
    version = uuid.uuid4().hex[:12]
    cache.set(VERSION_KEY, version, None)
    held = _held.get()
    if held is not None:
        held[:] = [version]


# What a cached fragment or page is made from: code, templates, translations, and
# the static files whose hashed names a cached page links to.
RELEASE_FILES = {".py", ".html", ".po", ".css", ".js", ".svg"}


@functools.cache
def code_release() -> str:
    """A fingerprint of the code, templates, translations and static files that
    build fragments and pages.

    The shared cache outlives a deploy. A release that changes what a fragment
    holds (a cached class's fields, a template's markup, a translated label, a
    stylesheet's hashed name in a cached page) must not read the previous release's
    entries, nor they its: both run side by side while the instances restart one by
    one. Two instances of the same release share their entries. Read once per
    process (about 420 files, 10 ms)."""
    from django.apps import apps
    from django.conf import settings

    base = Path(settings.BASE_DIR).resolve()
    # The project's own apps, at the top of the checkout (a virtualenv inside it
    # holds the installed packages: the lock file stands for them).
    roots = {base / "ecirkel", base / "locale"} | {
        Path(app.path).resolve()
        for app in apps.get_app_configs()
        if Path(app.path).resolve().parent == base
    }
    digest = hashlib.blake2b(digest_size=8)
    lock = base / "requirements.lock"
    if lock.is_file():
        digest.update(lock.read_bytes())
    for root in sorted(roots):
        for path in sorted(root.rglob("*")):
            if path.suffix in RELEASE_FILES and path.is_file():
                digest.update(str(path.relative_to(base)).encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()


def fragment_key(name: str, *parts, fresh: bool = False) -> str:
    """The cache key of fragment ``name`` for ``parts`` at the current version of
    the content, in this release of the code.

    ``parts`` are anything with a stable ``str()`` (ids, a language code, a
    ``localfacts.facts.signature``); they are hashed, so the key stays short.
    ``fresh``: at the version in the shared cache now (``content_version``).
    """
    digest = hashlib.blake2b(
        "\x1f".join(str(part) for part in parts).encode(), digest_size=12
    ).hexdigest()
    version = content_version(fresh=fresh)
    return f"ecirkel:{name}:{code_release()}:{version}:{digest}"


# Large fragments that no reader changes (frozen dataclasses of tuples and strings)
# are also kept in the process that read them, under the same versioned key, so
# that a worker does not fetch and unpickle them on every request: a 300-topic
# report's columns took 1.4 ms to unpickle (issue 14). The key holds the content
# version, read from the shared cache in every request (and on every call outside
# one), so a request that starts after content has changed is never served a kept
# copy; old ones fall out of the LRU.
LOCAL_ENTRIES = 64
_local: OrderedDict[str, object] = OrderedDict()
_local_lock = threading.Lock()


def fragment(
    name: str,
    *parts,
    build: Callable[[], T],
    timeout=FRAGMENT_TIMEOUT,
    keep_in_process: bool = False,
    fresh: bool = False,
) -> T:
    """The cached value of fragment ``name`` for ``parts``, built on a miss. A value
    of None is not kept (the cache could not tell it from a miss).

    ``keep_in_process``: also keep it in this process (for values nobody changes).
    ``fresh``: under the version in the shared cache now, not the one the request
    holds (``content_version``)."""
    key = fragment_key(name, *parts, fresh=fresh)
    if keep_in_process:
        with _local_lock:
            if key in _local:
                _local.move_to_end(key)
                return _local[key]
    value = cache.get(key)
    if value is None:
        value = build()
        if value is None:
            return None
        cache.set(key, value, timeout)
    if keep_in_process:
        with _local_lock:
            _local[key] = value
            while len(_local) > LOCAL_ENTRIES:
                _local.popitem(last=False)
    return value


# The templates' indentation: ASCII white space only. Python's \s also matches the
# no-break and thin spaces an editor types in a title ("70\u00a0%"), which are content.
_INDENTATION = re.compile(r"[ \t\n\r\f\v]+")


def compact_html(html: str) -> str:
    """Markup to keep, with each run of the template's white space made one space (a
    third of a rendered list's size; a browser collapses them anyway). For markup
    without <pre> or <textarea>."""
    return _INDENTATION.sub(" ", html)


# Where a reader's own piece goes in markup that is the same for everyone.
_SLOT = re.compile(r"<!--slot:([a-z]+):(\d+)-->")


@dataclass(frozen=True)
class SlottedMarkup:
    """Markup that is the same for everyone, cut where each reader's own pieces go.

    The template writes ``<!--slot:NAME:KEY-->`` (NAME in lower-case letters, KEY a
    whole number) at each such place. No escaped title or address can contain one:
    autoescape turns its ``<`` into ``&lt;``. Markup that holds trusted HTML (rich
    text, where a raw ``<!--`` may stand in an attribute) can: ``cut_with`` first
    makes every slot already in it inert. The cut markup is what is cached; per
    request ``fill`` puts in the reader's pieces (the mindmap's states, Min
    utveckling's cells), so no reader ever sees another's."""

    head: str
    slots: tuple[tuple[str, int, str], ...]  # (name, key, the text after the slot)

    @classmethod
    def cut(cls, html: str) -> "SlottedMarkup":
        pieces = _SLOT.split(html)  # text, name, key, text, name, key, text …
        return cls(
            pieces[0],
            tuple(
                (pieces[i], int(pieces[i + 1]), pieces[i + 2])
                for i in range(1, len(pieces), 3)
            ),
        )

    @classmethod
    def cut_with(cls, html: str, stand_ins: dict[str, str]) -> "SlottedMarkup":
        """``html`` that was rendered with ``stand_ins`` (a slot's "NAME:KEY" → the
        text rendered in its place, random for every build so that no content can
        name it), cut at the stand-ins. A slot the content itself wrote is made
        inert first (``&#58;`` reads as ":" where it is text, in an attribute too),
        so that no reader's piece goes where the content put it."""
        html = html.replace("<!--slot:", "<!--slot&#58;")
        for slot, stand_in in stand_ins.items():
            html = html.replace(stand_in, f"<!--slot:{slot}-->")
        return cls.cut(html)

    def fill(self, piece: Callable[[str, int], str]) -> SafeString:
        """The markup with ``piece(name, key)`` in each slot. The pieces must be
        safe markup: fixed tags around escaped text."""
        parts = [self.head]
        for name, key, text in self.slots:
            parts.append(piece(name, key))
            parts.append(text)
        # Safe: the cut markup was rendered with autoescape, the pieces are the
        # caller's fixed markup with escaped labels.
        return mark_safe("".join(parts))  # noqa: S308


def invalidate_on(*models: type[Model]) -> None:
    """Saving or deleting any of ``models`` makes every cached fragment stale.

    For content that pages show but that is not itself a page: snippets (quiz
    questions, practice-call scripts), media, images, site settings. Call it from the
    app's ``AppConfig.ready``.
    """
    for model in models:
        uid = f"ecirkel.caching:{model._meta.label}"
        post_save.connect(content_changed, sender=model, dispatch_uid=uid + ":save")
        post_delete.connect(content_changed, sender=model, dispatch_uid=uid + ":delete")


def connect() -> None:
    """Listen to every change of pages: publish, unpublish, move, delete, privacy."""
    from wagtail.models import PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(content_changed, dispatch_uid="ecirkel.caching:published")
    page_unpublished.connect(
        content_changed, dispatch_uid="ecirkel.caching:unpublished"
    )
    post_page_move.connect(content_changed, dispatch_uid="ecirkel.caching:moved")
    # Deleting a page deletes its subclass row first; any Page subclass counts.
    post_delete.connect(_page_deleted, dispatch_uid="ecirkel.caching:deleted")
    invalidate_on(PageViewRestriction)
    # A page saved without publishing changes nothing learners see, but a save of a
    # live page outside a revision (title fixes in a migration or a shell) does.
    post_save.connect(_page_saved, dispatch_uid="ecirkel.caching:saved")


def _page_deleted(sender, **kwargs) -> None:
    from wagtail.models import Page

    if issubclass(sender, Page):
        content_changed()


def _page_saved(sender, instance, **kwargs) -> None:
    from wagtail.models import Page

    if issubclass(sender, Page) and instance.live and not kwargs.get("raw"):
        content_changed()
