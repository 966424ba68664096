"""A topic page's content: ``{% topic_content %}`` (courses/topic_page.html).

All of a topic's content but the learner's own state is the same for every logged-in
reader of a site in one language: breadcrumbs, summary, body blocks, subtopics,
related topics, attribution. Rendering it was about a quarter of a learner's topic
page (issue 14), so it is rendered once per content version, host and language, cut
where the state and the CSRF tokens of the body's forms go
(``ecirkel.caching.SlottedMarkup``), and each request fills in its own.

Rendered every time instead: for visitors who are not logged in (the body shows
them login links to the address they are on; the anonymous page cache keeps whole
pages), with a query string (a lecture's ``?t=``), in a preview, and for anything
but GET. Content that shows local facts is kept per set of facts and per "editor or
not" (``localfacts.facts``), as its look-up would have rendered it.
"""

import secrets
from dataclasses import dataclass

from django import template
from django.middleware.csrf import get_token
from django.utils.html import conditional_escape
from django.utils.translation import get_language

from ecirkel import caching
from localfacts import facts as local_facts

register = template.Library()

CONTENT = "courses/includes/topic_content.html"
STATE = "courses/includes/topic_state.html"


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


def _render(context, name: str, **extra) -> str:
    with context.push(**extra):
        return context.template.engine.get_template(name).render(context)


def _cut(context, *, per_facts: bool) -> KeptContent:
    # A stand-in no editor can type (new for every build), where each form's token
    # goes; the state is left out by the template (``keep``).
    stand_in = secrets.token_hex(16)
    with local_facts.watched() as consulted:
        html = _render(context, CONTENT, keep=True, csrf_token=stand_in)
    if consulted and not per_facts:
        return KeptContent(None, names_facts=True)
    html = html.replace(stand_in, "<!--slot:csrf:0-->")
    return KeptContent(caching.SlottedMarkup.cut(html), names_facts=bool(consulted))


@register.simple_tag(takes_context=True)
def topic_content(context):
    request = context.get("request")
    if not may_keep(request):
        return _render(context, CONTENT, keep=False)
    parts = (context["page"].pk, request.get_host(), get_language())
    kept = caching.fragment(
        "topic-content", *parts, build=lambda: _cut(context, per_facts=False)
    )
    if kept.names_facts:
        kept = caching.fragment(
            "topic-content",
            *parts,
            local_facts.signature(local_facts.current(request)),
            local_facts.is_editor(request),
            build=lambda: _cut(context, per_facts=True),
        )

    def piece(name: str, key: int) -> str:
        if name == "state":
            return _render(context, STATE)
        return conditional_escape(get_token(request))

    return kept.markup.fill(piece)
