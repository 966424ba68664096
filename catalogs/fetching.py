"""Reading another installation's catalog feed and downloading its packages.

Only ``http`` and ``https`` addresses are followed — the feed's own address, every
redirect and every package address are checked, so a feed cannot send the reader to
``file:``, ``ftp:`` or ``data:``. Addresses that resolve to link-local addresses
(169.254.0.0/16, fe80::/10: the cloud metadata services) are refused too; anything
else is reachable, since only editors add catalog addresses (see
docs/sharing/catalog.md, "Security"). Every network wait has a timeout (connecting,
then between two reads, ``CATALOG_CONNECT_TIMEOUT`` and ``CATALOG_READ_TIMEOUT``)
and a feed also has an overall deadline; a feed larger than
``CATALOG_FEED_MAX_BYTES`` is refused, and a package is cut off as soon as it is
larger than its catalog entry says.

The token a subscription holds is sent (``Authorization: Bearer …``) only to the
feed's own origin (scheme, host and port), never to another host a redirect or a
package address names.

Errors are ``FetchError``: a plain sentence for the editor (``message``) and a short
machine code (``code``).
"""

import hashlib
import ipaddress
import json
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import jsonschema
import requests
from django.conf import settings
from django.utils.translation import gettext as _

SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "catalog.schema.json"
ALLOWED_SCHEMES = frozenset({"http", "https"})
MAX_REDIRECTS = 5
CHUNK_SIZE = 64 * 1024
USER_AGENT = "E-cirkel catalog reader"
# Cloud metadata services and other link-local addresses.
REFUSED_NETWORKS = (
    ipaddress.ip_network("169.254.0.0/16"),
    ipaddress.ip_network("fe80::/10"),
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
        if any(address in network for network in REFUSED_NETWORKS):
            raise FetchError(
                _(
                    "The address %(url)s leads to a link-local network address, "
                    "which is never read."
                )
                % {"url": url},
                "refused_address",
            )


def resolve(host: str, port: int | None) -> list:
    """The addresses ``host`` resolves to (none if it does not: connecting will say
    so)."""
    try:
        infos = socket.getaddrinfo(host, port or 80, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []
    addresses = []
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if getattr(address, "ipv4_mapped", None):
            address = address.ipv4_mapped
        addresses.append(address)
    return addresses


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


@contextmanager
def open_url(url: str, *, token: str = "", token_origin: str = "") -> Iterator:
    """The response to GET ``url`` (status 200), redirects followed by hand so each
    address is checked. ``token`` is sent only to ``token_origin``'s origin (the
    address itself if not given)."""
    token_for = origin(token_origin or url)
    session = requests.Session()
    current = url
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            check_url(current)
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


def chunks(response, url: str, deadline: float | None = None) -> Iterator[bytes]:
    """The body in chunks; a read that waits too long, or passing ``deadline``
    (``time.monotonic()``), is a timeout."""
    try:
        for chunk in response.iter_content(CHUNK_SIZE):
            if deadline is not None and time.monotonic() > deadline:
                raise timed_out(url)
            yield chunk
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
        _(
            "The catalog at %(url)s is larger than %(limit)s MB, the most a catalog "
            "may be."
        )
        % {"url": url, "limit": round(limit / 1024**2, 1)},
        "too_large",
    )
    connect, read = timeouts()
    with open_url(url, token=token) as response:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise too_large
        body = bytearray()
        deadline = time.monotonic() + connect + 2 * read
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
) -> None:
    """Stream the package at ``url`` to ``destination``, verifying its size and
    SHA-256 against the catalog's. On any error nothing is left at
    ``destination``."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".part")
    digest = hashlib.sha256()
    size = 0
    try:
        with open_url(url, token=token, token_origin=token_origin) as response:
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) != expected_size:
                raise size_mismatch(url, expected_size, int(declared))
            with partial.open("wb") as out:
                for chunk in chunks(response, url):
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
