"""bench/run.py's arithmetic: medians over rounds, ratios to the references, CPU per
request, and the issue's targets judged met or missed from the numbers."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench/run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(rps, p99_ms=50, bad=0, cpu_s=1.0):
    requests = int(rps * 10)
    return {
        "requests": requests,
        "duration_us": 10_000_000,
        "rps": rps,
        "p50_us": 10_000,
        "p95_us": 20_000,
        "p99_us": p99_ms * 1000,
        "errors": bad,
        "good": requests - bad,
        "cpu_s": cpu_s,
    }


ENDPOINTS = [
    ("R1 bare Wagtail page", "reference", 200, []),
    ("R2 minimal Django view", "reference", 200, []),
    ("catalog (anonymous)", "public", 200, []),
    ("topic", "learner", 200, []),
    ("circle report, 50 × 300", "report", 200, []),
]


def test_medians_ratios_and_targets(bench):
    runs = {
        "R1 bare Wagtail page": [run(200), run(240), run(220)],
        "R2 minimal Django view": [run(2000), run(2000), run(2000)],
        "catalog (anonymous)": [run(1100), run(1000), run(900)],
        "topic": [run(150), run(160, p99_ms=300), run(170)],
        "circle report, 50 × 300": [run(60), run(60), run(60, bad=2)],
    }
    table = bench.summarise(runs, ENDPOINTS)
    assert table["R1 bare Wagtail page"]["rps"] == 220
    assert table["topic"]["of_r1"] == pytest.approx(160 / 220)
    assert table["catalog (anonymous)"]["of_r2"] == pytest.approx(0.5)
    assert table["topic"]["p99_ms"] == 50  # the median round, not the worst
    assert table["topic"]["cpu_ms_per_request"] == pytest.approx(3000 / 4800)
    assert table["circle report, 50 × 300"]["errors"] == 2

    queries = {"topic": {"queries": 11}}
    sizes = {"mindmap, 300-topic course": {"total": 90 * 1024, "html_encoding": "gzip"}}
    progress = {"equal": True, "successful": 19, "stored_statements": 19}
    checks = {t: met for t, met, _ in bench.verdicts(table, queries, sizes, progress)}
    assert checks["every logged-in learner page ≥ 75% of R1"] is False  # 73 %
    assert checks["public pages ≥ 50% of R2"] is True
    assert checks["0 errors"] is False
    assert checks["≤ 10 SQL queries per learner page"] is False
    assert checks["300-topic mindmap ≤ 100 KB compressed with CSS and JS"] is True
    assert checks["large circle report ≥ 25% of R1"] is True
    assert checks["stored progress rows equal the successful progress posts"] is True


def test_a_peer_is_measured_beside_the_pages_and_judged_against(bench, monkeypatch):
    """BENCH_PEER_URL: the peer's page joins the rounds as its own kind, served from
    its own address; its row gets no CPU time (not our workers), every row its
    multiple of the peer, and the learner pages are judged against it."""
    monkeypatch.setattr(bench, "PEER_URL", "http://127.0.0.1:8440/kurs/lektion/?a=1")
    monkeypatch.setattr(bench, "PEER_COOKIE", "sessionid=abc")
    t = {
        "r1": "/r1/",
        "catalog": "/katalog/",
        "course": "/kurs/",
        "topic": "/kurs/amne/",
        "lecture": "/kurs/forelasning/",
        "lecture_uuid": "u",
        "viewing": ["v"],
        "quiz_uuid": "q",
        "quiz_page": 1,
        "attempts": ["/a/"],
        "calls": ["/c/"],
        "big_course": "/stor/",
        "big_circle": "c",
        "big_circle_size": 50,
        "big_course_topics": 300,
    }
    endpoints = bench.endpoints(t, [{"csrftoken": "x"}], {"csrftoken": "y"}, None)
    name, kind, expect, spec = endpoints[-1]
    assert (name, kind, expect) == (bench.PEER_NAME, "peer", 200)
    assert spec == ["GET\t/kurs/lektion/?a=1\tCookie: sessionid=abc\t"]
    assert bench.origin_of("peer") == "http://127.0.0.1:8440"
    assert bench.origin_of("learner") == f"http://{bench.HOST}:{bench.PORT}"

    runs = {
        "R1 bare Wagtail page": [run(200)],
        "R2 minimal Django view": [run(2000)],
        "topic": [run(150)],
        # A slow peer that also failed: its own business, not our targets'.
        bench.PEER_NAME: [run(100, p99_ms=900, bad=3, cpu_s=None)],
    }
    chosen = [e for e in ENDPOINTS if e[0] in runs] + [endpoints[-1]]
    table = bench.summarise(runs, chosen)
    assert table[bench.PEER_NAME]["cpu_ms_per_request"] is None
    assert table["topic"]["of_peer"] == pytest.approx(1.5)
    progress = {"equal": True, "successful": 1, "stored_statements": 1}
    checks = {t: m for t, m, _ in bench.verdicts(table, {}, {}, progress)}
    peer_target = "every logged-in learner page ≥ 3× the peer's logged-in lesson page"
    assert checks[peer_target] is False  # 1.5×
    assert checks["p99 < 250 ms at 50 connections"] is True
    assert checks["0 errors"] is True
    table["topic"]["rps"] = 300
    table["topic"]["of_peer"] = 3.0
    checks = {t: m for t, m, _ in bench.verdicts(table, {}, {}, progress)}
    assert checks[peer_target] is True
    progress.update(submits=1, p50_ms=1, max_ms=1)
    report = bench.markdown(
        {"peak_rss_mb": [1.0], "date": "d", "database": "PostgreSQL", "cache": "Redis"},
        table,
        {},
        {},
        progress,
        [],
    )
    assert "| ÷ peer |" in report
    assert f"| {bench.PEER_NAME} | 100.0 | 50% | 5.0% | 1.00× |" in report
    assert "| — |" in report  # the peer's CPU time


def test_a_wrong_peer_address_stops_the_run_with_what_is_wrong(bench):
    assert bench.peer_address("http://127.0.0.1:8440") == ("http://127.0.0.1:8440", "/")
    assert bench.peer_address("http://localhost/kurs/?a=1") == (
        "http://localhost",
        "/kurs/?a=1",
    )
    for wrong in (
        "127.0.0.1:8440/kurs/",  # no scheme
        "https://127.0.0.1:8440/kurs/",  # wrk and the warming speak http here
        "http:///kurs/",  # no host
        "http://anna:hemligt@127.0.0.1:8440/",  # would be written to the results
        "http://127.0.0.1:port/",
    ):
        with pytest.raises(SystemExit, match="BENCH_PEER_URL"):
            bench.peer_address(wrong)


def test_warming_sends_the_host_wrk_sends(bench):
    """The warming request to a peer carries its address's host, as wrk's do (a
    Django peer refuses a host outside its ALLOWED_HOSTS)."""
    import http.server
    import threading

    hosts = []

    class Echo(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            hosts.append(self.headers["Host"])
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        origin = f"http://localhost:{server.server_address[1]}"
        assert bench.send("GET\t/lektion/\t\t", origin)[0] == 200
    finally:
        server.shutdown()
        server.server_close()
    assert hosts == [f"localhost:{server.server_address[1]}"]
