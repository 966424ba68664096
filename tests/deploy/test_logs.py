"""Structured logs: JSON lines with the request id, and no secrets."""

import json
import logging

import pytest
from django.urls import get_resolver

from ecirkel import logs
from ecirkel.secret_paths import SECRET_PATHS


def record(msg, *args, **extra):
    made = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, msg, args, None
    )
    made.__dict__.update(extra)
    return made


def formatted(made) -> dict:
    logs.RequestContext().filter(made)
    line = logs.JsonLines().format(made)
    assert "\n" not in line
    return json.loads(line)


class FakeRequest:
    method = "GET"
    path = "/konto/nytt-losenord/MQ/cz2abc-0123456789abcdef0123456789abcdef/"

    def __repr__(self):
        return "<WSGIRequest: GET '/sok/?q=secret'>"


def test_an_application_record_is_one_json_object_with_the_request_id():
    token = logs.REQUEST_ID.set("abc123def456")
    try:
        line = formatted(record("Not Found: %s", "/kurser/saknas/", status_code=404))
    finally:
        logs.REQUEST_ID.reset(token)
    assert line["message"] == "Not Found: /kurser/saknas/"
    assert line["level"] == "WARNING"
    assert line["logger"] == "django.request"
    assert line["request_id"] == "abc123def456"
    assert line["status_code"] == 404
    assert "time" in line


def test_reset_tokens_and_query_strings_are_not_logged():
    line = formatted(
        record(
            "Forbidden: %s", FakeRequest.path, request=FakeRequest(), status_code=403
        )
    )
    text = json.dumps(line)
    assert "cz2abc" not in text and "/MQ/" not in text
    assert "secret" not in text  # the request's repr (with its query) is dropped
    assert line["path"] == "/konto/nytt-losenord/…/…/"
    assert line["method"] == "GET"


def test_a_traceback_stays_on_one_line():
    try:
        raise ValueError("boom")
    except ValueError:
        made = logging.LogRecord(
            "ecirkel",
            logging.ERROR,
            __file__,
            1,
            "failed",
            (),
            __import__("sys").exc_info(),
        )
    line = formatted(made)
    assert "ValueError: boom" in line["exc_info"]


def test_a_gunicorn_access_line_has_the_request_fields_and_no_query():
    atoms = {
        "m": "GET",
        "U": "/kurser/",
        "q": "token=hemligt",
        "s": "200",
        "D": 12345,
        "B": 2048,
        "{x-request-id}i": "0123456789abcdef",
        "{cookie}i": "sessionid=hemligt",
    }
    made = logging.LogRecord(
        "gunicorn.access", logging.INFO, __file__, 1, "%(m)s", None, None
    )
    made.args = atoms
    line = json.loads(logs.AccessJsonLines().format(made))
    assert line["message"] == "request"
    assert line["method"] == "GET"
    assert line["path"] == "/kurser/"
    assert line["status"] == 200
    assert line["duration_ms"] == 12.3
    assert line["bytes"] == 2048
    assert line["request_id"] == "0123456789abcdef"
    assert "hemligt" not in json.dumps(line)


def test_a_request_id_from_outside_is_used_only_when_it_looks_like_one():
    assert logs.request_id_of([("X-Request-ID", "0123456789abcdef")]) == (
        "0123456789abcdef"
    )
    made_up = logs.request_id_of([("X-Request-ID", 'x" injected\nline')])
    assert len(made_up) == 32 and made_up.isalnum()


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/konto/inbjudan/AbC.def:ghi-123/", "/konto/inbjudan/…/"),
        ("/konto/nytt-losenord/MQ/cz2abc-0123/", "/konto/nytt-losenord/…/…/"),
        (
            "/admin/password_reset/confirm/MQ/cz2abc-0123/",
            "/admin/password_reset/confirm/…/…/",
        ),
        ("/kurser/inbjudan/", "/kurser/inbjudan/"),
    ],
)
def test_every_secret_path_is_redacted_in_gunicorns_access_line(path, expected):
    made = logging.LogRecord(
        "gunicorn.access", logging.INFO, __file__, 1, "%(U)s", None, None
    )
    made.args = {"U": path, "m": "GET", "s": "200", "D": 1000, "B": 10}
    line = json.loads(logs.AccessJsonLines().format(made))
    assert line["path"] == expected
    message = formatted(record("Forbidden: %s", "https://kc.example.se" + path))
    assert message["message"] == "Forbidden: https://kc.example.se" + expected


def test_every_url_with_a_token_is_in_the_list_of_secret_paths():
    def routes(patterns, prefix=""):
        for pattern in patterns:
            here = prefix + str(pattern.pattern)
            if hasattr(pattern, "url_patterns"):
                yield from routes(pattern.url_patterns, here)
            else:
                yield "/" + here

    with_token = {
        route for route in routes(get_resolver().url_patterns) if "token>" in route
    }
    assert with_token
    for route in with_token:
        assert any(route.startswith(prefix) for prefix, _ in SECRET_PATHS), route
