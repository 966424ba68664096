"""`make bench-capacity`'s own parts: wrk's think time and what it counts as an error
(bench/wrk.lua driven against a small server of this test's), and the latency per
endpoint read from nginx's JSON log (bench/capacity.py)."""

import http.server
import importlib.util
import json
import os
import shutil
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = os.environ.get("ECIRKEL_REQUIRE_BROWSER") == "1" or bool(
    os.environ.get("CI")
)


@pytest.fixture(scope="module")
def capacity():
    spec = importlib.util.spec_from_file_location(
        "bench_capacity", ROOT / "bench" / "capacity.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Answers(http.server.BaseHTTPRequestHandler):
    """200 on /ok, a redirect elsewhere on /moved, a redirect to the login page on
    /login, 404 on anything else; keeps connections open as nginx does."""

    protocol_version = "HTTP/1.1"
    seen: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        self.seen.append(self.path)
        status, location = {
            "/ok": (200, None),
            "/moved": (302, "/elsewhere/"),
            "/login": (302, "/konto/logga-in/?next=/ok"),
        }.get(self.path, (404, None))
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


def run_wrk(capacity, tmp_path, lines, connections, seconds, **script_env):
    """bench/run.py's `wrk` (which both benchmarks use) against this test's server."""
    if not shutil.which("wrk"):
        message = "wrk is not installed (Debian package wrk)"
        if REQUIRED:
            pytest.fail(message + " (required in CI: .ci/run installs it)")
        pytest.skip(message)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    Answers.seen = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    var, capacity.bench.VAR = capacity.bench.VAR, tmp_path  # the spec goes here
    try:
        return capacity.bench.wrk(
            [f"GET\t{path}\t\t" for path in lines],
            f"http://127.0.0.1:{server.server_address[1]}",
            connections=connections,
            seconds=seconds,
            timeout_s=10,
            **script_env,
        )
    finally:
        capacity.bench.VAR = var
        server.shutdown()
        server.server_close()


def test_mixed_answers_count_redirects_to_the_login_page_as_errors(capacity, tmp_path):
    result = run_wrk(
        capacity,
        tmp_path,
        ["/ok", "/moved", "/login", "/missing"],
        connections=2,
        seconds=1,
        expect="mixed",
    )
    assert result["requests"] > 20
    seen = {path: Answers.seen.count(path) for path in set(Answers.seen)}
    good = seen.get("/ok", 0) + seen.get("/moved", 0)
    bad = seen.get("/login", 0) + seen.get("/missing", 0)
    # wrk counts only the answers that came within its run; the server may have seen
    # one more per connection.
    assert abs(result["good"] - good) <= 2
    assert abs(result["bad_status"] - bad) <= 2
    assert result["good"] > 0 and result["bad_status"] > 0
    # What the benchmarks report: every bad answer an error, the rate over the run.
    assert result["errors"] == result["bad_status"]
    assert result["rps"] == result["requests"] / (result["duration_us"] / 1e6)


def test_one_status_expected_counts_every_other_as_an_error(capacity, tmp_path):
    result = run_wrk(
        capacity,
        tmp_path,
        ["/ok", "/moved"],
        connections=2,
        seconds=1,
        expect="200",
    )
    assert result["good"] > 0
    assert result["bad_status"] > 0
    assert abs(result["good"] - result["bad_status"]) <= 2


def test_think_time_spaces_each_connections_requests(capacity, tmp_path):
    # 4 connections, 2 s, a first request within 100 ms and then 400–500 ms of
    # thinking: at most 1 + 2000 / 400 = 6 requests a connection; without the think
    # time the same run makes thousands.
    result = run_wrk(
        capacity,
        tmp_path,
        ["/ok"],
        connections=4,
        seconds=2,
        expect="mixed",
        think_ms="400-500",
        ramp_ms="100",
        connections_per_thread="2",
    )
    assert 4 <= result["requests"] <= 4 * 6
    assert result["bad_status"] == 0
    assert result["good"] == result["requests"]


def test_each_thread_sends_its_own_share_of_the_lines(capacity, tmp_path):
    # 400 different lines, 2 threads of 2 connections, 100-200 ms of thinking:
    # about 40 requests in 2 s, far from the end of the list, so none twice.
    result = run_wrk(
        capacity,
        tmp_path,
        [f"/line-{n}" for n in range(400)],
        connections=4,
        seconds=2,
        expect="mixed",
        think_ms="100-200",
        ramp_ms="50",
        connections_per_thread="2",
    )
    assert len(Answers.seen) >= 8
    assert len(set(Answers.seen)) == len(Answers.seen)
    # Thread 1 takes the odd lines of the list (1, 3, …), thread 2 the even ones.
    numbers = {int(path.removeprefix("/line-")) for path in Answers.seen}
    assert {n % 2 for n in numbers} == {0, 1}
    assert result["requests"] <= len(Answers.seen)


def test_latency_per_endpoint_from_nginxs_log(capacity, tmp_path):
    log = tmp_path / "access.log"
    entries = [
        # Before the run (warming): left out.
        ("2026-11-24T17:00:00+00:00", "/a/", 200, 9.0),
        *[("2026-11-24T17:10:00+00:00", "/a/", 200, n / 1000) for n in range(1, 101)],
        ("2026-11-24T17:10:01+00:00", "/sok/", 200, 0.050),
        ("2026-11-24T17:10:02+00:00", "/sok/", 500, 0.070),
        ("2026-11-24T17:10:03+00:00", "/static/x.css", 200, 0.001),  # not an endpoint
    ]
    log.write_text(
        "".join(
            json.dumps(
                {"time": when, "path": path, "status": status, "request_time_s": took}
            )
            + "\n"
            for when, path, status, took in entries
        )
    )
    endpoint_of = {"/a/": "topic", "/sok/?q=sekretess": "search"}
    since = 1795539900.0  # 2026-11-24T17:05:00Z
    table = capacity.per_endpoint(log, endpoint_of, since)
    assert list(table) == ["topic", "search"]  # the busiest first
    assert table["topic"]["requests"] == 100
    assert table["topic"]["p50_ms"] == pytest.approx(50.5)
    assert table["topic"]["p95_ms"] == pytest.approx(95)
    assert table["topic"]["p99_ms"] == pytest.approx(99)
    assert table["topic"]["errors"] == 0
    assert table["search"] == {
        "requests": 2,
        "errors": 1,
        "p50_ms": pytest.approx(60),
        "p95_ms": pytest.approx(50),
        "p99_ms": pytest.approx(50),
    }
