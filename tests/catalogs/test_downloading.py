"""The download step of a one-click import: verified against the catalog entry,
then handed to the import's check; any mismatch fails the job with its reason and
leaves no file."""

import hashlib
import time

import pytest
from django.template.defaultfilters import filesizeformat
from django.urls import reverse

from catalogs import downloading, subscriptions, tasks
from catalogs.models import Subscription
from imports import jobs
from imports.models import ImportJob

from .feeds import (
    PACKAGE_UUID,
    PACKAGE_VERSION,
    course_entry,
    feed_bytes,
    package_bytes,
)
from .servers import Answer, Server

pytestmark = pytest.mark.django_db

PACKAGE = package_bytes()


@pytest.fixture(autouse=True)
def short_timeouts(settings):
    settings.CATALOG_CONNECT_TIMEOUT = 2
    settings.CATALOG_READ_TIMEOUT = 0.5


@pytest.fixture
def server():
    with Server() as running:
        yield running


PACKAGE_PATH = "/delning/paket/a.zip"


@pytest.fixture
def offered():
    """The package the catalog lists (its size and checksum) and serves; a test
    that needs another one parametrizes ``offered``."""
    return PACKAGE


@pytest.fixture
def subscription(server, offered):
    """A subscription to the test server's catalog, read: one course, its package
    at PACKAGE_PATH (a test may serve something else there)."""
    entry = course_entry(
        server.url(PACKAGE_PATH),
        body=offered,
        uuid=PACKAGE_UUID,
        version=PACKAGE_VERSION,
    )
    server.routes["/delning/katalog.json"] = Answer(body=feed_bytes(entry))
    server.routes[PACKAGE_PATH] = Answer(body=offered)
    subscription = Subscription.objects.create(
        url=server.url("/delning/katalog.json"), token="hemligt"
    )
    assert subscriptions.refresh(subscription)
    return subscription


@pytest.fixture
def job(subscription, editor):
    """The editor's one click: a job waiting for its download."""
    return tasks.start_import(subscription.courses.get(), editor)


def run(job, subscription):
    """The worker's step, told the course and version offered, as
    ``tasks.start_import`` queues it."""
    offer = subscription.courses.first()
    uuid, version = (str(offer.uuid), offer.version) if offer else ("", "")
    downloading.run(str(job.pk), subscription.pk, uuid, version)
    job.refresh_from_db()
    return job


def package_requested(server) -> bool:
    return any(path == PACKAGE_PATH for path, _headers in server.requests)


def test_a_verified_package_goes_on_to_the_check(server, subscription, job):
    job = run(job, subscription)
    assert job.status == ImportJob.Status.QUEUED
    assert jobs.package_path(job).read_bytes() == PACKAGE
    # The token goes to the catalog's own server.
    assert server.requests[-1][1]["Authorization"] == "Bearer hemligt"


def test_the_task_runs_the_download(subscription, job):
    offer = subscription.courses.get()
    tasks.download_package.call(
        str(job.pk), subscription.pk, str(offer.uuid), offer.version
    )
    job.refresh_from_db()
    assert job.status == ImportJob.Status.QUEUED


def test_a_bad_checksum_fails_the_job_and_leaves_nothing(server, subscription, job):
    server.routes[PACKAGE_PATH] = Answer(body=PACKAGE[:-1] + b"X")
    job = run(job, subscription)
    assert job.status == ImportJob.Status.FAILED
    assert job.error_code == "download_checksum"
    assert "kontrollsumman" in job.error
    assert not jobs.package_path(job).exists()
    assert list(jobs.incoming_dir().glob(f"{job.pk}*")) == []


def test_a_package_of_the_wrong_size_fails_the_job(server, subscription, job):
    server.routes[PACKAGE_PATH] = Answer(body=PACKAGE + b"more")
    job = run(job, subscription)
    assert job.status == ImportJob.Status.FAILED
    assert job.error_code == "download_size"
    assert not jobs.package_path(job).exists()


def test_a_stalled_download_fails_the_job(server, subscription, job):
    server.routes[PACKAGE_PATH] = Answer(body=PACKAGE, stall_midway=3)
    job = run(job, subscription)
    assert job.status == ImportJob.Status.FAILED
    assert job.error_code == "download_timeout"
    assert not jobs.package_path(job).exists()


def test_a_package_address_elsewhere_is_refused(server, editor):
    """A catalog's packages come from the catalog's own server: neither the
    package address nor a redirect may send the worker elsewhere."""
    with Server() as elsewhere:
        elsewhere.routes["/a.zip"] = Answer(body=PACKAGE)
        entry = course_entry(elsewhere.url("/a.zip"), body=PACKAGE)
        server.routes["/delning/katalog.json"] = Answer(body=feed_bytes(entry))
        subscription = Subscription.objects.create(
            url=server.url("/delning/katalog.json"), token="hemligt"
        )
        subscriptions.refresh(subscription)
        job = tasks.start_import(subscription.courses.get(), editor)
        job = run(job, subscription)
        assert job.status == ImportJob.Status.FAILED
        assert job.error_code == "download_other_origin"
        assert "katalogens egen server" in job.error
        assert elsewhere.requests == []


def test_a_package_redirected_elsewhere_is_refused(server, subscription, job):
    with Server() as elsewhere:
        elsewhere.routes["/a.zip"] = Answer(body=PACKAGE)
        server.routes[PACKAGE_PATH] = Answer(
            302, headers={"Location": elsewhere.url("/a.zip")}
        )
        job = run(job, subscription)
        assert job.status == ImportJob.Status.FAILED
        assert job.error_code == "download_other_origin"
        assert elsewhere.requests == []
        assert not jobs.package_path(job).exists()


