"""What a fresh-eyes review of the catalog feeds found (issue 13): a hostile or
broken feed must not run script in the admin, break the subscription list, keep
the reader waiting past its limits, fill the disk, send the reader elsewhere, or
slip in another course than the one offered."""

import json
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from catalogs import subscriptions
from catalogs.fetching import FetchError, parse_feed
from catalogs.models import OfferedCourse, Subscription
from catalogs.versions import newer, version_label
from sharing.models import ImportedCourse

from .feeds import course_entry, feed, feed_bytes
from .servers import Answer, Server

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


# 1. Addresses a feed gives never become script links


@pytest.mark.parametrize(
    "change",
    [
        lambda f: f["publisher"].update(url="javascript:alert(1)"),
        lambda f: f["courses"][0]["license"].update(url="javascript:alert(1)"),
        lambda f: f["courses"][0]["license"].update(url="data:text/html,<b>x"),
        lambda f: f["courses"][0].update(package_url="javascript:alert(1)"),
    ],
)
def test_a_feed_with_a_non_web_address_is_refused(change):
    data = feed(course_entry("https://example.se/paket/a.zip"))
    change(data)
    with pytest.raises(FetchError) as caught:
        parse_feed(json.dumps(data).encode(), "https://example.se/katalog.json")
    assert caught.value.code == "schema"


def test_the_browse_page_links_only_web_addresses(editor_client):
    """Rows stored before the schema said so (or by any other way) still never
    become ``javascript:`` links."""
    subscription = Subscription.objects.create(
        url="https://annan.example.se/delning/katalog.json",
        publisher="Elakkommunen",
        publisher_url="javascript:alert(1)",
        last_checked_at=timezone.now(),
        last_success_at=timezone.now(),
    )
    OfferedCourse.objects.create(
        subscription=subscription,
        uuid=uuid.uuid4(),
        title="Kurs",
        version="2026-01-15T10:00:00Z",
        license_id="X",
        license_name="Licensen",
        license_url="JavaScript:alert(2)",
        package_url="https://annan.example.se/a.zip",
        sha256="0" * 64,
        size=10,
    )
    page = editor_client.get(
        reverse("catalog_subscriptions:browse", args=[subscription.pk])
    ).content.decode()
    assert "Elakkommunen" in page and "Licensen" in page
    assert "javascript:" not in page.lower()
    # A web address is still a link.
    Subscription.objects.filter(pk=subscription.pk).update(
        publisher_url="https://elak.example.se/"
    )
    page = editor_client.get(
        reverse("catalog_subscriptions:browse", args=[subscription.pk])
    ).content.decode()
    assert 'href="https://elak.example.se/"' in page


# 2. A version that is no time never breaks the lists


@pytest.mark.parametrize(
    "version",
    ["99999999999999999999", "1", "2026-01-15", "neuer", "2026-01-15T10:00:00"],
)
def test_a_feed_version_that_is_not_an_rfc_3339_utc_time_is_refused(version):
    data = feed(course_entry("https://example.se/paket/a.zip", version=version))
    with pytest.raises(FetchError) as caught:
        parse_feed(json.dumps(data).encode(), "https://example.se/katalog.json")
    assert caught.value.code == "schema"
    assert "courses/0/version" in caught.value.message


@pytest.mark.parametrize(
    "odd", ["99999999999999999999", "9" * 64, "neuer", "2026-13-45T99:00:00Z", ""]
)
def test_comparing_an_unreadable_version_never_raises_and_is_not_newer(odd):
    assert newer(odd, "2026-01-15T10:00:00Z") is False
    assert newer("2026-01-15T10:00:00Z", odd) is False
    assert version_label(odd) == odd


def test_versions_compare_as_times():
    assert newer("2026-01-15T10:00:01Z", "2026-01-15T10:00:00Z")
    assert not newer("2026-01-15T10:00:00Z", "2026-01-15T10:00:00.5Z")


def test_the_subscription_list_survives_a_stored_odd_version(editor_client, course):
    subscription = Subscription.objects.create(
        url="https://annan.example.se/delning/katalog.json",
        last_checked_at=timezone.now(),
    )
    offer = OfferedCourse.objects.create(
        subscription=subscription,
        uuid=uuid.uuid4(),
        title="Kurs",
        version="99999999999999999999",
        package_url="https://annan.example.se/a.zip",
        sha256="0" * 64,
        size=10,
    )
    ImportedCourse.objects.create(
        course=course,
        course_uuid=offer.uuid,
        version="2026-01-15T10:00:00Z",
        package_sha256="0" * 64,
        imported_at=timezone.now(),
    )
    assert subscriptions.newer_versions(subscription) == 0
    assert editor_client.get(reverse("catalog_subscriptions:index")).status_code == 200
    browse = editor_client.get(
        reverse("catalog_subscriptions:browse", args=[subscription.pk])
    )
    assert browse.status_code == 200


# 7. The token is a secret in the form; messages count and size properly


def test_the_token_is_a_password_field_and_kept_when_left_empty(editor_client):
    subscription = Subscription.objects.create(
        url="https://annan.example.se/delning/katalog.json",
        token="hemlig-nyckel",
        last_checked_at=timezone.now(),
    )
    url = reverse("catalog_subscriptions:edit", args=[subscription.pk])
    page = editor_client.get(url).content.decode()
    assert 'type="password"' in page
    assert "hemlig-nyckel" not in page
    response = editor_client.post(
        url, {"url": subscription.url, "name": "Grannen", "token": ""}
    )
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert subscription.name == "Grannen"
    assert subscription.token == "hemlig-nyckel"  # noqa: S105 (a test value)
    editor_client.post(url, {"url": subscription.url, "name": "", "token": "ny"})
    subscription.refresh_from_db()
    assert subscription.token == "ny"  # noqa: S105 (a test value)


def test_fetch_now_counts_one_course_in_the_singular(editor_client):
    with Server() as server:
        server.routes["/katalog.json"] = Answer(
            body=feed_bytes(course_entry(server.url("/a.zip")))
        )
        subscription = Subscription.objects.create(url=server.url("/katalog.json"))
        response = editor_client.post(
            reverse("catalog_subscriptions:refresh", args=[subscription.pk]),
            follow=True,
        )
    page = response.content.decode()
    assert "den erbjuder 1 kurs." in page
    assert "1 kurser" not in page
