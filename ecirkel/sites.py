"""The Wagtail site that answers a request, kept in the cache.

Wagtail finds the site of every page view in two queries: the site for the request's
host and port (``Site.find_for_request``, a query with a ranking ``CASE``), and the
site's root page as its own class, which routing starts from (issue 14). Both change
only when a site or its root page does, so they are kept in the shared cache under
the content version (``ecirkel.caching``): saving or deleting a site moves the version
on (``ecirkel.pagecache`` counts sites as content), as publishing, moving or deleting
a page does.

Wagtail keeps the site it finds on the request (``request._wagtail_site``) and asks
for it again only when that is not there; the middleware puts the kept one there
before Wagtail's page view runs. Each request unpickles its own copy, so nothing a
request does to its site or root page reaches another request.
"""

from django.http.request import split_domain_port
from django.utils.deprecation import MiddlewareMixin
from wagtail import views as wagtail_views
from wagtail.models import Site
from wagtail.models.sites import get_site_for_hostname

from ecirkel import caching


def kept_site(request) -> Site | None:
    """The site for ``request``'s host and port, with its root page read as its
    own class; from the cache after the first request for this host."""
    # Wagtail reads the raw host; the checked one (ALLOWED_HOSTS, as Django's
    # CommonMiddleware has already done) keeps made-up hosts from filling the cache.
    hostname = split_domain_port(request.get_host())[0]
    port = request.get_port()
    return caching.fragment(
        "site", hostname, port, build=lambda: _site_for(hostname, port)
    )


def _site_for(hostname: str, port) -> Site | None:
    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None  # no site, no page to serve (a None is not kept)
    site.root_page.specific  # noqa: B018 (read now, kept with the site)
    return site


class KeptSiteMiddleware(MiddlewareMixin):
    """Hand Wagtail's page view the kept site of the request's host."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is wagtail_views.serve and not hasattr(request, "_wagtail_site"):
            site = kept_site(request)
            if site is not None:
                request._wagtail_site = site
