"""Links to addresses a catalog feed gave: only http(s) addresses become links, so
a feed's ``javascript:`` or ``data:`` address can never run in the admin (the feed's
schema refuses them too; this also covers rows stored before it did)."""

import re

from django import template

register = template.Library()

WEB_ADDRESS = re.compile(r"^https?://", re.IGNORECASE)


@register.filter
def web_address(value) -> str:
    """``value`` if it is an http(s) address, else the empty string."""
    value = str(value or "").strip()
    return value if WEB_ADDRESS.match(value) else ""
