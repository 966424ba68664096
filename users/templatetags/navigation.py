"""The site header: ``{% site_header %}`` (base.html).

The header is the same markup for everyone who sees the same language and role
links; only the reader's name, their CSRF token and the address of the page they are
on differ. Rendering it took about a seventh of a learner's topic page (issue 14),
so its markup is rendered once per language, login state and role links, cut where
those three pieces go (``ecirkel.caching.SlottedMarkup``) and kept in the worker;
each request fills in its own pieces, escaped as the template would have.
"""

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

# What the header template is rendered with in place of the reader's pieces, replaced
# by slots right after rendering: letters, which escaping leaves as they are. The
# path's "?" tells its two uses apart: URL-encoded (the login link's "next", slot
# path:1) it becomes "%3F", in the language form it stays (path:0). The template
# holds no editor's content that could contain them.
_NAME = "ecirkelslotnamexq"
_CSRF = "ecirkelslotcsrfxq"
_PATH = "ecirkelslotpathxq?"
_SLOTS = (
    (_NAME, "<!--slot:name:0-->"),
    (_CSRF, "<!--slot:csrf:0-->"),
    (urlencode(_PATH), "<!--slot:path:1-->"),
    (_PATH, "<!--slot:path:0-->"),
)


class _StandInUser:
    """What the header template reads of a logged-in user, as stand-ins."""

    is_authenticated = True

    def get_short_name(self) -> str:
        return _NAME

    def get_username(self) -> str:
        return _NAME


class _StandInRequest:
    def get_full_path(self) -> str:
        return _PATH


def _cut_header(logged_in: bool, links: dict[str, bool]) -> caching.SlottedMarkup:
    html = render_to_string(
        "includes/header.html",
        {
            "user": _StandInUser() if logged_in else None,
            "links": links,
            "csrf_token": _CSRF,
            "request": _StandInRequest(),
        },
    )
    for stand_in, slot in _SLOTS:
        html = html.replace(stand_in, slot)
    return caching.SlottedMarkup.cut(html)


@register.simple_tag(takes_context=True)
def site_header(context):
    """The header for the reader of this page: their name, CSRF token, role links."""
    request = context.get("request")
    user = context.get("user")
    logged_in = bool(user is not None and user.is_authenticated)
    links = links_for(user) if logged_in else {"circles": False, "admin": False}
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
    path = request.get_full_path() if request is not None else ""

    def piece(name: str, key: int) -> str:
        if name == "name":
            return conditional_escape(user.get_short_name() or user.get_username())
        if name == "csrf":
            return conditional_escape(get_token(request)) if request else ""
        # The page's own address: in the language form's "next" as it is, in the
        # login link's "next" URL-encoded (``path`` in the template either way).
        return conditional_escape(path if key == 0 else urlencode(path))

    return markup.fill(piece)
