"""Placeholders for local facts in shared content: ``[[telefon]]``.

A course shared between municipalities says "Ring [[telefon]]" where each
installation has its own number; the page shows the value that installation filled
in under Settings → Local facts. A package carries the placeholder, never the value.

Why double square brackets: they are plain characters to Wagtail's rich-text editor
(Draftail keeps them as typed, with no markup), to plain text fields, to StreamField's
JSON and to quiz and role-play texts; HTML escaping leaves them alone; they are not
Django template syntax (``{{ }}``, ``{% %}``), so content can never be run as a
template; and editors know them from wikis. A name is lower-case ASCII, digits and
underscores (``NAME_PATTERN``); spaces inside the brackets are allowed
(``[[ telefon ]]``). Anything else in double brackets (``[[Telefon]]``,
``[[nr 2]]``) is left as it is.

Values are text: they are escaped when shown in HTML, and a value of several lines
(the talsvar menu, opening hours) keeps its line breaks (``<br>``).

A placeholder without a value renders visibly, never as an error:

- learners (``editor=False``) read the fact's description in its place, marked by a
  ``<span class="localfact localfact--missing">``: "Ring kontaktcentrets
  telefonnummer" still reads as a sentence;
- editors (``editor=True``: Wagtail's preview, editors on the site) see the
  placeholder itself, ``[[telefon]]``, highlighted, so they notice what to fill in.
"""

import re
from collections.abc import Callable, Mapping

from django.conf import settings
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .facts import current
from .standard import NAME_PATTERN, NAME_RE, standard_fact  # noqa: F401 - API

PLACEHOLDER_RE = re.compile(rf"\[\[[ \t\u00a0]*({NAME_PATTERN})[ \t\u00a0]*\]\]")
# An HTML tag (or comment): placeholders are replaced in the text between tags,
# and inside a tag (an attribute) only by plain escaped text.
TAG_RE = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)


def find(text: str | None) -> set[str]:
    """The placeholder names used in ``text``: plain text, HTML (rich text) or
    JSON (StreamField's raw data) alike."""
    if not text:
        return set()
    return set(PLACEHOLDER_RE.findall(str(text)))


def placeholder(name: str) -> str:
    """How editors write the fact ``name``: ``[[name]]``."""
    return f"[[{name}]]"


def missing_label(name: str, facts: Mapping[str, str] | None = None) -> str:
    """What a learner reads where ``name`` has no value: the standard fact's
    description ("kontaktcentrets telefonnummer"), an extra fact's description,
    else the name in words ("bygglov telefon")."""
    fact = standard_fact(name)
    if fact is not None:
        # In the language of the content around it (Swedish), whatever the
        # visitor chose for the site's own texts.
        with translation.override(settings.LANGUAGE_CODE):
            return str(fact.reads_as)
    labels = getattr(facts, "labels", None) or {}
    return labels.get(name) or name.replace("_", " ")


def _facts(facts: Mapping[str, str] | None) -> Mapping[str, str]:
    return current(None) if facts is None else facts


def render(
    text: str | None, facts: Mapping[str, str] | None = None, *, editor: bool = False
) -> str:
    """``text`` (plain text) with each placeholder replaced by its value, as plain
    text (escape it when you put it in HTML). Without ``facts``, the default site's
    facts. A placeholder without a value becomes its description (learners) or
    stays ``[[name]]`` (``editor=True``)."""
    if not text:
        return text or ""
    values = _facts(facts)

    def replace(match: re.Match) -> str:
        name = match.group(1)
        value = values.get(name)
        if value:
            return value
        return placeholder(name) if editor else missing_label(name, values)

    return PLACEHOLDER_RE.sub(replace, str(text))


def _html_replacer(values: Mapping[str, str], editor: bool) -> Callable:
    def replace(match: re.Match) -> str:
        name = match.group(1)
        value = values.get(name)
        if value:
            return "<br>".join(escape(line) for line in value.splitlines())
        if editor:
            return (
                '<mark class="localfact localfact--missing" '
                f'data-localfact="{escape(name)}">{escape(placeholder(name))}</mark>'
            )
        label = escape(missing_label(name, values))
        return (
            '<span class="localfact localfact--missing" '
            f'data-localfact="{escape(name)}">{label}</span>'
        )

    return replace


def _attribute_replacer(values: Mapping[str, str], editor: bool) -> Callable:
    def replace(match: re.Match) -> str:
        name = match.group(1)
        value = values.get(name)
        if value:
            return escape(" ".join(value.split()))
        return escape(placeholder(name) if editor else missing_label(name, values))

    return replace


def render_html(
    html: str | None, facts: Mapping[str, str] | None = None, *, editor: bool = False
) -> SafeString:
    """HTML (rich text, or text already escaped) with each placeholder replaced by
    its value, escaped, its line breaks as ``<br>``. Inside a tag (an attribute
    value, say a link's title) a value is plain escaped text on one line. A
    placeholder without a value becomes a marked span (see the module's text).

    ``html`` must already be safe HTML: this adds only escaped values and markup of
    its own. Plain text goes through ``escape`` first (the template filter
    ``localfacts`` does this for you)."""
    if not html:
        return mark_safe("")  # noqa: S308 - empty
    html = str(html)
    if "[[" not in html:
        return mark_safe(html)  # noqa: S308 - the caller's HTML, unchanged
    values = _facts(facts)
    in_text = _html_replacer(values, editor)
    in_tag = _attribute_replacer(values, editor)
    parts = []
    for index, part in enumerate(TAG_RE.split(html)):
        if index % 2:  # a tag
            if part.startswith("<!--"):
                parts.append(part)
            else:
                parts.append(PLACEHOLDER_RE.sub(in_tag, part))
        else:
            parts.append(PLACEHOLDER_RE.sub(in_text, part))
    return mark_safe("".join(parts))  # noqa: S308 - values escaped above
