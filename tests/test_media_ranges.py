"""Uploaded files are served with HTTP Range support (206, Content-Range, 416)."""

import pytest

DATA = bytes(range(256)) * 4  # 1 024 bytes


@pytest.fixture
def media_file(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "video").mkdir()
    (tmp_path / "video" / "lecture.webm").write_bytes(DATA)
    return "/media/video/lecture.webm"


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.django_db
def test_a_request_without_range_gets_the_whole_file(client, media_file):
    response = client.get(media_file)
    assert response.status_code == 200
    assert body(response) == DATA
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "video/webm"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header,start,end",
    [
        ("bytes=0-99", 0, 99),  # partial
        ("bytes=1000-", 1000, 1023),  # open-ended
        ("bytes=-24", 1000, 1023),  # suffix
        ("bytes=-5000", 0, 1023),  # suffix longer than the file
        ("bytes=500-99999", 500, 1023),  # end past the file
        ("bytes=1023-1023", 1023, 1023),  # the last byte
    ],
)
def test_a_range_gets_exactly_those_bytes(client, media_file, header, start, end):
    response = client.get(media_file, HTTP_RANGE=header)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {start}-{end}/1024"
    assert response["Content-Length"] == str(end - start + 1)
    assert body(response) == DATA[start : end + 1]


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["bytes=1024-", "bytes=5000-6000", "bytes=-0"])
def test_an_unsatisfiable_range_is_416(client, media_file, header):
    response = client.get(media_file, HTTP_RANGE=header)
    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */1024"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header", ["items=0-5", "bytes=5-1", "bytes=0-1,5-9", "bytes=-"]
)
def test_a_range_we_cannot_honour_is_ignored(client, media_file, header):
    response = client.get(media_file, HTTP_RANGE=header)
    assert response.status_code == 200 and body(response) == DATA


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/media/../settings.py", "/media/video/none.webm", "/media/video/"]
)
def test_missing_or_escaping_paths_are_404(client, media_file, path):
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_only_get_and_head(client, media_file):
    assert client.head(media_file).status_code == 200
    assert client.post(media_file).status_code == 405
