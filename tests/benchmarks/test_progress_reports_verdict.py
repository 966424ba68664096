"""bench/progress_reports.py's verdict on the leader's large CSV: judged only where
the issue's target applies (the full scale data on PostgreSQL), so that `make bench`
on its SQLite default or a small BENCH_SCALE does not end in an error."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FULL = 4_999 * 300
MIB = 2**20


@pytest.fixture(scope="module")
def reports_bench():
    spec = importlib.util.spec_from_file_location(
        "bench_progress_reports", ROOT / "bench/progress_reports.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_full_scale_on_postgresql_is_judged(reports_bench):
    verdict = reports_bench.large_export_verdict
    assert verdict("postgresql", FULL, 900, 3 * MIB) == ("met", True)
    text, ok = verdict("postgresql", FULL, 2500, 3 * MIB)
    assert not ok and text.startswith("MISSED")
    text, ok = verdict("postgresql", FULL, 900, 60 * MIB)
    assert not ok and text.startswith("MISSED")


@pytest.mark.parametrize(
    "vendor, cells", [("sqlite", FULL), ("postgresql", 99 * 30), ("sqlite", 99 * 30)]
)
def test_sqlite_or_a_small_dataset_is_shown_not_judged(reports_bench, vendor, cells):
    # Even a slow run: the target says nothing about it.
    text, ok = reports_bench.large_export_verdict(vendor, cells, 9_000, 60 * MIB)
    assert ok and text.startswith("not judged")
