"""Rich text from a package, cleaned as the editor would have stored it.

What an editor types goes through Draftail, which can only produce Wagtail's
database format: a few elements, links by ``href`` or ``linktype``/``id``, images as
``<embed embedtype="image">``. A package's rich text comes from elsewhere, so it is
cleaned to that same format before it is written: any other element is unwrapped
(its text kept), scripts, styles and frames go with their contents, attributes other
than these go, and a link whose address is not http(s), mailto, tel or relative loses
its address (Wagtail's ``check_url``).
"""

from bs4 import BeautifulSoup
from django.utils.html import escape
from wagtail.whitelist import (
    DEFAULT_ELEMENT_RULES,
    Whitelister,
    allow_without_attributes,
    attribute_rule,
    check_url,
)

# Elements whose contents are not text for a reader: removed whole.
DROPPED = {"script", "style", "iframe", "object", "template", "noscript", "svg", "math"}


class PackageRichText(Whitelister):
    element_rules = {
        **{name: rule for name, rule in DEFAULT_ELEMENT_RULES.items() if name != "img"},
        "a": attribute_rule({"href": check_url, "linktype": True, "id": True}),
        "embed": attribute_rule(
            {"embedtype": True, "id": True, "format": True, "alt": True}
        ),
        "code": allow_without_attributes,
        "blockquote": allow_without_attributes,
    }

    def clean_tag_node(self, doc, tag):
        if tag.name in DROPPED:
            tag.decompose()
            return
        super().clean_tag_node(doc, tag)


def clean(html: str) -> str:
    """``html`` in Wagtail's database format with nothing but what an editor could
    have made. Rich text that has nothing else is returned as it came, byte for
    byte, so that importing a package again finds its content unchanged."""
    html = html or ""
    cleaned = PackageRichText().clean(html)
    as_parsed = BeautifulSoup(html, "html.parser").decode(formatter=escape)
    return html if cleaned == as_parsed else cleaned
