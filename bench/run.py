"""`make bench`: learner pages under load, beside two references, on the production
configuration (README, "Performance").

1. Prepares a bench database (BENCH_DATABASE_URL; an SQLite file in var/bench/ by
   default): migrate, the demo, the scale data (generate_scale_data, kept between runs),
   collectstatic.
2. Starts gunicorn with ecirkel.settings.production on loopback (2 sync workers;
   SECRET_KEY and ALLOWED_HOSTS set here, SECURE_SSL_REDIRECT=0, Redis when REDIS_URL is
   set, ECIRKEL_BENCHMARK=1 for the references), logs in generated learners over HTTP
   (CSRF as a browser does it) and warms every address.
3. Rounds: each endpoint in turn under `wrk -t2 -c50` (bench/wrk.lua cycles through the
   learners' sessions), the references R1 (bare Wagtail page) and R2 (minimal Django
   view) between the pages; medians over the rounds. CPU time of the workers per
   request from /proc/<pid>/stat, peak RSS (VmHWM) per worker.
4. After the load: quiz submits by many learners at once, and the check that the
   statements stored equal the successful submits; SQL queries per page (Django's test
   client against the same database); bytes over the wire per page (gzip, with the CSS
   and JS it references).
5. Prints the table, the issue's targets met or missed, and writes
   bench/results/<date>.json and .md.

Options (environment): BENCH_ROUNDS (2), BENCH_SECONDS (5), BENCH_CONNECTIONS (50),
BENCH_FULL=1 (5 rounds of 15 s, as the issue measures), BENCH_PORT (8430),
BENCH_SCALE (the generate_scale_data options), BENCH_ONLY (comma-separated endpoints),
BENCH_PEER_URL, BENCH_PEER_COOKIE and BENCH_PEER_NAME (another application's page, e.g.
a peer LMS's lesson page, measured in the same rounds; README, "A peer beside it").
"""

import concurrent.futures
import datetime
import gzip
import html.parser
import http.client
import json
import os
import secrets
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VAR = ROOT / "var" / "bench"
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
FULL = os.environ.get("BENCH_FULL") == "1"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5" if FULL else "2"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "15" if FULL else "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "50"))
PORT = int(os.environ.get("BENCH_PORT", "8430"))
HOST = "127.0.0.1"
LEARNERS = 20  # sessions each logged-in endpoint cycles through
SCALE = os.environ.get("BENCH_SCALE", "")
# Another application's page measured in the same rounds, e.g. a peer LMS's lesson page
# served by its own gunicorn on loopback; BENCH_PEER_COOKIE logs its requests in.
PEER_URL = os.environ.get("BENCH_PEER_URL", "")
PEER_COOKIE = os.environ.get("BENCH_PEER_COOKIE", "")
PEER_NAME = "peer: " + os.environ.get("BENCH_PEER_NAME", "logged-in lesson page")
PEER_MULTIPLE = 3  # the issue: at least 3× the peer's logged-in lesson page


def peer_address(url: str) -> tuple[str, str]:
    """(origin, path) of BENCH_PEER_URL: an http:// address with a host (the path
    "/" when it has none); SystemExit with what is wrong, before any work is done."""
    where = urllib.parse.urlsplit(url)
    if where.scheme != "http" or not where.hostname:
        raise SystemExit(
            f"BENCH_PEER_URL={url!r}: give an http:// address with a host, "
            "e.g. http://127.0.0.1:8440/kurs/lektion/"
        )
    if where.username or where.password:
        raise SystemExit("BENCH_PEER_URL: no user or password in the address.")
    try:
        where.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError as error:
        raise SystemExit(f"BENCH_PEER_URL={url!r}: {error}") from None
    path = (where.path or "/") + (f"?{where.query}" if where.query else "")
    return f"http://{where.netloc}", path


# The targets (issue 14, "Targets").
LEARNER_OF_R1 = 0.75
PUBLIC_OF_R2 = 0.50
REPORT_OF_R1 = 0.25
P99_MS = 250
MAX_QUERIES = 10
MINDMAP_KB = 100


