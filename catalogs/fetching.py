"""Reading another installation's catalog feed and downloading its packages.

Only ``http`` and ``https`` addresses are followed — the feed's own address, every
redirect and every package address are checked, so a feed cannot send the reader to
``file:``, ``ftp:`` or ``data:``. A package, and every redirect on its way, must be
on the catalog's own origin (scheme, host and port): a catalog cannot send the
worker to fetch from another server. Addresses that resolve to link-local addresses
(169.254.0.0/16, fe80::/10, fd00:ec2::254: the cloud metadata services) are
refused, both when the name is resolved and for the address actually connected to
(so a name that changes its address in between is caught before its answer is
used); anything else is reachable, since only editors add catalog addresses (see
docs/sharing/catalog.md, "Security"). Every network wait has a timeout
(connecting, then between two reads, ``CATALOG_CONNECT_TIMEOUT`` and
``CATALOG_READ_TIMEOUT``); reading a feed's body also has an overall deadline
(connect + 2 × read timeout) and a package's ``CATALOG_DOWNLOAD_DEADLINE``, held by
a watchdog that cuts the connection, so a server trickling a byte at a time cannot
keep the reader. A feed larger than ``CATALOG_FEED_MAX_BYTES`` is refused; a
package larger than ``SHARING_MAX_PACKAGE_BYTES`` or ``SHARING_MAX_UPLOAD_BYTES``
is refused before it is downloaded, and cut off as soon as it is larger than its
catalog entry says.

The token a subscription holds is sent (``Authorization: Bearer …``) only to the
feed's own origin (scheme, host and port), never to another host a redirect of the
feed names.

Errors are ``FetchError``: a plain sentence for the editor (``message``) and a short
machine code (``code``).
"""

import hashlib
import ipaddress
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import jsonschema
import requests
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "catalog.schema.json"
ALLOWED_SCHEMES = frozenset({"http", "https"})
MAX_REDIRECTS = 5
CHUNK_SIZE = 64 * 1024
USER_AGENT = "E-cirkel catalog reader"
# Cloud metadata services and other link-local addresses (fd00:ec2::254 is the
# metadata service's IPv6 address on AWS).
REFUSED_NETWORKS = (
    ipaddress.ip_network("169.254.0.0/16"),
    ipaddress.ip_network("fe80::/10"),
    ipaddress.ip_network("fd00:ec2::254/128"),
)


class FetchError(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


@cache
def catalog_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), port


