"""The request's Wagtail site kept in the cache (ecirkel.sites): a page view asks the
database for neither the site nor its root page, and every change of a site applies
on the next request."""

from unittest import mock

import pytest
from django.core.exceptions import DisallowedHost
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from courses.factories import CatalogPageFactory, CoursePageFactory
from courses.models import CatalogPage
from ecirkel import caching
from ecirkel.sites import kept_site

TOPIC = "/testkurs/vad-ar-kc/fordelar/"


@pytest.fixture
def client(client, learner):
    """A learner's: anonymous visitors get whole pages from the page cache."""
    client.force_login(learner)
    return client


def site_queries(captured) -> list[str]:
    return [q["sql"] for q in captured if "wagtailcore_site" in q["sql"]]


def test_a_page_view_reads_neither_the_site_nor_its_root_page(client, course):
    assert client.get(TOPIC).status_code == 200  # the site is kept
    with CaptureQueriesContext(connection) as captured:
        assert client.get(TOPIC).status_code == 200
    assert site_queries(captured) == []
    root_reads = [
        q["sql"]
        for q in captured
        if "courses_catalogpage" in q["sql"]  # the root page as its own class
    ]
    assert root_reads == []


def test_the_kept_site_is_the_one_wagtail_would_find(rf, course, catalog):
    request = rf.get("/", HTTP_HOST="localhost")
    kept_site(request)  # kept
    with CaptureQueriesContext(connection) as captured:
        site = kept_site(rf.get("/", HTTP_HOST="localhost"))
    assert len(captured) == 0
    assert site == Site.find_for_request(rf.get("/", HTTP_HOST="localhost"))
    assert isinstance(site.root_page.specific, CatalogPage)
    assert site.root_page.specific.pk == catalog.pk


def test_each_request_gets_its_own_copy(rf, course):
    first = kept_site(rf.get("/"))
    first.root_page.specific.title = "Ändrad av en begäran"
    second = kept_site(rf.get("/"))
    assert second is not first
    assert second.root_page.specific.title != "Ändrad av en begäran"


@pytest.fixture
def other_catalog(course):
    other = CatalogPageFactory(parent=Page.get_first_root_node(), slug="andra")
    CoursePageFactory(parent=other, title="Annan kurs", slug="annan-kurs")
    return other


def test_a_new_root_page_applies_on_the_next_request(client, other_catalog):
    other = other_catalog
    assert client.get(TOPIC).status_code == 200
    assert client.get("/annan-kurs/").status_code == 404
    site = Site.objects.get(is_default_site=True)
    site.root_page = other
    site.save()
    assert client.get(TOPIC).status_code == 404
    assert client.get("/annan-kurs/").status_code == 200


def test_a_new_site_for_another_host_applies_on_the_next_request(client, other_catalog):
    # Before the second site exists, the other host falls back to the default site.
    assert client.get(TOPIC, HTTP_HOST="annan.kommun.se").status_code == 200
    Site.objects.create(hostname="annan.kommun.se", port=80, root_page=other_catalog)
    assert client.get(TOPIC, HTTP_HOST="annan.kommun.se").status_code == 404
    assert client.get("/annan-kurs/", HTTP_HOST="annan.kommun.se").status_code == 200
    # The default host still has its own site.
    assert client.get(TOPIC).status_code == 200


def test_a_deleted_site_is_forgotten_on_the_next_request(client, course):
    assert client.get(TOPIC).status_code == 200
    Site.objects.all().delete()
    assert client.get(TOPIC).status_code == 404


@pytest.mark.django_db
def test_a_host_outside_allowed_hosts_is_refused_not_kept(client, rf, settings):
    settings.ALLOWED_HOSTS = ["localhost"]
    response = client.get(TOPIC, HTTP_HOST="elak.example")
    assert response.status_code == 400
    # The look-up itself reads only a checked host: a made-up one is never a key.
    with pytest.raises(DisallowedHost):
        kept_site(rf.get("/", HTTP_HOST="elak.example"))


@pytest.mark.django_db
def test_no_site_is_not_kept(rf):
    Site.objects.all().delete()
    with mock.patch.object(caching.cache, "set", wraps=caching.cache.set) as kept:
        assert kept_site(rf.get("/", HTTP_HOST="localhost")) is None
    assert not [call for call in kept.call_args_list if ":site:" in call.args[0]]