def bench_env() -> dict:
    env = dict(os.environ)
    database = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{VAR / 'bench.sqlite3'}"
    )
    env.update(
        DJANGO_SETTINGS_MODULE="ecirkel.settings.production",
        DATABASE_URL=database,
        SECRET_KEY=env.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS=f"{HOST},localhost,testserver",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        ECIRKEL_BENCHMARK="1",
        MEDIA_ROOT=str(VAR / "media"),
        CACHE_DIR=str(VAR / "cache"),
        TRUSTED_PROXY_COUNT="0",
        # A load test logs in many learners from one address.
        LOGIN_FAILURE_LIMIT="1000",
    )
    if database.startswith("sqlite"):
        env["ALLOW_SQLITE_IN_PRODUCTION"] = "1"
    return env


ENV = bench_env()


def manage(*args: str) -> None:
    print("$ manage.py", " ".join(args), flush=True)
    subprocess.run(  # noqa: S603 (this interpreter, our manage.py)
        [PYTHON, "manage.py", *args], cwd=ROOT, env=ENV, check=True
    )


def prepare() -> None:
    VAR.mkdir(parents=True, exist_ok=True)
    manage("migrate", "--noinput", "-v0")
    # The bench database is the demo on loopback: its accounts are known on purpose.
    manage("load_demo", "--force-on-production", "-v0")
    manage("generate_scale_data", "--keep", *shlex.split(SCALE))
    manage("collectstatic", "--noinput", "-v0")
    shutil.rmtree(VAR / "cache", ignore_errors=True)


# The server


class Server:
    def __init__(self):
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 (our gunicorn, fixed arguments)
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "ecirkel.wsgi",
                "--workers",
                "2",
                "--worker-class",
                "sync",
                "--bind",
                f"{HOST}:{PORT}",
                "--log-level",
                "warning",
                "--timeout",
                "120",
            ],
            cwd=ROOT,
            env=ENV,
            start_new_session=True,
        )
        for _ in range(300):
            try:
                if get("/__bench__/r2/")[0] == 200 and len(self.workers()) == 2:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("gunicorn did not answer within 30 s")

    def workers(self) -> list[int]:
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                pids.append(int(stat.parent.name))
        return sorted(pids)

    def cpu_seconds(self) -> float:
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in self.workers():
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / ticks

    def peak_rss_mb(self) -> list[float]:
        peaks = []
        for pid in self.workers():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
        return peaks

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


# HTTP as a browser does it


def get(path, cookies=None, headers=None, method="GET", body=None, origin=None):
    """One request to the bench server, or to `origin` (http://host[:port]), with
    the Host header wrk sends there."""
    where = urllib.parse.urlsplit(origin) if origin else None
    connection = http.client.HTTPConnection(
        where.hostname if where else HOST,
        (where.port or 80) if where else PORT,
        timeout=60,
    )
    all_headers = {"Host": where.netloc if where else HOST, **(headers or {})}
    if cookies:
        all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    connection.request(method, path, body=body, headers=all_headers)
    response = connection.getresponse()
    data = response.read()
    result = (response.status, dict(response.getheaders()), data, response)
    if cookies is not None:
        for header in response.msg.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                cookies[name] = morsel.value
    connection.close()
    return result


class FormInputs(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.inputs = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name"):
            self.inputs.setdefault(attrs["name"], attrs.get("value") or "")


def login(username: str, password: str) -> dict:
    cookies = {}
    status, _h, body, _r = get("/konto/logga-in/", cookies)
    form = FormInputs()
    form.feed(body.decode())
    data = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": form.inputs["csrfmiddlewaretoken"],
            "username": username,
            "password": password,
        }
    )
    status, _h, _b, _r = post_form("/konto/logga-in/", cookies, data)
    if status != 302 or "sessionid" not in cookies:
        raise RuntimeError(f"{username} could not log in ({status})")
    return cookies


def post_form(path, cookies, data):
    return get(
        path,
        cookies,
        {"Content-Type": "application/x-www-form-urlencoded"},
        "POST",
        data,
    )


def post_json(path, cookies, payload):
    return get(
        path,
        cookies,
        {"Content-Type": "application/json", "X-CSRFToken": cookies["csrftoken"]},
        "POST",
        json.dumps(payload),
    )


def cookie_header(cookies: dict) -> str:
    return "Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items())


# What to measure


