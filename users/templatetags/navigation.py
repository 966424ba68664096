"""The site header: ``{% site_header %}`` (base.html).

The header is the same markup for everyone who sees the same language and role
links; only the reader's name, their CSRF token and the address of the page they are
on differ. Rendering it took about a seventh of a learner's topic page (issue 14),
so its markup is rendered once per language, login state and role links, cut where
those three pieces go (``ecirkel.caching.SlottedMarkup``) and kept in the worker;
each request fills in its own pieces, escaped as the template would have.
"""

import secrets

from django import template
from django.middleware.csrf import get_token
from django.template.defaultfilters import urlencode
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.html import conditional_escape
from django.utils.translation import get_language

from ecirkel import caching
from users.navigation import header_links as links_for

register = template.Library()


class _StandInUser:
    """What the header template reads of a logged-in user: a stand-in name."""

    is_authenticated = True

    def __init__(self, name: str):
        self.name = name

    def get_short_name(self) -> str:
        return self.name

    def get_username(self) -> str:
        return self.name


class _StandInRequest:
    def __init__(self, path: str):
        self.path = path

    def get_full_path(self) -> str:
        return self.path


def _cut_header(logged_in: bool, links: dict[str, bool]) -> caching.SlottedMarkup:
    """The header rendered with random stand-ins for the reader's pieces, cut there.
    The address is used twice: URL-encoded in the login link's "next" (slot path:1,
    where the stand-in's "?" becomes "%3F") and as it is in the language form
    (path:0)."""
    name, csrf, path = (secrets.token_hex(16) for _ in range(3))
    path += "?"
    html = render_to_string(
        "includes/header.html",
        {
            "user": _StandInUser(name) if logged_in else None,
            "links": links,
            "csrf_token": csrf,
            "request": _StandInRequest(path),
        },
    )
    stand_ins = {
        "name:0": name,
        "csrf:0": csrf,
        "path:1": urlencode(path),
        "path:0": path,
    }
    return caching.SlottedMarkup.cut_with(html, stand_ins)


@register.simple_tag(takes_context=True)
def site_header(context):
    """The header for the reader of this page: their name, CSRF token, role links."""
    request = context.get("request")
    user = context.get("user")
    logged_in = bool(user is not None and user.is_authenticated)
    links = links_for(user) if logged_in else {"circles": False, "admin": False}
    if request is None:  # rendered outside a request: no token, no address
        return render_to_string("includes/header.html", {"user": user, "links": links})
    # The header shows no content, but a fragment's key holds the content version:
    # it is rendered again after a publish, which is rare next to reading.
    markup = caching.fragment(
        "site-header",
        get_language(),
        get_script_prefix(),
        logged_in,
        links["circles"],
        links["admin"],
        build=lambda: _cut_header(logged_in, links),
        keep_in_process=True,
    )
    path = request.get_full_path()

    def piece(name: str, key: int) -> str:
        if name == "name":
            return conditional_escape(user.get_short_name() or user.get_username())
        if name == "csrf":
            return conditional_escape(get_token(request))
        if name == "path":
            # The page's own address: as it is in the language form's "next",
            # URL-encoded in the login link's.
            return conditional_escape(path if key == 0 else urlencode(path))
        raise ValueError(f"no piece for slot {name}:{key}")

    return markup.fill(piece)
