"""Reading other installations' feeds and packages: only http(s), checked
redirects, timeouts, size limits, the schema, and verified downloads."""

import hashlib
import ipaddress
import json
import time

import pytest
from django.utils import translation

from catalogs.fetching import FetchError, download, fetch_feed, parse_feed

from .feeds import course_entry, feed, feed_bytes
from .servers import Answer, Server


@pytest.fixture(autouse=True)
def short_timeouts(settings):
    settings.CATALOG_CONNECT_TIMEOUT = 2
    settings.CATALOG_READ_TIMEOUT = 0.5
    settings.CATALOG_FEED_MAX_BYTES = 64 * 1024


@pytest.fixture(autouse=True)
def english():
    """The messages in English here; one test reads them in Swedish."""
    with translation.override("en"):
        yield


@pytest.fixture
def server():
    with Server() as running:
        yield running


def refused(url, code, **kwargs):
    with pytest.raises(FetchError) as caught:
        fetch_feed(url, **kwargs)
    assert caught.value.code == code, caught.value.message
    return caught.value


def test_a_valid_feed_is_read(server):
    server.routes["/katalog.json"] = Answer(
        body=feed_bytes(course_entry(server.url("/paket/a.zip")))
    )
    got = fetch_feed(server.url("/katalog.json"))
    assert got["publisher"]["organisation"] == "Exempelkommunen"
    assert got["courses"][0]["package_url"] == server.url("/paket/a.zip")


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.se/katalog.json",
        "data:application/json,{}",
        "gopher://example.se/",
        "javascript:alert(1)",
        "//example.se/katalog.json",
    ],
)
def test_addresses_that_are_not_http_are_refused(url):
    error = refused(url, "scheme")
    assert "http" in error.message


@pytest.mark.parametrize(
    "location", ["file:///etc/passwd", "ftp://127.0.0.1/katalog.json", "data:,{}"]
)
def test_a_redirect_outside_http_is_refused(server, location):
    server.routes["/katalog.json"] = Answer(302, headers={"Location": location})
    refused(server.url("/katalog.json"), "scheme")
    assert len(server.requests) == 1


def test_a_redirect_to_http_is_followed_and_the_token_stays_home(server):
    with Server() as elsewhere:
        elsewhere.routes["/katalog.json"] = Answer(body=feed_bytes())
        server.routes["/katalog.json"] = Answer(
            302, headers={"Location": elsewhere.url("/katalog.json")}
        )
        fetch_feed(server.url("/katalog.json"), token="hemligt")
        assert server.requests[0][1]["Authorization"] == "Bearer hemligt"
        assert "Authorization" not in elsewhere.requests[0][1]


def test_endless_redirects_stop(server):
    server.routes["/katalog.json"] = Answer(302, headers={"Location": "/katalog.json"})
    refused(server.url("/katalog.json"), "redirects")


def test_link_local_addresses_are_refused():
    refused("http://169.254.169.254/latest/meta-data/", "refused_address")


def test_a_server_that_does_not_answer_times_out(server):
    server.routes["/katalog.json"] = Answer(body=feed_bytes(), stall_before=3)
    started = time.monotonic()
    error = refused(server.url("/katalog.json"), "timeout")
    assert time.monotonic() - started < 2.5
    assert "did not answer in time" in error.message


def test_a_server_that_stalls_midway_times_out(server):
    server.routes["/katalog.json"] = Answer(body=feed_bytes(), stall_midway=3)
    started = time.monotonic()
    refused(server.url("/katalog.json"), "timeout")
    assert time.monotonic() - started < 2.5


def test_nobody_listening_is_a_connection_error():
    with Server() as gone:
        url = gone.url("/katalog.json")
    refused(url, "connection")


def test_an_oversized_feed_is_refused_by_its_length(server):
    server.routes["/katalog.json"] = Answer(body=b" " * (65 * 1024) + feed_bytes())
    refused(server.url("/katalog.json"), "too_large")


def test_an_oversized_feed_without_a_length_is_cut_off(server):
    server.routes["/katalog.json"] = Answer(
        body=b" " * (200 * 1024) + feed_bytes(), headers={"Content-Length": None}
    )
    refused(server.url("/katalog.json"), "too_large")


def test_invalid_json_is_refused(server):
    server.routes["/katalog.json"] = Answer(body=b"<html>Inte en katalog</html>")
    error = refused(server.url("/katalog.json"), "json")
    assert "not valid JSON" in error.message


def test_the_reason_is_told_in_swedish_on_a_swedish_site(server):
    server.routes["/katalog.json"] = Answer(body=b"<html>Inte en katalog</html>")
    with translation.override("sv"):
        error = refused(server.url("/katalog.json"), "json")
    assert "inte giltig JSON" in error.message


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda f: f.update(format="something-else"), "format"),
        (lambda f: f.update(format_version=2), "format_version"),
        (lambda f: f["courses"][0].pop("sha256"), "courses/0"),
        (lambda f: f["courses"][0].update(sha256="abc"), "courses/0/sha256"),
        (lambda f: f["courses"][0].update(size=-1), "courses/0/size"),
        (
            lambda f: f["courses"][0].update(package_url="file:///etc/passwd"),
            "courses/0/package_url",
        ),
        (lambda f: f.update(courses="inga"), "courses"),
    ],
)
def test_a_feed_that_breaks_the_schema_is_refused(change, where):
    data = feed(course_entry("https://example.se/paket/a.zip"))
    change(data)
    with pytest.raises(FetchError) as caught:
        parse_feed(json.dumps(data).encode(), "https://example.se/katalog.json")
    assert caught.value.code == "schema"
    assert f"at {where}" in caught.value.message