def test_a_redirect_on_the_catalogs_server_is_followed(server, subscription, job):
    server.routes[PACKAGE_PATH] = Answer(
        302, headers={"Location": "/delning/paket/b.zip"}
    )
    server.routes["/delning/paket/b.zip"] = Answer(body=PACKAGE)
    assert run(job, subscription).status == ImportJob.Status.QUEUED


def test_a_deleted_subscription_downloads_nothing(server, subscription, job):
    pk = subscription.pk
    subscription.delete()
    subscription.pk = pk
    job = run(job, subscription)
    assert job.status == ImportJob.Status.FAILED
    assert job.error_code == "download_no_subscription"
    assert not package_requested(server)


def test_a_package_larger_than_this_installation_takes_is_not_downloaded(
    server, subscription, job, editor, settings
):
    settings.SHARING_MAX_PACKAGE_BYTES = 10 * 1024**3
    settings.SHARING_MAX_UPLOAD_BYTES = 100  # the smaller limit counts
    job = run(job, subscription)
    assert job.status == ImportJob.Status.FAILED
    assert job.error_code == "download_too_large"
    assert filesizeformat(len(PACKAGE)) in job.error
    assert filesizeformat(100) in job.error
    assert not package_requested(server)
    settings.SHARING_MAX_UPLOAD_BYTES = 10 * 1024**3
    settings.SHARING_MAX_PACKAGE_BYTES = 100
    job = tasks.start_import(subscription.courses.get(), editor)
    assert run(job, subscription).error_code == "download_too_large"


def test_a_trickling_download_stops_at_the_deadline(
    server, subscription, job, settings
):
    """A byte every 0.1 s never trips the read timeout; the overall deadline
    still ends it."""
    settings.CATALOG_DOWNLOAD_DEADLINE = 1
    server.routes[PACKAGE_PATH] = Answer(body=PACKAGE, trickle=0.1)
    started = time.monotonic()
    job = run(job, subscription)
    assert time.monotonic() - started < 3
    assert job.status == ImportJob.Status.FAILED
    assert job.error_code == "download_timeout"
    assert not jobs.package_path(job).exists()


def test_a_cancelled_job_is_not_downloaded(server, subscription, job):
    assert jobs.cancel(job)
    job = run(job, subscription)
    assert job.status == ImportJob.Status.CANCELLED
    assert not package_requested(server)
    assert hashlib.sha256(PACKAGE).hexdigest() == job.expected_sha256


@pytest.mark.parametrize(
    "offered", [package_bytes(course_uuid="11111111-2222-4333-8444-555555555555")]
)
def test_a_package_of_another_course_is_refused(subscription, job):
    """The catalog offers one course; its package holds another: refused, even
    though size and checksum match the entry."""
    job = run(job, subscription)
    assert job.status == ImportJob.Status.FAILED
    assert job.error_code == "download_not_as_offered"
    assert "en annan kurs" in job.error
    assert not jobs.package_path(job).exists()
    assert list(jobs.incoming_dir().glob(f"{job.pk}*")) == []


@pytest.mark.parametrize("offered", [package_bytes(version="2025-06-01T08:00:00Z")])
def test_a_package_of_another_version_is_refused(subscription, job):
    job = run(job, subscription)
    assert job.status == ImportJob.Status.FAILED
    assert job.error_code == "download_not_as_offered"
    assert "en annan version" in job.error
    assert not jobs.package_path(job).exists()


@pytest.mark.parametrize("offered", [b"PK\x03\x04" + b"not a package " * 100])
def test_a_download_that_is_no_package_is_refused(subscription, job):
    job = run(job, subscription)
    assert job.status == ImportJob.Status.FAILED
    assert not jobs.package_path(job).exists()


def test_a_refused_download_offers_to_try_again_and_the_catalog(
    server, subscription, job, client, editor
):
    """The job page of a failed one-click import leads back to where it came
    from: "Försök igen" imports the course from the catalog again, "Tillbaka till
    katalogen" opens the catalog; nothing was uploaded, so no other upload."""
    server.routes[PACKAGE_PATH] = Answer(body=PACKAGE[:-1] + b"X")
    job = run(job, subscription)
    assert job.status == ImportJob.Status.FAILED
    offer = subscription.courses.get()
    again = reverse("catalog_subscriptions:import", args=[subscription.pk, offer.pk])
    catalog = reverse("catalog_subscriptions:browse", args=[subscription.pk])
    client.force_login(editor)
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "kontrollsumman" in page
    assert f'<form method="post" action="{again}">' in page
    assert "Försök igen</button>" in page
    assert f'href="{catalog}">Tillbaka till katalogen</a>' in page
    assert "Ladda upp ett annat paket" not in page

    server.routes[PACKAGE_PATH] = Answer(body=PACKAGE)
    response = client.post(again)
    retry = ImportJob.objects.exclude(pk=job.pk).get()
    assert response.url == reverse("imports:job", args=[retry.pk])
    assert retry.status == ImportJob.Status.DOWNLOADING
    assert run(retry, subscription).status == ImportJob.Status.QUEUED


def test_a_refused_download_no_catalog_offers_leads_to_the_catalogs(
    server, subscription, job, client, editor
):
    server.routes[PACKAGE_PATH] = Answer(body=PACKAGE[:-1] + b"X")
    job = run(job, subscription)
    subscription.delete()
    client.force_login(editor)
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    index = reverse("catalog_subscriptions:index")
    assert f'href="{index}">Tillbaka till Andras kataloger</a>' in page
    assert "Försök igen" not in page
    assert "Ladda upp ett annat paket" not in page