def targets_from_database() -> dict:
    """Addresses, ids and accounts from the bench database (read in this process)."""
    import django

    django.setup()
    from benchmarks.models import ReferencePage
    from circles.models import StudyCircle
    from courses.models import CatalogPage, CoursePage, TopicPage
    from lectures.models import LecturePage
    from quizzes.models import Quiz

    demo_course = CoursePage.objects.exclude(slug__startswith="skala-").first()
    big_course = CoursePage.objects.get(slug="skala-01")
    demo_topics = TopicPage.objects.descendant_of(demo_course).live().order_by("path")
    roleplay_page = next(
        t for t in demo_topics if any(b.block_type == "roleplay" for b in t.body)
    )
    scenario = next(
        b.value["scenario"] for b in roleplay_page.body if b.block_type == "roleplay"
    )
    lecture = LecturePage.objects.descendant_of(demo_course).live().first()
    quiz = Quiz.objects.get(title="Skalquiz 01")
    quiz_page = TopicPage.objects.child_of(big_course).order_by("path").first()
    big_circle = StudyCircle.objects.get(name="Skalcirkel 001")
    demo_circle = StudyCircle.objects.exclude(name__startswith="Skalcirkel").first()
    members = list(
        big_circle.memberships.exclude(user=big_circle.leader)
        .order_by("user__username")
        .values_list("user__username", flat=True)[:LEARNERS]
    )
    return {
        "catalog": CatalogPage.objects.first().url,
        "r1": ReferencePage.objects.get().url,
        "course": demo_course.url,
        "topic": demo_topics[1].url,
        "lecture": lecture.url,
        "lecture_uuid": str(lecture.uuid),
        "roleplay_page": roleplay_page.pk,
        "scenario_uuid": str(scenario.uuid),
        "quiz_uuid": str(quiz.uuid),
        "quiz_page": quiz_page.pk,
        "quiz_activity_page": quiz_page.pk,
        "big_course": big_course.url,
        "big_circle": str(big_circle.uuid),
        "big_circle_size": big_circle.memberships.count(),
        "big_course_topics": TopicPage.objects.descendant_of(big_course).count(),
        "big_leader": big_circle.leader.username,
        "demo_circle": str(demo_circle.uuid) if demo_circle else None,
        "demo_leader": demo_circle.leader.username if demo_circle else None,
        "learners": members,
    }


def endpoints(t: dict, sessions: list[dict], leader: dict, demo_leader) -> list:
    """(name, kind, expected status, spec lines) for each endpoint. kind: public,
    learner, leader, reference."""

    def lines(method, path_for, body_for=None, who=sessions, extra=""):
        out = []
        for n, cookies in enumerate(who):
            headers = cookie_header(cookies)
            if method == "POST":
                headers += f"|X-CSRFToken: {cookies['csrftoken']}"
                headers += (
                    "|Content-Type: application/json"
                    if extra == "json"
                    else "|Content-Type: application/x-www-form-urlencoded"
                )
            body = body_for(n, cookies) if body_for else ""
            out.append(f"{method}\t{path_for(n)}\t{headers}\t{body}")
        return out

    anonymous = ["GET\t{}\t\t"]
    result = [
        ("R1 bare Wagtail page", "reference", 200, [anonymous[0].format(t["r1"])]),
        ("R2 minimal Django view", "reference", 200, ["GET\t/__bench__/r2/\t\t"]),
        ("catalog (anonymous)", "public", 200, [anonymous[0].format(t["catalog"])]),
        ("course mindmap", "learner", 200, lines("GET", lambda n: t["course"])),
        ("topic", "learner", 200, lines("GET", lambda n: t["topic"])),
        ("lecture", "learner", 200, lines("GET", lambda n: t["lecture"])),
        (
            "lecture watch report (POST)",
            "learner",
            200,
            lines(
                "POST",
                lambda n: f"/forelasningar/{t['lecture_uuid']}/tittat/",
                lambda n, c: json.dumps(
                    {"session": t["viewing"][n], "ranges": [[0, 5]], "position": 5}
                ),
                extra="json",
            ),
        ),
        (
            "quiz start (POST)",
            "learner",
            302,
            lines(
                "POST",
                lambda n: f"/quiz/{t['quiz_uuid']}/starta/",
                lambda n, c: urllib.parse.urlencode(
                    {"csrfmiddlewaretoken": c["csrftoken"], "page": t["quiz_page"]}
                ),
            ),
        ),
        ("quiz attempt", "learner", 200, lines("GET", lambda n: t["attempts"][n])),
        ("practice call", "learner", 200, lines("GET", lambda n: t["calls"][n])),
        ("search", "learner", 200, lines("GET", lambda n: "/sok/?q=kontaktcenter")),
        ("Min utveckling", "learner", 200, lines("GET", lambda n: "/min-utveckling/")),
        (
            "mindmap, 300-topic course",
            "learner",
            200,
            lines("GET", lambda n: t["big_course"]),
        ),
        (
            f"circle report, {t['big_circle_size']} × {t['big_course_topics']}",
            "report",
            200,
            lines("GET", lambda n: f"/cirklar/{t['big_circle']}/", who=[leader]),
        ),
        (
            f"circle CSV, {t['big_circle_size']} × {t['big_course_topics']}",
            "leader",
            200,
            lines(
                "GET", lambda n: f"/cirklar/{t['big_circle']}/export.csv", who=[leader]
            ),
        ),
    ]
    if demo_leader:
        result.append(
            (
                "circle report (demo)",
                "leader",
                200,
                lines(
                    "GET", lambda n: f"/cirklar/{t['demo_circle']}/", who=[demo_leader]
                ),
            )
        )
    only = [s.strip() for s in os.environ.get("BENCH_ONLY", "").split(",") if s.strip()]
    if only:
        result = [
            e for e in result if e[1] == "reference" or any(o in e[0] for o in only)
        ]
    if PEER_URL:
        _origin, path = peer_address(PEER_URL)
        cookie = f"Cookie: {PEER_COOKIE}" if PEER_COOKIE else ""
        result.append((PEER_NAME, "peer", 200, [f"GET\t{path}\t{cookie}\t"]))
    return result


