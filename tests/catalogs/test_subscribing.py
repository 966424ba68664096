"""Following other installations' catalogs: refreshing keeps the offered courses
or says what went wrong, each course's status here, and the admin screens."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from catalogs import subscriptions
from catalogs.models import OfferedCourse, Subscription
from imports.models import ImportJob
from sharing.models import ImportedCourse
from users.factories import UserFactory

from .feeds import course_entry, feed_bytes
from .servers import Answer, Server

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def short_timeouts(settings):
    settings.CATALOG_CONNECT_TIMEOUT = 2
    settings.CATALOG_READ_TIMEOUT = 0.5


@pytest.fixture
def server():
    with Server() as running:
        yield running


@pytest.fixture
def offered(server):
    """A catalog at the test server offering one course."""
    entry = course_entry(server.url("/delning/paket/a.zip"))
    server.routes["/delning/katalog.json"] = Answer(body=feed_bytes(entry))
    subscription = Subscription.objects.create(
        url=server.url("/delning/katalog.json"), token="hemligt"
    )
    return subscription, entry


def test_refreshing_stores_the_offered_courses(offered, server):
    subscription, entry = offered
    assert subscriptions.refresh(subscription)
    subscription.refresh_from_db()
    assert subscription.publisher == "Exempelkommunen"
    assert subscription.last_error == ""
    assert subscription.last_success_at is not None
    course = subscription.courses.get()
    assert str(course.uuid) == entry["uuid"]
    assert course.sha256 == entry["sha256"]
    assert course.license_id == "CC-BY-SA-4.0"
    assert server.requests[0][1]["Authorization"] == "Bearer hemligt"


def test_a_failed_refresh_keeps_the_courses_and_says_why(offered, server):
    subscription, _entry = offered
    subscriptions.refresh(subscription)
    server.routes["/delning/katalog.json"] = Answer(body=b"<html>")
    assert not subscriptions.refresh(subscription)
    subscription.refresh_from_db()
    assert "inte giltig JSON" in subscription.last_error
    assert subscription.courses.count() == 1


def test_a_course_no_longer_offered_disappears(offered, server):
    subscription, _entry = offered
    subscriptions.refresh(subscription)
    server.routes["/delning/katalog.json"] = Answer(body=feed_bytes())
    subscriptions.refresh(subscription)
    assert not subscription.courses.exists()


def imported(offer, version, course):
    return ImportedCourse.objects.create(
        course=course,
        course_uuid=offer.uuid,
        version=version,
        package_sha256="0" * 64,
        license_id="CC-BY-SA-4.0",
        license_name="CC BY-SA 4.0",
        imported_at=timezone.now(),
    )


def test_each_offered_course_says_what_it_is_here(offered, course):
    subscription, _entry = offered
    subscriptions.refresh(subscription)
    offer = subscription.courses.get()
    Here = subscriptions.Here
    assert subscriptions.statuses([offer])[offer.uuid].state == Here.NOT_IMPORTED
    row = imported(offer, "2026-01-15T10:00:00Z", course)
    assert subscriptions.statuses([offer])[offer.uuid].state == Here.IMPORTED
    row.version = "2025-12-01T08:00:00Z"
    row.save()
    here = subscriptions.statuses([offer])[offer.uuid]
    assert here.state == Here.NEWER and here.course.pk == course.pk
    assert subscriptions.newer_versions(subscription) == 1
    row.delete()
    OfferedCourse.objects.filter(pk=offer.pk).update(uuid=course.uuid)
    offer.refresh_from_db()
    assert subscriptions.statuses([offer])[offer.uuid].state == Here.OWN


def test_a_feed_is_stale_after_the_refresh_interval(offered, settings):
    subscription, _entry = offered
    assert subscriptions.is_stale(subscription)
    subscription.last_checked_at = timezone.now() - timedelta(minutes=5)
    settings.CATALOG_REFRESH_MINUTES = 10
    assert not subscriptions.is_stale(subscription)
    settings.CATALOG_REFRESH_MINUTES = 1
    assert subscriptions.is_stale(subscription)


# The admin


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_an_editor_adds_a_subscription_and_sees_its_courses(editor_client, server):
    server.routes["/delning/katalog.json"] = Answer(
        body=feed_bytes(course_entry(server.url("/delning/paket/a.zip")))
    )
    response = editor_client.post(
        reverse("catalog_subscriptions:add"),
        {"url": server.url("/delning/katalog.json"), "name": "", "token": ""},
    )
    subscription = Subscription.objects.get()
    assert response.status_code == 302
    assert response.url == reverse(
        "catalog_subscriptions:browse", args=[subscription.pk]
    )
    page = editor_client.get(response.url)
    assert page.status_code == 200
    assert "Bemötande i kontaktcenter" in page.content.decode()
    assert "Exempelkommunen" in page.content.decode()
    listing = editor_client.get(reverse("catalog_subscriptions:index"))
    assert "Exempelkommunen" in listing.content.decode()


def test_the_list_labels_each_cell_for_a_phone(editor_client):
    """The list folds into blocks on a narrow screen (ecirkel/admin_tables.py):
    a cell with a value carries its column's label, hidden from screen readers
    (they have the header row); an empty cell stays empty."""
    Subscription.objects.create(url="https://grannkommunen.example.se/k.json")
    html = editor_client.get(reverse("catalog_subscriptions:index")).content.decode()
    assert 'class="listing listing--stacked"' in html
    assert (
        '<span class="listing__label" aria-hidden="true">Adress</span>'
        "https://grannkommunen.example.se/k.json" in html
    )
    assert '<span class="listing__label" aria-hidden="true">Kurser</span>0' in html
    # Never checked, no error: no label without a value.
    assert "Senast kontrollerad</span>" not in html
    assert "Senaste fel</span>" not in html
    assert "admin-tables.css" in html


def test_an_address_that_is_not_http_cannot_be_saved(editor_client):
    response = editor_client.post(
        reverse("catalog_subscriptions:add"),
        {"url": "file:///etc/passwd", "name": "", "token": ""},
    )
    assert response.status_code == 200
    assert not Subscription.objects.exists()


def test_the_browse_page_shows_the_last_error(editor_client, server):
    server.routes["/delning/katalog.json"] = Answer(body=b"{}")
    subscription = Subscription.objects.create(url=server.url("/delning/katalog.json"))
    page = editor_client.get(
        reverse("catalog_subscriptions:browse", args=[subscription.pk])
    )
    assert "ingen giltig E-cirkel-katalog" in page.content.decode()


def test_fetch_now_reads_the_catalog_again(editor_client, offered, server):
    subscription, _entry = offered
    subscriptions.refresh(subscription)
    editor_client.post(reverse("catalog_subscriptions:refresh", args=[subscription.pk]))
    assert len(server.requests) == 2
    # A GET changes nothing.
    response = editor_client.get(
        reverse("catalog_subscriptions:refresh", args=[subscription.pk])
    )
    assert response.status_code == 405


def test_one_click_makes_a_downloading_import_job(
    editor_client, editor, offered, django_capture_on_commit_callbacks
):
    subscription, entry = offered
    subscriptions.refresh(subscription)
    offer = subscription.courses.get()
    with django_capture_on_commit_callbacks() as callbacks:
        response = editor_client.post(
            reverse("catalog_subscriptions:import", args=[subscription.pk, offer.pk])
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("imports:job", args=[job.pk])
    assert job.status == ImportJob.Status.DOWNLOADING
    assert job.created_by == editor
    assert job.source_url == entry["package_url"]
    assert job.expected_sha256 == entry["sha256"]
    assert job.expected_size == entry["size"]
    assert len(callbacks) == 1  # the download is queued once the job is saved


def test_importing_needs_the_import_permission(client, offered):
    """Someone who may look at subscriptions but not import: browses, cannot
    import."""
    subscription, _entry = offered
    subscriptions.refresh(subscription)
    offer = subscription.courses.get()
    viewer = UserFactory(username="vera")
    viewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_subscription"])
    )
    client.force_login(viewer)
    browse = client.get(reverse("catalog_subscriptions:browse", args=[subscription.pk]))
    assert browse.status_code == 200
    assert "behövs behörighet att importera" in browse.content.decode()
    response = client.post(
        reverse("catalog_subscriptions:import", args=[subscription.pk, offer.pk])
    )
    # The admin's "permission denied": back to its dashboard with a message.
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert not ImportJob.objects.exists()


def test_an_offer_of_another_subscription_is_not_found(editor_client, offered):
    subscription, _entry = offered
    subscriptions.refresh(subscription)
    offer = subscription.courses.get()
    other = Subscription.objects.create(url="https://annan.example.se/katalog.json")
    response = editor_client.post(
        reverse("catalog_subscriptions:import", args=[other.pk, offer.pk])
    )
    assert response.status_code == 404
    assert not ImportJob.objects.exists()


def test_the_browse_page_says_when_a_newer_version_exists(
    editor_client, offered, course
):
    subscription, _entry = offered
    subscriptions.refresh(subscription)
    offer = subscription.courses.get()
    url = reverse("catalog_subscriptions:browse", args=[subscription.pk])
    page = editor_client.get(url).content.decode()
    assert "Inte importerad" in page
    assert "Importera den nya versionen" not in page
    imported(offer, "2025-12-01T08:00:00Z", course)
    page = editor_client.get(url).content.decode()
    assert "Nyare version finns" in page
    assert "Importera den nya versionen" in page
    ImportedCourse.objects.update(version=offer.version)
    page = editor_client.get(url).content.decode()
    assert "Nyare version finns" not in page
    # Nothing to import: the version offered is the one here.
    assert (
        reverse("catalog_subscriptions:import", args=[subscription.pk, offer.pk])
        not in page
    )
