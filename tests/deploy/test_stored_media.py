"""Uploaded files on object storage (not the file system) get the same permission
check as files on disk; then nginx fetches them with a presigned URL, or the
application streams them."""

import pytest
from django.core.files.storage import InMemoryStorage
from wagtail.models import PageViewRestriction

from ecirkel.storage import PrivateS3Storage


class SignedMemoryStorage(InMemoryStorage):
    """Object storage stand-in: what PrivateS3Storage adds, without a network."""

    def signed_url(self, name, expire=None):
        return (
            f"https://s3.example.se/bucket/{name}?X-Amz-Signature=abc&X-Amz-Expires=60"
        )


@pytest.fixture
def object_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.deploy.test_stored_media.SignedMemoryStorage"},
    }


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def video(object_storage, lecture):
    from django.core.files.storage import default_storage

    assert isinstance(default_storage._wrapped, SignedMemoryStorage)
    name = lecture.video.file.name
    with default_storage.open(name, "rb") as handle:
        data = handle.read()
    return "/media/" + name, data


@pytest.mark.django_db
def test_a_public_courses_file_is_streamed_from_storage_with_ranges(client, video):
    url, data = video
    whole = client.get(url)
    assert whole.status_code == 200
    assert body(whole) == data
    assert whole["Cache-Control"] == "public, max-age=3600"
    part = client.get(url, HTTP_RANGE="bytes=10-19")
    assert part.status_code == 206
    assert body(part) == data[10:20]
    assert part["Content-Range"] == f"bytes 10-19/{len(data)}"
    assert client.get(url, HTTP_RANGE=f"bytes={len(data)}-").status_code == 416


@pytest.mark.django_db
def test_a_login_only_courses_file_is_refused_to_an_outsider(
    client, video, course, learner
):
    PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.LOGIN
    )
    url, data = video
    assert client.get(url).status_code == 404
    client.force_login(learner)
    response = client.get(url)
    assert response.status_code == 200
    assert body(response) == data
    assert response["Cache-Control"] == "private"


@pytest.mark.django_db
def test_with_nginx_the_answer_is_an_internal_redirect_to_a_presigned_url(
    client, video, settings
):
    settings.MEDIA_ACCEL_REDIRECT = "/_protected_s3"
    url, _data = video
    name = url.removeprefix("/media/")
    response = client.get(url)
    assert response.status_code == 200
    assert response.content == b""
    assert response["X-Accel-Redirect"] == (
        f"/_protected_s3/bucket/{name}?X-Amz-Signature=abc&X-Amz-Expires=60"
    )
    assert response["Content-Type"] == "video/webm"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["media/../secret.txt", "media/saknas.webm", "/etc/passwd", ""]
)
def test_odd_or_unknown_paths_are_not_found(client, object_storage, path):
    assert client.get("/media/" + path).status_code == 404


def test_pages_link_to_the_sites_checking_view_never_to_the_bucket(settings):
    settings.MEDIA_URL = "/media/"
    storage = PrivateS3Storage(bucket_name="ecirkel-media")
    assert storage.url("media/kö och svar.webm") == (
        "/media/media/k%C3%B6%20och%20svar.webm"
    )
    assert storage.default_acl is None
    assert storage.querystring_auth is True