def learner_state(t: dict, cookies: dict) -> tuple[str, str, str]:
    """One learner's viewing session of the lecture, open quiz attempt and practice
    call (their id, and the addresses of the attempt and the call), over HTTP."""
    status, _h, body, _r = post_json(
        f"/forelasningar/{t['lecture_uuid']}/visning/", cookies, {}
    )
    if status != 200:
        raise RuntimeError(f"viewing session: {status} {body[:200]!r}")
    started = [json.loads(body)["session"]]
    for kind, uuid, page in (
        ("quiz", t["quiz_uuid"], t["quiz_page"]),
        ("rollspel", t["scenario_uuid"], t["roleplay_page"]),
    ):
        status, headers, body, _r = post_form(
            f"/{kind}/{uuid}/starta/",
            cookies,
            urllib.parse.urlencode(
                {"csrfmiddlewaretoken": cookies["csrftoken"], "page": page}
            ),
        )
        if status != 302:
            raise RuntimeError(f"{kind} start: {status} {body[:300]!r}")
        started.append(urllib.parse.urlsplit(headers["Location"]).path)
    return tuple(started)


def start_learner_state(t: dict, sessions: list[dict]) -> None:
    """Per learner: a viewing session of the lecture, an open quiz attempt, a call."""
    started = [learner_state(t, cookies) for cookies in sessions]
    t["viewing"], t["attempts"], t["calls"] = (
        list(x) for x in zip(*started, strict=True)
    )


# Running


def wrk(
    spec_lines: list[str],
    url: str,
    *,
    connections: int,
    seconds: int,
    timeout_s: int,
    spec_name: str = "spec.txt",
    threads: int = 2,
    **script_env: str,
) -> dict:
    """Drive `url` with wrk and bench/wrk.lua over the spec lines; wrk's BENCH_JSON
    summary with req/s and errors (bad statuses, socket errors, timeouts) added.
    `script_env` goes to the script as BENCH_<NAME> (EXPECT, THINK_MS, …)."""
    spec = VAR / spec_name
    spec.write_text("\n".join(spec_lines) + "\n", encoding="utf-8")
    output = subprocess.run(  # noqa: S603 (wrk, fixed arguments)
        [
            shutil.which("wrk"),
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            f"{timeout_s}s",
            "-s",
            str(ROOT / "bench" / "wrk.lua"),
            url,
        ],
        env={
            **os.environ,
            "BENCH_SPEC": str(spec),
            "BENCH_THREADS": str(threads),
            **{f"BENCH_{name.upper()}": str(v) for name, v in script_env.items()},
        },
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in output.splitlines() if x.startswith("BENCH_JSON "))
    result = json.loads(line.removeprefix("BENCH_JSON "))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["errors"] = (
        result["bad_status"] + result["socket_errors"] + result["timeouts"]
    )
    return result


