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
