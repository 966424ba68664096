from django import template

from users.navigation import header_links as links_for

register = template.Library()


@register.simple_tag
def header_links(user) -> dict[str, bool]:
    """Which role links the site header shows ``user`` (users.navigation)."""
    return links_for(user)