def parse_line(line: str) -> tuple[str, str, dict, bytes | None]:
    """A spec line (method, path, headers joined by |, body; tab-separated)."""
    method, path, header_text, body = line.split("\t")
    headers = dict(h.split(": ", 1) for h in header_text.split("|") if h)
    return method, path, headers, body.encode() or None


def send(line: str, origin: str | None = None):
    method, path, headers, body = parse_line(line)
    return get(path, None, headers, method, body, origin)


def origin_of(kind: str) -> str:
    """Where an endpoint of this kind is served: the peer's own server, or ours."""
    if kind == "peer":
        return peer_address(PEER_URL)[0]
    return f"http://{HOST}:{PORT}"


def warm(endpoint) -> None:
    name, kind, expect, spec_lines = endpoint
    start = time.perf_counter()
    for line in spec_lines:
        try:
            status = send(line, origin_of(kind))[0]
        except OSError as error:
            where = origin_of(kind)
            raise RuntimeError(f"{name}: no answer from {where}: {error}") from error
        if status != expect:
            raise RuntimeError(f"{name}: {status} (expected {expect}) for {line[:80]}")
    each = (time.perf_counter() - start) / len(spec_lines)
    print(f"  {name:38} {1000 * each:7.1f} ms a request", flush=True)


def settle() -> None:
    """Wait until the workers have answered what the last run left queued: a
    request to R2 answered within 100 ms."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        start = time.perf_counter()
        get("/__bench__/r2/")
        if time.perf_counter() - start < 0.1:
            return
        time.sleep(0.5)
    raise RuntimeError("the server did not settle within 5 minutes")


def measure(server, endpoint, seconds) -> dict:
    name, kind, expect, spec_lines = endpoint
    settle()
    before = server.cpu_seconds()
    result = wrk(
        spec_lines,
        origin_of(kind),
        connections=CONNECTIONS,
        seconds=seconds,
        timeout_s=10,
        expect=expect,
    )
    settle()  # the requests still queued when wrk stopped count in the CPU time too
    # Our workers' CPU time; the peer's workers are not ours to read.
    result["cpu_s"] = None if kind == "peer" else server.cpu_seconds() - before
    return result


def rounds(server, all_endpoints) -> dict:
    references = [e for e in all_endpoints if e[1] == "reference"]
    pages = [e for e in all_endpoints if e[1] != "reference"]
    runs: dict[str, list[dict]] = {e[0]: [] for e in all_endpoints}
    for number in range(1, ROUNDS + 1):
        # References first, then the pages with a reference after every second one.
        order = list(references)
        for i, page in enumerate(pages):
            order.append(page)
            if i % 2 == 1:
                order.append(references[(i // 2) % len(references)])
        for endpoint in order:
            result = measure(server, endpoint, SECONDS)
            runs[endpoint[0]].append(result)
            print(
                f"  round {number}/{ROUNDS} {endpoint[0]:38} {result['rps']:8.1f} req/s"
                f" p99 {result['p99_us'] / 1000:7.1f} ms errors {result['errors']}",
                flush=True,
            )
    return runs


def summarise(runs: dict, all_endpoints) -> dict:
    table = {}
    for name, kind, _expect, _spec in all_endpoints:
        results = runs[name]
        requests = sum(r["requests"] for r in results)
        table[name] = {
            "kind": kind,
            "rps": statistics.median(r["rps"] for r in results),
            "p50_ms": statistics.median(r["p50_us"] for r in results) / 1000,
            "p95_ms": statistics.median(r["p95_us"] for r in results) / 1000,
            "p99_ms": statistics.median(r["p99_us"] for r in results) / 1000,
            "errors": sum(r["errors"] for r in results),
            "requests": requests,
            "good": sum(r["good"] for r in results),
            "cpu_ms_per_request": 1000 * sum(r["cpu_s"] for r in results) / requests
            if requests and kind != "peer"
            else None,
            "runs": len(results),
        }
    r1 = table["R1 bare Wagtail page"]["rps"]
    r2 = table["R2 minimal Django view"]["rps"]
    peer = table[PEER_NAME]["rps"] if PEER_NAME in table else None
    for row in table.values():
        row["of_r1"] = row["rps"] / r1 if r1 else None
        row["of_r2"] = row["rps"] / r2 if r2 else None
        row["of_peer"] = row["rps"] / peer if peer else None
    return table


class Assets(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if (
            tag == "link"
            and "stylesheet" in (attrs.get("rel") or "")
            and attrs.get("href")
        ):
            self.urls.append(attrs["href"])
        if tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])


def wire_bytes(path: str, cookies) -> dict:
    """Bytes a browser downloads for ``path`` (gzip accepted): the HTML and the CSS
    and JS it references on this site."""
    headers = {"Accept-Encoding": "gzip"}
    status, response_headers, body, _r = get(path, dict(cookies or {}), headers)
    html_bytes = len(body)
    encoding = response_headers.get("Content-Encoding", "")
    text = gzip.decompress(body) if encoding == "gzip" else body
    assets = Assets()
    assets.feed(text.decode("utf-8", "replace"))
    asset_bytes = 0
    for url in dict.fromkeys(assets.urls):
        parts = urllib.parse.urlsplit(url)
        if parts.netloc:
            continue
        _s, _h, data, _r = get(parts.path, None, headers)
        asset_bytes += len(data)
    return {
        "html": html_bytes,
        "assets": asset_bytes,
        "total": html_bytes + asset_bytes,
        "html_encoding": encoding or "identity",
    }


def query_counts(all_endpoints, t, who) -> dict:
    """SQL queries per page: the test client against the bench database, the second
    of two requests (caches warm), as the learner or leader the page is for."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from users.models import User

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    counts = {}
    clients = {}
    for name, kind, _expect, spec in all_endpoints:
        method, path, _headers, _body = parse_line(spec[0])
        if method != "GET" or "export" in path or kind == "peer":
            continue
        username = who.get(kind)
        client = clients.get(username)
        if client is None:
            client = clients[username] = Client()
            if username:
                client.force_login(User.objects.get(username=username))
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        counts[name] = {"queries": len(captured), "status": response.status_code}
    return counts


