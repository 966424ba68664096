"""A page's content, rendered once for every logged-in reader and kept (issue 14).

What a topic or a lecture shows is the same for every logged-in reader of a site in
one language, but for a few pieces of their own: their state, and the CSRF token of
each form (start a quiz, a lecture's watch reports). ``kept_content`` renders the
content's template once per content version, page, host and language, cut where
those pieces go (``ecirkel.caching.SlottedMarkup``), and fills each request's own in.
The template writes ``{{ kept_slots.NAME }}`` where a reader's piece goes when
``kept_slots`` is given, and renders the piece itself otherwise. Those places and
the tokens are rendered as random stand-ins, new for every build, that no editor can
type; a slot that rich text brings along is made inert
(``SlottedMarkup.cut_with``).

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
    # None only in the entry that says "shows local facts": the markup is then kept
    # under a key with the facts and the reader's kind, which ``kept_content`` reads.
    markup: caching.SlottedMarkup | None
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


def _cut(context, template_name: str, names, *, per_facts: bool) -> KeptContent:
    stand_ins = {f"{name}:0": secrets.token_hex(16) for name in ("csrf", *names)}
    slots = {name: stand_ins[f"{name}:0"] for name in names}
    with local_facts.watched() as consulted:
        html = render(
            context,
            template_name,
            kept_slots=slots,
            csrf_token=stand_ins["csrf:0"],
        )
    if consulted and not per_facts:
        return KeptContent(None, names_facts=True)
    markup = caching.SlottedMarkup.cut_with(html, stand_ins)
    return KeptContent(markup, names_facts=bool(consulted))


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
        return render(context, template_name, kept_slots=None)
    pieces = pieces or {}
    parts = (template_name, context["page"].pk, request.get_host(), get_language())
    kept = caching.fragment(
        "kept-content",
        *parts,
        build=lambda: _cut(context, template_name, pieces, per_facts=False),
    )
    if kept.names_facts:
        # Rendered as the reader's facts and their being an editor or not show it.
        kept = caching.fragment(
            "kept-content",
            *parts,
            local_facts.signature(local_facts.current(request)),
            local_facts.is_editor(request),
            build=lambda: _cut(context, template_name, pieces, per_facts=True),
        )

    def piece(name: str, key: int) -> str:
        if name == "csrf":
            return conditional_escape(get_token(request))
        return pieces[name]()  # KeyError: a slot that the stand-ins never made

    return kept.markup.fill(piece)
