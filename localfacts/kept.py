"""A page's content, rendered once for every logged-in reader and kept (issue 14).

What a topic or a lecture shows is the same for every logged-in reader of a site in
one language, but for a few pieces of their own: their state, and the CSRF token of
each form (start a quiz, a lecture's watch reports). ``kept_content`` renders the
content's template once per content version, page, host and language, cut where
those pieces go (``ecirkel.caching.SlottedMarkup``), and fills each request's own in.
The template writes ``<!--slot:NAME:0-->`` where a reader's piece goes when
``keep`` is true, and renders the piece itself otherwise; a token is rendered as a
random stand-in, new for every build, that no editor can type.

Rendered afresh every time instead: for visitors who are not logged in (the content
links them to the login with the page's own address; the anonymous page cache keeps
whole pages), with a query string (a lecture's ``?t=``), in a preview, and for
anything but GET. Content that shows local facts is kept per set of facts and per
"editor or learner", as the look-up would have rendered it (``facts.watched``).
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.middleware.csrf import get_token
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from ecirkel import caching

from . import facts as local_facts


@dataclass(frozen=True)
class KeptContent:
    markup: caching.SlottedMarkup | None  # None: shows local facts, kept per facts
    names_facts: bool


def may_keep(request) -> bool:
    return bool(
        request is not None
        and request.method == "GET"
        and not request.META.get("QUERY_STRING")
        and not getattr(request, "is_preview", False)
        and request.user.is_authenticated
    )


def render(context, template_name: str, **extra) -> str:
    """``template_name`` rendered with the template context, plus ``extra``."""
    with context.push(**extra):
        return context.template.engine.get_template(template_name).render(context)


def _cut(context, template_name: str, *, per_facts: bool) -> KeptContent:
    stand_in = secrets.token_hex(16)
    with local_facts.watched() as consulted:
        html = render(context, template_name, keep=True, csrf_token=stand_in)
    if consulted and not per_facts:
        return KeptContent(None, names_facts=True)
    html = html.replace(stand_in, "<!--slot:csrf:0-->")
    return KeptContent(caching.SlottedMarkup.cut(html), names_facts=bool(consulted))


def kept_content(
    context,
    template_name: str,
    *,
    pieces: dict[str, Callable[[], str]] | None = None,
) -> SafeString | str:
    """The content of ``context["page"]`` rendered from ``template_name``: kept, with
    the reader's ``pieces`` (slot name → the markup) and tokens filled in, or
    rendered afresh (``may_keep``)."""
    request = context.get("request")
    if not may_keep(request):
        return render(context, template_name, keep=False)
    parts = (template_name, context["page"].pk, request.get_host(), get_language())
    kept = caching.fragment(
        "kept-content",
        *parts,
        build=lambda: _cut(context, template_name, per_facts=False),
    )
    if kept.names_facts:
        kept = caching.fragment(
            "kept-content",
            *parts,
            local_facts.signature(local_facts.current(request)),
            local_facts.is_editor(request),
            build=lambda: _cut(context, template_name, per_facts=True),
        )
    pieces = pieces or {}

    def piece(name: str, key: int) -> str:
        if name == "csrf":
            return conditional_escape(get_token(request))
        return pieces[name]()

    return kept.markup.fill(piece)