def submit_quizzes(t: dict, sessions: list[dict], at_once: int | None = None) -> dict:
    """Every learner submits their open attempt, all at once (or ``at_once`` at a
    time); then the ledger must hold exactly one new statement per successful
    submit."""
    import django.db
    from django.db.models import Q

    from progress.models import Statement

    django.db.connection.close()
    verbs = Q(verb__in=["passed", "failed"], activity__page_id=t["quiz_page"])
    before = Statement.objects.filter(verbs).count()
    results = []

    def submit(n, cookies):
        start = time.perf_counter()
        status, _h, _b, _r = post_form(
            t["attempts"][n],
            cookies,
            urllib.parse.urlencode(
                {"csrfmiddlewaretoken": cookies["csrftoken"], "submit": "1"}
            ),
        )
        results.append((status, time.perf_counter() - start))

    with concurrent.futures.ThreadPoolExecutor(at_once or len(sessions)) as pool:
        list(pool.map(submit, range(len(sessions)), sessions))
    stored = Statement.objects.filter(verbs).count() - before
    good = sum(1 for status, _t in results if status == 302)
    times = sorted(ms for _s, ms in results)
    return {
        "submits": len(results),
        "successful": good,
        "stored_statements": stored,
        "equal": stored == good,
        "p50_ms": 1000 * statistics.median(times),
        "max_ms": 1000 * times[-1],
    }


# Report


