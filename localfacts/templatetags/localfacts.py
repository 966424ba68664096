"""Local facts in templates: ``{% load localfacts %}``.

``{{ text|localfacts:request }}`` where content is shown as HTML: ``text`` is
plain text (escaped first) or safe HTML (rich text, after ``|richtext``); the
result is safe HTML with the values escaped and their line breaks kept. It may be
followed by ``|linebreaksbr`` (the result is already safe, so nothing is escaped
twice).

``{{ text|localfacts_text:request }}`` where only text may stand: attributes,
``<option>``, ``<title>``. The result is plain text, escaped by the template as
usual; a value's lines are joined by spaces.

``request`` decides the site whose facts are shown and whether the visitor sees
missing facts as an editor (``[[telefon]]`` highlighted) or a learner (the fact's
description). Without it (None or ""), the default site's facts, as a learner sees
them. Django refuses a filter argument that is not in the context at all, so a
template that may be rendered without a request (a block's, by ``block.render()``)
binds it first: ``{% with request=request|default:None %}``.

Text without ``[[`` costs nothing: the facts are read only for text that has a
placeholder.
"""

from django import template
from django.utils.html import conditional_escape

from .. import facts as local_facts
from .. import placeholders

register = template.Library()


def _context(request):
    return local_facts.current(request), local_facts.is_editor(request)


@register.filter(is_safe=True)
def localfacts(text, request=None):
    if text is None or text == "":
        return text
    if "[[" not in str(text):  # no placeholder: no need to read the facts
        return conditional_escape(text)
    values, editor = _context(request or None)
    return placeholders.render_html(conditional_escape(text), values, editor=editor)


@register.filter
def localfacts_text(text, request=None):
    if text is None or text == "" or "[[" not in str(text):
        return text
    values, editor = _context(request or None)
    rendered = placeholders.render(str(text), values, editor=editor)
    if "\n" in rendered:
        rendered = " ".join(rendered.split())
    return rendered
