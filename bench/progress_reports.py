"""Benchmark: progress reports on a large dataset (`make bench`).

Times the pages and exports that grow with the data, on whatever database DATABASE_URL
names (the generated data must be there: `manage.py generate_scale_data`). Prints,
per address, the median and worst time of REPEAT requests, the number of queries, and
the peak Python memory while the response is produced.
"""

import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecirkel.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from circles.models import StudyCircle  # noqa: E402
from users.models import User  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))
# Targets: what a leader or learner should wait at most (median), in milliseconds.
TARGET_MS = {"page": 500, "export": 5000}


def measure(client, url):
    def fetch():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        if response.streaming:
            return sum(len(chunk) for chunk in response.streaming_content)
        return len(response.content)

    fetch()  # warm caches; then time without tracing, which slows Python down
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        size = fetch()
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as captured:
        tracemalloc.start()
        fetch()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return statistics.median(times), max(times), len(captured), peak, size


def main() -> int:
    settings.ALLOWED_HOSTS = ["testserver"]
    circle = StudyCircle.objects.filter(name__startswith="Skalcirkel").first()
    if circle is None:
        print("No generated data: run `manage.py generate_scale_data` first.")
        return 1
    editor = User.objects.filter(is_superuser=True).first()
    learner = circle.memberships.exclude(user=circle.leader).first().user
    leader_client, learner_client, editor_client = Client(), Client(), Client()
    leader_client.force_login(circle.leader)
    learner_client.force_login(learner)
    editor_client.force_login(editor)
    checks = [
        ("page", learner_client, "/min-utveckling/"),
        ("page", leader_client, f"/cirklar/{circle.uuid}/"),
        ("page", leader_client, f"/cirklar/{circle.uuid}/?status=in_progress"),
        ("export", leader_client, f"/cirklar/{circle.uuid}/export.csv"),
        ("export", leader_client, f"/cirklar/{circle.uuid}/export.xlsx"),
        ("page", editor_client, "/cirklar/"),
    ]
    failed = False
    print(f"{'address':58} {'median':>9} {'worst':>9} {'queries':>8} {'peak MiB':>9}")
    for kind, client, url in checks:
        median, worst, queries, peak, _size = measure(client, url)
        ok = median <= TARGET_MS[kind]
        failed |= not ok
        print(
            f"{url:58} {median:8.0f}ms {worst:8.0f}ms {queries:8d} "
            f"{peak / 2**20:9.1f} {'ok' if ok else 'SLOW'}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