def verdicts(table, queries, sizes, progress) -> list[tuple[str, bool | None, str]]:
    out = []
    learner_rows = {n: r for n, r in table.items() if r["kind"] == "learner"}
    if learner_rows:  # BENCH_ONLY may leave some kinds out
        worst = min(learner_rows.items(), key=lambda item: item[1]["of_r1"])
        out.append(
            (
                f"every logged-in learner page ≥ {LEARNER_OF_R1:.0%} of R1",
                worst[1]["of_r1"] >= LEARNER_OF_R1,
                f"lowest: {worst[0]} {worst[1]['of_r1']:.0%}",
            )
        )
    peer = table.get(PEER_NAME)
    if learner_rows and peer:
        worst = min(learner_rows.items(), key=lambda item: item[1]["rps"])
        out.append(
            (
                f"every logged-in learner page ≥ {PEER_MULTIPLE}× the peer's "
                "logged-in lesson page",
                worst[1]["rps"] >= PEER_MULTIPLE * peer["rps"],
                f"lowest: {worst[0]} {worst[1]['of_peer']:.2f}× the peer "
                f"(peer {peer['of_r1']:.0%} of R1)",
            )
        )
    # Our own pages' latency and errors; the peer's are its own.
    table = {n: r for n, r in table.items() if r["kind"] != "peer"}
    public = table.get("catalog (anonymous)")
    if public:
        out.append(
            (
                f"public pages ≥ {PUBLIC_OF_R2:.0%} of R2",
                public["of_r2"] >= PUBLIC_OF_R2,
                f"catalog {public['of_r2']:.1%}",
            )
        )
    slowest = max(table.items(), key=lambda item: item[1]["p99_ms"])
    out.append(
        (
            f"p99 < {P99_MS} ms at {CONNECTIONS} connections",
            slowest[1]["p99_ms"] < P99_MS,
            f"highest: {slowest[0]} {slowest[1]['p99_ms']:.0f} ms",
        )
    )
    errors = sum(r["errors"] for r in table.values())
    out.append(("0 errors", errors == 0, f"{errors} errors"))
    learner_queries = {
        n: q["queries"] for n, q in queries.items() if table[n]["kind"] == "learner"
    }
    if learner_queries:
        most = max(learner_queries.items(), key=lambda item: item[1])
        out.append(
            (
                f"≤ {MAX_QUERIES} SQL queries per learner page",
                most[1] <= MAX_QUERIES,
                f"most: {most[0]} {most[1]}",
            )
        )
    big = sizes.get("mindmap, 300-topic course")
    if big:
        out.append(
            (
                f"300-topic mindmap ≤ {MINDMAP_KB} KB compressed with CSS and JS",
                big["total"] <= MINDMAP_KB * 1024,
                f"{big['total'] / 1024:.0f} KB (HTML {big['html_encoding']})",
            )
        )
    report = next((r for n, r in table.items() if r["kind"] == "report"), None)
    if report:
        out.append(
            (
                f"large circle report ≥ {REPORT_OF_R1:.0%} of R1",
                report["of_r1"] >= REPORT_OF_R1,
                f"{report['of_r1']:.0%}",
            )
        )
    out.append(
        (
            "stored progress rows equal the successful progress posts",
            progress["equal"],
            f"{progress['successful']} successful quiz submits, "
            f"{progress['stored_statements']} statements stored",
        )
    )
    return out


def markdown(meta, table, queries, sizes, progress, checks) -> str:
    has_peer = PEER_NAME in table
    lines = [
        f"# `make bench`, {meta['date']}",
        "",
        f"{meta['database']}, cache {meta['cache']}, gunicorn 2 sync workers, "
        f"production settings; wrk -t2 -c{CONNECTIONS}, rounds {ROUNDS} × {SECONDS} s, "
        f"medians; {os.cpu_count()} CPUs. Peak RSS per worker: "
        + ", ".join(f"{mb:.0f} MB" for mb in meta["peak_rss_mb"])
        + ".",
        "",
        "| endpoint | req/s | ÷ R1 | ÷ R2 |"
        + (" ÷ peer |" if has_peer else "")
        + " p50 ms | p95 ms | p99 ms | errors | CPU ms/req | queries | "
        "KB over the wire |",
        "|---|---:|---:|---:|" + ("---:|" if has_peer else "") + "---:|" * 7,
    ]
    for name, row in table.items():
        q = queries.get(name, {}).get("queries", "")
        size = sizes.get(name)
        kb = f"{size['total'] / 1024:.1f}" if size else ""
        cpu = row["cpu_ms_per_request"]
        lines.append(
            f"| {name} | {row['rps']:.1f} | {row['of_r1']:.0%} | {row['of_r2']:.1%} | "
            + (f"{row['of_peer']:.2f}× | " if has_peer else "")
            + f"{row['p50_ms']:.1f} | {row['p95_ms']:.1f} | {row['p99_ms']:.1f} | "
            f"{row['errors']} | {'—' if cpu is None else f'{cpu:.1f}'} | {q} | {kb} |"
        )
    lines += [
        "",
        f"Quiz submits, {progress['submits']} learners at once: median "
        f"{progress['p50_ms']:.0f} ms, slowest {progress['max_ms']:.0f} ms.",
        "",
        "| target | met | measured |",
        "|---|---|---|",
    ]
    for target, met, detail in checks:
        lines.append(f"| {target} | {'met' if met else 'MISSED'} | {detail} |")
    lines += [
        "",
        "Timed next by `make bench-reports`: the leader's CSV of every generated "
        "learner × 300 topics. The capacity run (3 000 learners with think time, "
        "through nginx) is `make bench-capacity`."
        + (
            f" The peer ({peer_address(PEER_URL)[0]}) was served by its own server "
            "on the same machine, measured in the same rounds; its CPU time and "
            "queries are not read, and its latency and errors count in no target "
            "but its own."
            if has_peer
            else " No peer measured (BENCH_PEER_URL)."
        ),
    ]
    return "\n".join(lines) + "\n"


