"""Structured logs for production: one JSON object per line on stdout.

Two kinds of lines, both from python-json-logger's formatter:

- one per request from gunicorn's access log (deploy/gunicorn.conf.py):
  ``request_id``, ``method``, ``path``, ``status``, ``duration_ms``, ``bytes``;
- the application's own records (warnings, errors with their traceback), with the
  ``request_id`` of the request they happened in when there is one.

nginx makes the request id (``$request_id``) and sends it as ``X-Request-ID``; its own
access log (deploy/nginx.conf.template) writes the same id, so a line of each can be
joined. Without nginx in front, gunicorn makes one.

Never logged: query strings (they can hold search words or tokens), the tokens in
invitation and password-reset links (ecirkel/secret_paths.py; replaced by ``…``),
cookies, request bodies, passwords, client addresses (nginx's log keeps those, under
its own retention).
"""

import contextvars
import logging
import re
import uuid

from pythonjsonlogger.json import JsonFormatter

from ecirkel.secret_paths import SECRET_PATHS

REQUEST_ID = contextvars.ContextVar("request_id", default="")
REQUEST_ID_HEADER = "X-REQUEST-ID"
# A request id from outside is used only when it looks like one (nginx's $request_id
# is 32 hex digits); anything else is replaced, so no one can write into the log.
VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
# Path segments that are secrets (ecirkel/secret_paths.py): an invitation's token, the
# <uidb64>/<token> of a password-reset link (learners' and editors'). Matched anywhere
# in a message, so a full URL is redacted too.
SECRET_SEGMENTS = tuple(
    (
        re.compile(re.escape(prefix) + "/".join([r"[^/?#\s]+"] * count)),
        prefix + "/".join(["…"] * count),
    )
    for prefix, count in SECRET_PATHS
)


def redact(text: str) -> str:
    """``text`` (a path or a message) without the secrets a path can carry."""
    for pattern, replacement in SECRET_SEGMENTS:
        text = pattern.sub(lambda _match, r=replacement: r, text)
    return text


def request_id_of(headers) -> str:
    """The request id from the (name, value) headers of a request, or a new one."""
    for name, value in headers:
        if name.upper() == REQUEST_ID_HEADER and VALID_REQUEST_ID.match(value):
            return value
    return uuid.uuid4().hex


def start_request(headers) -> str:
    """Called by gunicorn before each request (deploy/gunicorn.conf.py): the request id
    that every record logged while the request runs carries."""
    request_id = request_id_of(headers)
    REQUEST_ID.set(request_id)
    return request_id


def end_request() -> None:
    REQUEST_ID.set("")


class RequestContext(logging.Filter):
    """Adds ``request_id`` to every record, and replaces Django's ``request`` object
    (its repr has the query string) with the method and the redacted path."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = REQUEST_ID.get()
        request = record.__dict__.pop("request", None)
        if request is not None and hasattr(request, "path"):
            record.method = request.method
            record.path = redact(request.path)
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if record.args and isinstance(record.args, tuple):
            record.args = tuple(
                redact(arg) if isinstance(arg, str) else arg for arg in record.args
            )
        return True


class JsonLines(JsonFormatter):
    """The application's records: time, level, logger, message, request id and any
    extra fields; a traceback as one escaped string."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("timestamp", "time")
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("json_ensure_ascii", False)
        super().__init__("%(levelname)s %(name)s %(message)s", *args, **kwargs)


class AccessJsonLines(JsonLines):
    """gunicorn's access log records (their args are gunicorn's "atoms"): one line per
    request with the fields below; the query string, cookies, the user agent and the
    client's address are left out."""

    def format(self, record: logging.LogRecord) -> str:
        atoms = record.args if isinstance(record.args, dict) else {}
        status = str(atoms.get("s", ""))
        fields = {
            "request_id": atoms.get("{x-request-id}i") or "-",
            "method": atoms.get("m"),
            "path": redact(str(atoms.get("U") or "")),
            "status": int(status) if status.isdigit() else 0,
            "duration_ms": round(int(atoms.get("D") or 0) / 1000, 1),
            "bytes": atoms.get("B") or 0,
        }
        line = logging.makeLogRecord(
            {**record.__dict__, "msg": "request", "args": (), **fields}
        )
        return super().format(line)