def check_url(url: str) -> None:
    """Refuse an address the reader must not follow."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError for a bad port)
    except ValueError as error:
        raise FetchError(
            _("The address %(url)s is not a valid web address.") % {"url": url},
            "bad_url",
        ) from error
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise FetchError(
            _(
                "The address %(url)s is not a web address: only http and https "
                "addresses are followed."
            )
            % {"url": url},
            "scheme",
        )
    if not parts.hostname:
        raise FetchError(
            _("The address %(url)s names no server.") % {"url": url}, "bad_url"
        )
    for address in resolve(parts.hostname, parts.port):
        check_address(address, url)


def refused_address(address) -> bool:
    return any(address in network for network in REFUSED_NETWORKS)


def check_address(address, url: str) -> None:
    if refused_address(address):
        raise FetchError(
            _(
                "The address %(url)s leads to a link-local network address, "
                "which is never read."
            )
            % {"url": url},
            "refused_address",
        )


def plain_address(text: str):
    address = ipaddress.ip_address(text.split("%", 1)[0])
    if getattr(address, "ipv4_mapped", None):
        address = address.ipv4_mapped
    return address


def response_socket(response):
    """The socket a streamed response is read from (None if it cannot be told):
    the connection's, or — when the connection is to close after this answer and
    has let go of it — the one under the answer's file (urllib3 over
    http.client)."""
    connection = getattr(response.raw, "connection", None)
    sock = getattr(connection, "sock", None)
    if sock is None:
        body = getattr(getattr(response.raw, "_fp", None), "fp", None)
        sock = getattr(getattr(body, "raw", None), "_sock", None)
    return sock


def check_connected(response, url: str) -> None:
    """Check the address actually connected to, not only what the name resolved
    to before: a name that resolves again to another address between the check
    and the connection (DNS rebinding) is caught here, before the answer is
    used."""
    sock = response_socket(response)
    if sock is None:
        return
    try:
        peer = sock.getpeername()[0]
    except OSError:
        return
    check_address(plain_address(peer), url)


def resolve(host: str, port: int | None) -> list:
    """The addresses ``host`` resolves to (none if it does not: connecting will say
    so)."""
    try:
        infos = socket.getaddrinfo(host, port or 80, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []
    return [plain_address(info[4][0]) for info in infos]


def timeouts() -> tuple[float, float]:
    return settings.CATALOG_CONNECT_TIMEOUT, settings.CATALOG_READ_TIMEOUT


def timed_out(url: str) -> FetchError:
    return FetchError(
        _(
            "The server at %(url)s did not answer in time. Try again later, or ask "
            "the other installation whether it is running."
        )
        % {"url": url},
        "timeout",
    )


def other_origin(url: str, home: str) -> FetchError:
    return FetchError(
        _(
            "The address %(url)s is not on the catalog's own server (%(home)s): a "
            "catalog's packages are only downloaded from the server the catalog is "
            "on."
        )
        % {"url": url, "home": "{}://{}".format(*urlsplit(home)[:2])},
        "other_origin",
    )


@contextmanager
def open_url(
    url: str, *, token: str = "", token_origin: str = "", same_origin_as: str = ""
) -> Iterator:
    """The response to GET ``url`` (status 200), redirects followed by hand so each
    address is checked. ``token`` is sent only to ``token_origin``'s origin (the
    address itself if not given). With ``same_origin_as``, the address and every
    redirect must be on that address's origin (scheme, host and port)."""
    token_for = origin(token_origin or url)
    session = requests.Session()
    current = url
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            check_url(current)
            if same_origin_as and origin(current) != origin(same_origin_as):
                raise other_origin(current, same_origin_as)
            headers = {"User-Agent": USER_AGENT}
            if token and origin(current) == token_for:
                headers["Authorization"] = f"Bearer {token}"
            try:
                response = session.get(
                    current,
                    headers=headers,
                    stream=True,
                    allow_redirects=False,
                    timeout=timeouts(),
                )
            except requests.Timeout as error:
                raise timed_out(current) from error
            except requests.RequestException as error:
                raise FetchError(
                    _(
                        "Could not connect to %(url)s. Check the address, or ask "
                        "the other installation whether it is running."
                    )
                    % {"url": current},
                    "connection",
                ) from error
            try:
                check_connected(response, current)
            except FetchError:
                response.close()
                raise
            if response.is_redirect:
                location = response.headers.get("Location", "")
                response.close()
                current = urljoin(current, location)
                continue
            try:
                check_status(response, current)
                yield response
            finally:
                response.close()
            return
        raise FetchError(
            _("The address %(url)s redirects too many times.") % {"url": url},
            "redirects",
        )
    finally:
        session.close()


def check_status(response, url: str) -> None:
    status = response.status_code
    if status == 200:
        return
    if status in (401, 403):
        message = _(
            "The server at %(url)s refused the catalog token (status %(status)s). "
            "Check the token the other installation gave you."
        )
        code = "token"
    elif status == 404:
        message = _(
            "There is nothing at %(url)s (status 404). Check the address; the other "
            "installation may have stopped publishing it."
        )
        code = "not_found"
    else:
        message = _(
            "The server at %(url)s answered with an error (status %(status)s). Try "
            "again later."
        )
        code = "status"
    raise FetchError(message % {"url": url, "status": status}, code)


class Watchdog:
    """Cuts a response's connection at ``deadline`` (``time.monotonic()``), so a
    server that trickles a byte now and then, each within the read timeout, cannot
    keep the reader past the deadline: the blocked read returns at once."""

    def __init__(self, response, deadline: float):
        self.response = response
        self.expired = threading.Event()
        self.timer = threading.Timer(max(0.0, deadline - time.monotonic()), self.cut)
        self.timer.daemon = True

    def cut(self) -> None:
        self.expired.set()
        sock = response_socket(self.response)
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def __enter__(self):
        self.timer.start()
        return self

    def __exit__(self, *exc):
        self.timer.cancel()


def chunks(response, url: str, deadline: float | None = None) -> Iterator[bytes]:
    """The body in chunks; a read that waits too long, or passing ``deadline``
    (``time.monotonic()``), is a timeout. The deadline holds within a read too
    (``Watchdog``)."""
    if deadline is None:
        yield from read_chunks(response, url)
        return
    with Watchdog(response, deadline) as watchdog:
        try:
            for chunk in read_chunks(response, url):
                if watchdog.expired.is_set() or time.monotonic() > deadline:
                    raise timed_out(url)
                yield chunk
        except FetchError as error:
            if watchdog.expired.is_set():
                raise timed_out(url) from error
            raise
        if watchdog.expired.is_set():
            raise timed_out(url)


def read_chunks(response, url: str) -> Iterator[bytes]:
    try:
        yield from response.iter_content(CHUNK_SIZE)
    except requests.RequestException as error:
        if "timed out" in str(error).lower() or isinstance(error, requests.Timeout):
            raise timed_out(url) from error
        raise FetchError(
            _("The connection to %(url)s broke off. Try again later.") % {"url": url},
            "connection",
        ) from error