def test_a_refused_token_says_so(server):
    server.routes["/katalog.json"] = Answer(401, body=b"no")
    error = refused(server.url("/katalog.json"), "token")
    assert "token" in error.message


def test_a_missing_feed_says_so(server):
    refused(server.url("/nowhere.json"), "not_found")


# Downloads

BODY = b"PK\x03\x04" + b"package bytes " * 1000
SIZE = len(BODY)


def fetch_package(server, tmp_path, *, size=SIZE, sha=None, **answer):
    server.routes["/paket/a.zip"] = Answer(body=BODY, **answer)
    destination = tmp_path / "incoming" / "a.zip"
    download(
        server.url("/paket/a.zip"),
        destination,
        expected_size=size,
        expected_sha256=sha or hashlib.sha256(BODY).hexdigest(),
    )
    return destination


def test_a_package_is_downloaded_and_verified(server, tmp_path):
    destination = fetch_package(server, tmp_path)
    assert destination.read_bytes() == BODY


def test_a_package_with_another_checksum_is_refused_and_removed(server, tmp_path):
    with pytest.raises(FetchError) as caught:
        fetch_package(server, tmp_path, sha="0" * 64)
    assert caught.value.code == "checksum"
    assert list((tmp_path / "incoming").iterdir()) == []


@pytest.mark.parametrize("size", [len(BODY) - 1, len(BODY) + 1])
def test_a_package_of_another_size_is_refused_and_removed(server, tmp_path, size):
    with pytest.raises(FetchError) as caught:
        fetch_package(server, tmp_path, size=size)
    assert caught.value.code == "size"
    assert list((tmp_path / "incoming").iterdir()) == []


def test_a_package_larger_than_declared_is_cut_off(server, tmp_path):
    with pytest.raises(FetchError) as caught:
        fetch_package(
            server, tmp_path, size=len(BODY) // 4, headers={"Content-Length": None}
        )
    assert caught.value.code == "size"
    assert "stopped" in caught.value.message
    assert list((tmp_path / "incoming").iterdir()) == []


def test_a_stalled_download_times_out_and_leaves_nothing(server, tmp_path):
    with pytest.raises(FetchError) as caught:
        fetch_package(server, tmp_path, stall_midway=3)
    assert caught.value.code == "timeout"
    assert list((tmp_path / "incoming").iterdir()) == []


def test_a_package_address_outside_http_is_refused(tmp_path):
    with pytest.raises(FetchError) as caught:
        download(
            "file:///etc/passwd",
            tmp_path / "a.zip",
            expected_size=10,
            expected_sha256="0" * 64,
        )
    assert caught.value.code == "scheme"
    assert not (tmp_path / "a.zip").exists()


def test_a_trickling_feed_stops_at_the_overall_deadline(server, settings):
    """A byte every 0.1 s never trips the read timeout; the feed's deadline
    (connect + 2 × read timeout, here 1.5 s) still holds within a read."""
    settings.CATALOG_CONNECT_TIMEOUT = 0.5
    server.routes["/katalog.json"] = Answer(body=feed_bytes(), trickle=0.1)
    started = time.monotonic()
    refused(server.url("/katalog.json"), "timeout")
    assert time.monotonic() - started < 2.5


def test_the_ipv6_metadata_address_is_refused():
    refused("http://[fd00:ec2::254]/latest/meta-data/", "refused_address")


def test_the_address_actually_connected_to_is_checked(server, monkeypatch):
    """A name that resolved to an allowed address and then to a refused one
    (DNS rebinding): the connected address is checked before the answer is used."""
    from catalogs import fetching

    server.routes["/katalog.json"] = Answer(body=feed_bytes())
    monkeypatch.setattr(fetching, "resolve", lambda host, port: [])
    monkeypatch.setattr(
        fetching,
        "REFUSED_NETWORKS",
        (*fetching.REFUSED_NETWORKS, ipaddress.ip_network("127.0.0.0/8")),
    )
    refused(server.url("/katalog.json"), "refused_address")


def test_a_download_to_another_origin_is_refused(server, tmp_path):
    with pytest.raises(FetchError) as caught:
        download(
            server.url("/paket/a.zip"),
            tmp_path / "a.zip",
            expected_size=SIZE,
            expected_sha256="0" * 64,
            same_origin_as=server.url("/katalog.json").replace(
                "127.0.0.1", "localhost"
            ),
        )
    assert caught.value.code == "other_origin"
    assert server.requests == []
    assert "only downloaded from the server the catalog is on" in caught.value.message


def test_an_oversized_feed_names_its_limit_readably(server):
    server.routes["/katalog.json"] = Answer(body=b" " * (65 * 1024) + feed_bytes())
    error = refused(server.url("/katalog.json"), "too_large")
    assert "64.0\xa0KB" in error.message
