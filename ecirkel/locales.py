"""Pages' locales without a query per page.

A template that marks a page's language (``lang="{{ page.locale.language_code }}"``)
read the page's locale once per page: a query per search hit, per course on Min
utveckling. An installation has one or two locales; they are kept in the shared
cache under the content version (saving a Locale moves it on, ecirkel.pagecache)
and set on the pages a view shows.
"""

from wagtail.models import Locale

from ecirkel import caching


def all_locales() -> dict[int, Locale]:
    return caching.fragment("locales", build=lambda: Locale.objects.in_bulk())


def attach(pages):
    """Set each page's ``locale`` from the kept ones; returns ``pages``."""
    pages = list(pages)
    locales = all_locales()
    for page in pages:
        locale = locales.get(page.locale_id)
        if locale is not None:
            page.locale = locale
    return pages