def run_meta(**extra) -> dict:
    """What a results file says about the run: when, on which database and cache,
    how many CPUs; `extra` adds the run's own settings."""
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[1]
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "database": {"sqlite3": "SQLite", "postgresql": "PostgreSQL"}.get(
            engine, engine
        ),
        "cache": "Redis" if os.environ.get("REDIS_URL") else "file",
        "cpus": os.cpu_count(),
        **extra,
    }


def write_results(suffix: str, report: str, data: dict) -> None:
    """bench/results/<date>-<time><suffix>.md and .json."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d-%H%M") + suffix
    (RESULTS / f"{stamp}.md").write_text(report, encoding="utf-8")
    (RESULTS / f"{stamp}.json").write_text(
        json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    print(f"Written: bench/results/{stamp}.md and .json")


def main() -> int:
    if shutil.which("wrk") is None:
        print("wrk is missing: `make bench` installs it (apt-get install wrk).")
        return 2
    if PEER_URL:
        peer_address(PEER_URL)  # a wrong address stops the run before any work
    os.environ.update(ENV)
    prepare()
    t = targets_from_database()
    server = Server()
    try:
        server.start()
        sessions = [login(name, "skala") for name in t["learners"]]
        leader = login(t["big_leader"], "skala")
        demo_leader = (
            login(t["demo_leader"], t["demo_leader"]) if t["demo_leader"] else None
        )
        start_learner_state(t, sessions)
        all_endpoints = endpoints(t, sessions, leader, demo_leader)
        print("Warming up (one request per endpoint and session) …", flush=True)
        for endpoint in all_endpoints:
            warm(endpoint)
        runs = rounds(server, all_endpoints)
        peak_rss = server.peak_rss_mb()
        progress = submit_quizzes(t, sessions)
        sizes = {}
        for name, kind, _expect, spec in all_endpoints:
            method, path, _h, _b = parse_line(spec[0])
            if (
                method == "GET"
                and kind not in ("reference", "peer")
                and ("export" not in path)
            ):
                who = {"learner": sessions[0], "report": leader, "leader": demo_leader}
                sizes[name] = wire_bytes(path, who.get(kind))
    finally:
        server.stop()
    queries = query_counts(
        all_endpoints,
        t,
        {
            "learner": t["learners"][0],
            "report": t["big_leader"],
            "leader": t["demo_leader"],
        },
    )
    table = summarise(runs, all_endpoints)
    checks = verdicts(table, queries, sizes, progress)
    meta = run_meta(
        rounds=ROUNDS,
        seconds=SECONDS,
        connections=CONNECTIONS,
        peak_rss_mb=peak_rss,
        only=os.environ.get("BENCH_ONLY", ""),
        peer=peer_address(PEER_URL)[0] + peer_address(PEER_URL)[1] if PEER_URL else "",
    )
    report = markdown(meta, table, queries, sizes, progress, checks)
    print()
    print(report)
    write_results(
        "",
        report,
        {
            "meta": meta,
            "endpoints": table,
            "queries": queries,
            "bytes": sizes,
            "progress": progress,
            "targets": [{"target": a, "met": b, "measured": c} for a, b, c in checks],
        },
    )
    return 0 if progress["equal"] else 1


if __name__ == "__main__":
    sys.exit(main())
