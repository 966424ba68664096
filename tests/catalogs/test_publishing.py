"""This installation's catalog: what it lists, who may read it, and packages that
are exported once per state of a course and match their catalog entry."""

import hashlib
import json

import pytest
from django.urls import reverse

from catalogs import publishing
from catalogs.fetching import parse_feed
from catalogs.models import CatalogSettings, CatalogToken, OutgoingPackage
from courses.factories import CoursePageFactory, TopicPageFactory
from sharing.models import CourseSharing

FEED = "/delning/katalog.json"

pytestmark = pytest.mark.django_db


def package_address(course) -> str:
    return reverse("catalogs:package", kwargs={"uuid": course.uuid})


def read_feed(client, **headers) -> dict:
    response = client.get(FEED, **headers)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_feed_lives_at_a_stable_swedish_address():
    assert reverse("catalogs:feed") == FEED


def test_the_feed_lists_shareable_live_courses_with_their_package(
    client, shared_course, public_catalog
):
    feed = read_feed(client)
    assert feed["format"] == "ecirkel-catalog"
    assert feed["format_version"] == 1
    parse_feed(json.dumps(feed).encode())  # valid by its own schema
    (entry,) = feed["courses"]
    assert entry["uuid"] == str(shared_course.uuid)
    assert entry["title"] == "Testkurs"
    assert entry["license"]["id"] == "CC-BY-SA-4.0"
    assert entry["attribution"] == "Testkommun"
    assert entry["package_url"] == "http://testserver" + package_address(shared_course)
    package = OutgoingPackage.objects.get(course=shared_course)
    assert entry["sha256"] == package.sha256
    assert entry["size"] == package.size
    assert entry["version"] == package.version == entry["updated_at"]


def test_courses_not_shareable_or_not_live_are_absent(
    client, shared_course, catalog, public_catalog
):
    hidden = CoursePageFactory(parent=catalog, title="Inte delad", slug="inte-delad")
    CourseSharing.objects.create(course=hidden, shareable=False)
    draft = CoursePageFactory(parent=catalog, title="Utkast", slug="utkast")
    CourseSharing.objects.create(course=draft, shareable=True)
    draft.unpublish()
    titles = [entry["title"] for entry in read_feed(client)["courses"]]
    assert titles == ["Testkurs"]
    for course in (hidden, draft):
        assert client.get(package_address(course)).status_code == 404


def test_an_unpublished_catalog_answers_404(client, shared_course, public_catalog):
    public_catalog.published = False
    public_catalog.save()
    assert client.get(FEED).status_code == 404
    assert client.get(package_address(shared_course)).status_code == 404


def test_a_token_catalog_needs_the_right_bearer_token(
    client, shared_course, token_catalog, learner
):
    package = package_address(shared_course)
    for url in (FEED, package):
        refused = client.get(url)
        assert refused.status_code == 401
        assert refused["WWW-Authenticate"].startswith("Bearer")
        wrong = client.get(url, HTTP_AUTHORIZATION="Bearer fel-nyckel")
        assert wrong.status_code == 401
        # Not in the address: query strings end up in logs.
        assert client.get(url, {"token": token_catalog}).status_code == 401
    client.force_login(learner)
    assert client.get(FEED).status_code == 401
    right = {"HTTP_AUTHORIZATION": f"Bearer {token_catalog}"}
    assert client.get(FEED, **right).status_code == 200
    assert client.get(package, **right).status_code == 200
    assert CatalogToken.objects.get().last_used_at is not None


def test_a_deleted_token_no_longer_opens_the_catalog(
    client, shared_course, token_catalog
):
    CatalogToken.objects.all().delete()
    response = client.get(FEED, HTTP_AUTHORIZATION=f"Bearer {token_catalog}")
    assert response.status_code == 401


def test_only_the_hash_of_a_token_is_kept(token_catalog):
    token = CatalogToken.objects.get()
    assert token_catalog not in (token.token_hash, token.prefix)
    assert token.token_hash == hashlib.sha256(token_catalog.encode()).hexdigest()


def test_the_download_is_the_package_the_feed_describes(
    client, shared_course, public_catalog
):
    (entry,) = read_feed(client)["courses"]
    response = client.get(package_address(shared_course))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    data = body(response)
    assert hashlib.sha256(data).hexdigest() == entry["sha256"]
    assert len(data) == entry["size"]
    assert response["ETag"] == f'"{entry["sha256"]}"'
    again = client.get(
        package_address(shared_course), HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert again.status_code == 304


def test_the_feed_answers_304_when_unchanged(client, shared_course, public_catalog):
    first = client.get(FEED)
    again = client.get(FEED, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_a_course_is_exported_once_per_state(client, shared_course, public_catalog):
    read_feed(client)
    package = OutgoingPackage.objects.get()
    path = publishing.package_path(package)
    made = path.stat().st_mtime_ns
    read_feed(client)
    body(client.get(package_address(shared_course)))
    assert OutgoingPackage.objects.get().pk == package.pk
    assert path.stat().st_mtime_ns == made

    # A new topic: a new version, a new package; the old file goes.
    TopicPageFactory(parent=shared_course, title="Nytt ämne", slug="nytt-amne")
    (entry,) = read_feed(client)["courses"]
    newer = OutgoingPackage.objects.get()
    assert newer.sha256 != package.sha256
    assert entry["sha256"] == newer.sha256
    assert not path.exists()
    assert publishing.package_path(newer).is_file()


def test_the_export_is_deterministic(shared_course, public_catalog):
    first = publishing.package_for(shared_course)
    publishing.package_path(first).unlink()
    second = publishing.package_for(shared_course)
    assert second.sha256 == first.sha256


def test_changing_the_license_makes_a_new_package(shared_course, public_catalog):
    first = publishing.package_for(shared_course)
    CourseSharing.objects.filter(course=shared_course).update(license="CC0-1.0")
    second = publishing.package_for(shared_course)
    assert second.sha256 != first.sha256
    assert second.manifest["license"]["id"] == "CC0-1.0"


def test_packages_are_kept_outside_media_root(settings, shared_course, public_catalog):
    package = publishing.package_for(shared_course)
    path = publishing.package_path(package).resolve()
    assert path.is_relative_to(settings.SHARING_WORK_DIR.resolve())
    assert not path.is_relative_to(settings.MEDIA_ROOT.resolve())


def test_only_reading_is_allowed(client, shared_course, public_catalog):
    assert client.post(FEED).status_code == 405
    assert client.post(package_address(shared_course)).status_code == 405


def test_the_catalog_setting_defaults_to_off_and_tokens(catalog):
    settings = CatalogSettings.for_site(catalog.get_site())
    assert not settings.published
    assert settings.access == CatalogSettings.Access.TOKEN
