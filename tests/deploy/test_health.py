"""The health check: JSON, the database and the cache asked, no session, not cached."""

import json
import logging

import pytest

from ecirkel import health


@pytest.mark.django_db
def test_the_health_check_answers_ok_as_json_without_a_session(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok"},
    }
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert not response.cookies  # no session, no CSRF cookie


@pytest.mark.django_db
def test_a_failing_part_is_503_and_named_but_its_reason_only_logged(
    client, monkeypatch, caplog
):
    def broken():
        raise ConnectionError("redis.internal:6379 refused the connection")

    monkeypatch.setitem(health.CHECKS, "cache", broken)
    with caplog.at_level(logging.ERROR, logger="ecirkel.health"):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {
        "status": "error",
        "checks": {"database": "ok", "cache": "error"},
    }
    assert b"redis.internal" not in response.content
    assert "redis.internal" in caplog.text


@pytest.mark.django_db
def test_the_health_check_only_reads(client):
    assert client.post("/healthz").status_code == 405