def fetch_feed(url: str, token: str = "") -> dict:
    """The catalog at ``url``, read, parsed and checked against the schema."""
    limit = settings.CATALOG_FEED_MAX_BYTES
    too_large = FetchError(
        _("The catalog at %(url)s is larger than %(limit)s, the most a catalog may be.")
        % {"url": url, "limit": filesizeformat(limit)},
        "too_large",
    )
    connect, read = timeouts()
    deadline = time.monotonic() + connect + 2 * read
    with open_url(url, token=token) as response:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise too_large
        body = bytearray()
        for chunk in chunks(response, url, deadline):
            body += chunk
            if len(body) > limit:
                raise too_large
    return parse_feed(bytes(body), url)


def parse_feed(body: bytes, url: str = "") -> dict:
    try:
        feed = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise FetchError(
            _(
                "The answer from %(url)s is not a catalog: it is not valid JSON. "
                "Check that the address is the catalog's (it ends in "
                "katalog.json)."
            )
            % {"url": url},
            "json",
        ) from error
    validator = jsonschema.Draft202012Validator(catalog_schema())
    error = jsonschema.exceptions.best_match(validator.iter_errors(feed))
    if error is not None:
        where = "/".join(str(part) for part in error.absolute_path) or "/"
        raise FetchError(
            _(
                "The answer from %(url)s is not a valid E-cirkel catalog (at "
                "%(where)s: %(problem)s)."
            )
            % {"url": url, "where": where, "problem": error.message[:200]},
            "schema",
        )
    return feed


def download(
    url: str,
    destination: Path,
    *,
    expected_size: int,
    expected_sha256: str,
    token: str = "",
    token_origin: str = "",
    same_origin_as: str = "",
) -> None:
    """Stream the package at ``url`` to ``destination``, verifying its size and
    SHA-256 against the catalog's. A package larger than this installation takes
    is refused before it is downloaded; the download stops as soon as it is
    larger than ``expected_size``, and after ``CATALOG_DOWNLOAD_DEADLINE``
    seconds. With ``same_origin_as`` (the catalog's address), the package and its
    redirects must be on the catalog's origin. On any error nothing is left at
    ``destination``."""
    limit = max_package_bytes()
    if expected_size > limit:
        raise FetchError(
            _(
                "The package at %(url)s is %(size)s, larger than the %(limit)s this "
                "installation takes. It was not downloaded."
            )
            % {
                "url": url,
                "size": filesizeformat(expected_size),
                "limit": filesizeformat(limit),
            },
            "too_large",
        )
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".part")
    digest = hashlib.sha256()
    size = 0
    try:
        deadline = time.monotonic() + settings.CATALOG_DOWNLOAD_DEADLINE
        with open_url(
            url,
            token=token,
            token_origin=token_origin,
            same_origin_as=same_origin_as,
        ) as response:
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) != expected_size:
                raise size_mismatch(url, expected_size, int(declared))
            with partial.open("wb") as out:
                for chunk in chunks(response, url, deadline):
                    size += len(chunk)
                    if size > expected_size:
                        raise size_mismatch(url, expected_size, size, more=True)
                    digest.update(chunk)
                    out.write(chunk)
        if size != expected_size:
            raise size_mismatch(url, expected_size, size)
        if digest.hexdigest() != expected_sha256:
            raise FetchError(
                _(
                    "The package from %(url)s is not the one the catalog describes: "
                    "its checksum (SHA-256) differs. It was not imported. Refresh "
                    "the catalog and try again; if it happens again, tell the other "
                    "installation."
                )
                % {"url": url},
                "checksum",
            )
        partial.replace(destination)
    except BaseException:
        partial.unlink(missing_ok=True)
        destination.unlink(missing_ok=True)
        raise


def max_package_bytes() -> int:
    """The largest package a catalog download may bring: the largest package and
    the largest upload this installation takes, whichever is smaller."""
    return min(settings.SHARING_MAX_PACKAGE_BYTES, settings.SHARING_MAX_UPLOAD_BYTES)


def size_mismatch(url: str, expected: int, got: int, more: bool = False):
    if more:
        message = _(
            "The package from %(url)s is larger than the %(expected)s bytes the "
            "catalog says; the download was stopped and nothing was imported."
        )
    else:
        message = _(
            "The package from %(url)s has %(got)s bytes, not the %(expected)s the "
            "catalog says. It was not imported."
        )
    return FetchError(message % {"url": url, "expected": expected, "got": got}, "size")
