"""`make bench-capacity`: thousands of learners at once, each thinking 30–90 s between
pages, on the production front: nginx → gunicorn (README, "Performance").

1. The bench database of `make bench` (BENCH_DATABASE_URL; the same preparation:
   migrate, the demo, the scale data, collectstatic).
2. gunicorn as `make bench` starts it (2 sync workers, production settings, Redis when
   REDIS_URL is set) behind nginx rendered from deploy/nginx.conf.template with a
   throwaway certificate. nginx holds the learners' idle keep-alive connections; a
   sync worker only ever sees a request, never a learner who is reading.
3. CAPACITY_LEARNERS (3 000) generated learners, in the order of their circles, get a
   session each, written through the session store as a login writes it (3 000 logins
   over HTTP would spend minutes in the password hasher, which is not what is
   measured here), and start their lecture viewing, quiz attempt and practice call over
   HTTP. The leaders among them also read their circle's report.
4. wrk holds one connection per learner for CAPACITY_SECONDS (600): each request one
   of the mix below, for a learner of the spec, then 30–90 s of thinking
   (bench/wrk.lua); the first requests come spread over the first 45 s. An answer
   counts as an error when it is 400 or above, a redirect to the login page, a socket
   error or a timeout.
5. Afterwards every learner hands in their quiz (20 at a time): the statements stored
   must equal the successful submits. Latency per endpoint from nginx's access log.
   Prints the table and the target (p95 ≤ 300 ms, 0 errors) and writes
   bench/results/<date>-capacity.md and .json.

Options (environment): CAPACITY_LEARNERS (3000), CAPACITY_SECONDS (600),
CAPACITY_THINK_MS ("30000-90000"), CAPACITY_RAMP_MS (45000), CAPACITY_PORT (8471),
and those of bench/run.py (BENCH_DATABASE_URL, BENCH_SCALE, BENCH_PORT).
"""

import concurrent.futures
import datetime
import http.client
import importlib.util
import json
import os
import random
import resource
import shutil
import signal
import ssl
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path


def _load_run():
    """bench/run.py, beside this file (a script, not a package)."""
    spec = importlib.util.spec_from_file_location(
        "bench_run", Path(__file__).resolve().with_name("run.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = _load_run()

LEARNERS = int(os.environ.get("CAPACITY_LEARNERS", "3000"))
SECONDS = int(os.environ.get("CAPACITY_SECONDS", "600"))
THINK_MS = os.environ.get("CAPACITY_THINK_MS", "30000-90000")
# wrk opens every connection at the start and sends its first request within the
# ramp: under nginx's 60 s wait for a first request (client_header_timeout), which
# closed 1 % of the connections when the ramp was 60 s.
RAMP_MS = int(os.environ.get("CAPACITY_RAMP_MS", "45000"))
NGINX_PORT = int(os.environ.get("CAPACITY_PORT", "8471"))
THREADS = 2
REQUESTS_PER_LEARNER = 12  # lines of the spec per learner: the mix below, drawn
P95_MS = 300  # the target

# What a learner does between two thoughts, and how often (weights).
# A circle's leader also opens the circle report, once a run. The course mindmap is
# of the learner's own course (300 topics in the scale data).
MIX = {
    "course mindmap": 8,
    "topic": 30,
    "lecture": 8,
    "lecture watch report (POST)": 14,
    "quiz start (POST)": 3,
    "quiz attempt": 8,
    "practice call": 8,
    "search": 5,
    "Min utveckling": 6,
    "catalog (anonymous)": 4,
    "course mindmap (demo course)": 4,
}


def nginx_binary() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if not found:
        raise SystemExit(
            "nginx is missing: `make bench-capacity` installs it "
            "(apt-get install nginx)."
        )
    return found


def learners_and_topics() -> tuple[list, dict]:
    """The first LEARNERS generated learners by circle (username, circle uuid, whether
    they lead it, their course's address) and per course some of its topics."""
    from benchmarks.management.commands.generate_scale_data import CIRCLE_NAME
    from circles.models import CircleMembership, StudyCircle
    from courses.models import TopicPage

    rows = (
        CircleMembership.objects.filter(circle__name__startswith=CIRCLE_NAME)
        .select_related("user", "circle", "circle__leader")
        .order_by("circle__name", "user__username")
    )
    # The circles' courses in one query; each circle of the run studies one course.
    circles = StudyCircle.objects.filter(name__startswith=CIRCLE_NAME)
    courses_of = {c.pk: c.courses.all() for c in circles.prefetch_related("courses")}
    course_of_circle = {}
    learners, seen = [], set()
    for membership in rows.iterator():
        if membership.user_id in seen:
            continue
        seen.add(membership.user_id)
        circle = membership.circle
        if circle.pk not in course_of_circle:
            (course_of_circle[circle.pk],) = courses_of[circle.pk]
        course = course_of_circle[circle.pk]
        learners.append(
            {
                "username": membership.user.username,
                "user": membership.user,
                "circle": str(circle.uuid),
                "leads": circle.leader_id == membership.user_id,
                "course": course.url,
            }
        )
        if len(learners) == LEARNERS:
            break
    if len(learners) < LEARNERS:
        raise SystemExit(
            f"The scale data has {len(learners)} learners in circles, fewer than "
            f"CAPACITY_LEARNERS={LEARNERS} (BENCH_SCALE --learners)."
        )
    topics = {}
    for course in {c.pk: c for c in course_of_circle.values()}.values():
        pages = list(TopicPage.objects.descendant_of(course).live().order_by("path"))
        topics[course.url] = [page.url for page in pages[:: max(1, len(pages) // 40)]]
    return learners, topics


def sessions_for(learners: list[dict]) -> None:
    """A session and a CSRF cookie for each learner, as a login stores them."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.crypto import get_random_string
    from django.utils.module_loading import import_string

    store = import_string(settings.SESSION_ENGINE + ".SessionStore")
    for learner in learners:
        user = learner.pop("user")
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        learner["cookies"] = {
            settings.SESSION_COOKIE_NAME: session.session_key,
            settings.CSRF_COOKIE_NAME: get_random_string(32),
        }


def end_sessions(learners: list[dict]) -> None:
    """The learners' sessions go again (their work stays, as after a logout)."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    store = import_string(settings.SESSION_ENGINE + ".SessionStore")
    for learner in learners:
        if "cookies" in learner:
            store().delete(learner["cookies"][settings.SESSION_COOKIE_NAME])


def spec_lines(t: dict, learners: list[dict], topics: dict, origin: str) -> tuple:
    """The spec for wrk (bench/wrk.lua) and, per path, the endpoint it belongs to
    (for the latency per endpoint from nginx's log)."""
    draw = random.Random(14)  # noqa: S311 (a benchmark's mix, not a secret)
    names, weights = zip(*MIX.items(), strict=True)
    lines, endpoint_of = [], {}

    def line(name, method, path, cookies=None, body="", kind="form"):
        headers = []
        if cookies:
            headers.append(bench.cookie_header(cookies))
        if method == "POST":
            headers.append(f"X-CSRFToken: {cookies['csrftoken']}")
            headers.append(f"Origin: {origin}")
            headers.append(
                "Content-Type: application/json"
                if kind == "json"
                else "Content-Type: application/x-www-form-urlencoded"
            )
        endpoint_of[path] = name
        lines.append(f"{method}\t{path}\t{'|'.join(headers)}\t{body}")

    for learner in learners:
        cookies = learner["cookies"]
        form = urllib.parse.urlencode({"csrfmiddlewaretoken": cookies["csrftoken"]})
        for name in draw.choices(names, weights, k=REQUESTS_PER_LEARNER):
            if name == "course mindmap":
                line(name, "GET", learner["course"], cookies)
            elif name == "topic":
                line(name, "GET", draw.choice(topics[learner["course"]]), cookies)
            elif name == "lecture":
                line(name, "GET", t["lecture"], cookies)
            elif name == "lecture watch report (POST)":
                position = draw.randrange(5, 600)
                body = json.dumps(
                    {
                        "session": learner["viewing"],
                        "ranges": [[position - 5, position]],
                        "position": position,
                    }
                )
                path = f"/forelasningar/{t['lecture_uuid']}/tittat/"
                line(name, "POST", path, cookies, body, kind="json")
            elif name == "quiz start (POST)":
                body = f"{form}&page={t['quiz_page']}"
                line(name, "POST", f"/quiz/{t['quiz_uuid']}/starta/", cookies, body)
            elif name == "quiz attempt":
                line(name, "GET", learner["attempt"], cookies)
            elif name == "practice call":
                line(name, "GET", learner["call"], cookies)
            elif name == "search":
                word = draw.choice(["kontaktcenter", "sekretess", "bemötande", "ROSA"])
                path = "/sok/?" + urllib.parse.urlencode({"q": word})
                line(name, "GET", path, cookies)
            elif name == "Min utveckling":
                line(name, "GET", "/min-utveckling/", cookies)
            elif name == "catalog (anonymous)":
                line(name, "GET", t["catalog"])
            elif name == "course mindmap (demo course)":
                line(name, "GET", t["course"], cookies)
        if learner["leads"]:
            path = f"/cirklar/{learner['circle']}/"
            line("circle report (leader)", "GET", path, cookies)
    draw.shuffle(lines)
    return lines, endpoint_of


def start_states(t: dict, learners: list[dict]) -> None:
    """Each learner's viewing session, quiz attempt and practice call, over HTTP
    straight to gunicorn, eight at a time."""
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        states = pool.map(lambda x: bench.learner_state(t, x["cookies"]), learners)
        for learner, (viewing, attempt, call) in zip(learners, states, strict=True):
            learner.update(viewing=viewing, attempt=attempt, call=call)


def start_nginx(folder: Path, access_log: Path) -> subprocess.Popen:
    """nginx from deploy/nginx.conf.template in front of the bench's gunicorn."""
    spec = importlib.util.spec_from_file_location(
        "deploy_render", bench.ROOT / "deploy" / "render.py"
    )
    render = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(render)
    certificate, key = folder / "tls.crt", folder / "tls.key"
    subprocess.run(  # noqa: S603 (openssl, fixed arguments)
        [
            shutil.which("openssl") or "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(certificate),
        ],
        check=True,
        capture_output=True,
    )
    site = render.render(
        (bench.ROOT / "deploy" / "nginx.conf.template").read_text(encoding="utf-8"),
        {
            "SERVER_NAME": "127.0.0.1 localhost",
            "HTTP_LISTEN": f"{bench.HOST}:{NGINX_PORT - 1}",
            # Every learner connects in the first second: a queue for all of them.
            "HTTPS_LISTEN": f"{bench.HOST}:{NGINX_PORT} ssl backlog={LEARNERS + 512}",
            "TLS_CERTIFICATE": str(certificate),
            "TLS_CERTIFICATE_KEY": str(key),
            "APP_SERVERS": f"{bench.HOST}:{bench.PORT}",
            "STATIC_ROOT": str(bench.ROOT / "static"),
            "MEDIA_ROOT": str(bench.VAR / "media"),
            # Media are on disk here; nginx resolves the name when it starts.
            "S3_ENDPOINT": "http://127.0.0.1:9",
            "ACCESS_LOG": str(access_log),
            "CA_CERTIFICATES": "/etc/ssl/certs/ca-certificates.crt",
            "MAX_UPLOAD": "16m",
        },
    )
    connections = LEARNERS + 512
    conf = render.standalone_conf(
        folder,
        site,
        folder / "error.log",
        worker_connections=connections,
        # A learner thinks up to 90 s: nginx keeps the connection open longer.
        http="    keepalive_timeout 120s;\n",
    )
    process = subprocess.Popen(  # noqa: S603 (nginx, fixed arguments)
        [nginx_binary(), "-p", str(folder), "-c", str(conf), "-g", "daemon off;"],
        start_new_session=True,
    )
    for _ in range(100):
        if process.poll() is not None:
            break
        try:
            if through_nginx("GET\t/healthz\t\t")[0] == 200:
                return process
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"nginx did not answer: see {folder / 'error.log'}")


def through_nginx(line: str) -> tuple[int, str]:
    """Send one spec line to nginx (its throwaway certificate unchecked); the status
    and the Location of the answer."""
    method, path, headers, body = bench.parse_line(line)
    connection = http.client.HTTPSConnection(
        bench.HOST,
        NGINX_PORT,
        timeout=60,
        # nginx's throwaway certificate, made for this run on loopback.
        context=ssl._create_unverified_context(),  # noqa: S323
    )
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("Location") or ""
    finally:
        connection.close()


def machine_busy() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def enough_open_files() -> None:
    """A connection is a file: wrk needs one per learner (nginx raises its own
    limit, worker_rlimit_nofile). Many shells start with a soft limit of 1 024."""
    needed = LEARNERS + 256
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft >= needed:
        return
    if hard != resource.RLIM_INFINITY and hard < needed:
        raise SystemExit(
            f"{LEARNERS} learners need {needed} open files; this shell allows "
            f"{hard} (ulimit -Hn). Raise it or set CAPACITY_LEARNERS lower."
        )
    resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))


def run_wrk(lines: list[str]) -> dict:
    return bench.wrk(
        lines,
        f"https://{bench.HOST}:{NGINX_PORT}",
        connections=LEARNERS,
        seconds=SECONDS,
        timeout_s=30,
        spec_name="capacity-spec.txt",
        threads=THREADS,
        expect="mixed",
        think_ms=THINK_MS,
        ramp_ms=RAMP_MS,
        connections_per_thread=LEARNERS // THREADS,
    )


def target_met(result: dict) -> bool:
    """The issue's capacity target: p95 within P95_MS and no error."""
    return result["p95_us"] / 1000 <= P95_MS and result["errors"] == 0


def per_endpoint(access_log: Path, endpoint_of: dict, since: float) -> dict:
    """Requests, errors and latency percentiles per endpoint, from nginx's JSON log
    (the log has paths without their query: the search is found by its prefix)."""
    times: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    names = {urllib.parse.urlsplit(p).path: n for p, n in endpoint_of.items()}
    for text in access_log.read_text(encoding="utf-8").splitlines():
        entry = json.loads(text)
        when = datetime.datetime.fromisoformat(entry["time"]).timestamp()
        name = names.get(entry["path"])
        if name is None or when < since:
            continue
        times.setdefault(name, []).append(1000 * float(entry["request_time_s"]))
        errors[name] = errors.get(name, 0) + (entry["status"] >= 400)
    table = {}
    for name, values in sorted(times.items(), key=lambda item: -len(item[1])):
        values.sort()
        table[name] = {
            "requests": len(values),
            "errors": errors[name],
            "p50_ms": statistics.median(values),
            "p95_ms": values[int(0.95 * (len(values) - 1))],
            "p99_ms": values[int(0.99 * (len(values) - 1))],
        }
    return table


def markdown(meta: dict, result: dict, endpoints: dict, progress: dict) -> str:
    met = target_met(result)
    lines = [
        f"# `make bench-capacity`, {meta['date']}",
        "",
        f"{meta['database']}, cache {meta['cache']}; nginx → gunicorn 2 sync workers, "
        f"production settings; {LEARNERS} learners (one connection each) thinking "
        f"{THINK_MS.replace('-', '–')} ms between requests, {SECONDS} s, "
        f"wrk -t{THREADS}; {meta['cpus']} CPUs, busy {meta['machine_busy']:.0%} "
        f"during the run (wrk, nginx, {meta['database']}"
        f"{', Redis' if meta['cache'] == 'Redis' else ''} and the workers on the same "
        "machine). "
        "Peak RSS per worker: "
        + ", ".join(f"{mb:.0f} MB" for mb in meta["peak_rss_mb"])
        + ".",
        "",
        "| requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | "
        "worker CPU ms/req |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {result['requests']} | {result['rps']:.1f} | {result['p50_us'] / 1000:.1f} "
        f"| {result['p95_us'] / 1000:.1f} | {result['p99_us'] / 1000:.1f} | "
        f"{result['max_us'] / 1000:.1f} | {result['errors']} | "
        f"{result['cpu_ms_per_request']:.1f} |",
        "",
        "Per endpoint (nginx's request time; errors here are answers of 400 or "
        "above, the log has no redirect targets):",
        "",
        "| endpoint | requests | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, row in endpoints.items():
        lines.append(
            f"| {name} | {row['requests']} | {row['p50_ms']:.1f} | "
            f"{row['p95_ms']:.1f} | {row['p99_ms']:.1f} | {row['errors']} |"
        )
    lines += [
        "",
        f"Then {progress['submits']} quiz hand-ins, 20 at a time: "
        f"{progress['successful']} successful, {progress['stored_statements']} "
        f"statements stored (median {progress['p50_ms']:.0f} ms).",
        "",
        "| target | met | measured |",
        "|---|---|---|",
        f"| {LEARNERS} learners with think time: p95 ≤ {P95_MS} ms and 0 errors | "
        f"{'met' if met else 'MISSED'} | p95 {result['p95_us'] / 1000:.0f} ms, "
        f"{result['errors']} errors |",
        f"| stored progress rows equal the successful progress posts | "
        f"{'met' if progress['equal'] else 'MISSED'} | "
        f"{progress['successful']} submits, {progress['stored_statements']} stored |",
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    if shutil.which("wrk") is None:
        print("wrk is missing: `make bench-capacity` installs it (apt-get install wrk)")
        return 2
    nginx_binary()
    if LEARNERS % THREADS:
        print(f"CAPACITY_LEARNERS must be a multiple of {THREADS} (wrk's threads).")
        return 2
    enough_open_files()
    # Behind one proxy now: the client's address is the one nginx saw.
    bench.ENV["TRUSTED_PROXY_COUNT"] = "1"
    os.environ.update(bench.ENV)
    bench.prepare()
    t = bench.targets_from_database()
    learners, topics = learners_and_topics()
    print(f"Sessions for {len(learners)} learners …", flush=True)
    sessions_for(learners)
    folder = bench.VAR / "capacity-nginx"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    access_log = folder / "access.log"
    server, nginx = bench.Server(), None
    try:
        server.start()
        nginx = start_nginx(folder, access_log)
        print("Starting each learner's viewing, quiz attempt and call …", flush=True)
        start_states(t, learners)
        lines, endpoint_of = spec_lines(
            t, learners, topics, f"https://{bench.HOST}:{NGINX_PORT}"
        )
        print(f"Warming {len(set(endpoint_of.values()))} endpoints …", flush=True)
        warmed = set()
        for line in lines:
            name = endpoint_of[line.split("\t")[1]]
            if name not in warmed:
                warmed.add(name)
                status, location = through_nginx(line)
                if status >= 400 or "/konto/logga-in/" in location:
                    raise RuntimeError(f"{name}: {status} {location}")
        print(
            f"{LEARNERS} learners for {SECONDS} s, thinking {THINK_MS} ms …",
            flush=True,
        )
        since = time.time()
        cpu_before, busy_before = server.cpu_seconds(), machine_busy()
        result = run_wrk(lines)
        bench.settle()
        busy_after = machine_busy()
        result["cpu_s"] = server.cpu_seconds() - cpu_before
        result["cpu_ms_per_request"] = (
            1000 * result["cpu_s"] / result["requests"] if result["requests"] else 0
        )
        peak_rss = server.peak_rss_mb()
        time.sleep(1)  # nginx writes its log line after the answer
        endpoints = per_endpoint(access_log, endpoint_of, since)
        sessions = [learner["cookies"] for learner in learners]
        t["attempts"] = [learner["attempt"] for learner in learners]
        progress = bench.submit_quizzes(t, sessions, at_once=20)
    finally:
        end_sessions(learners)
        if nginx and nginx.poll() is None:
            os.killpg(nginx.pid, signal.SIGTERM)
            nginx.wait(10)
        server.stop()
    meta = bench.run_meta(
        learners=LEARNERS,
        seconds=SECONDS,
        think_ms=THINK_MS,
        peak_rss_mb=peak_rss,
        machine_busy=(busy_after[0] - busy_before[0])
        / max(1, busy_after[1] - busy_before[1]),
    )
    report = markdown(meta, result, endpoints, progress)
    print()
    print(report)
    bench.write_results(
        "-capacity",
        report,
        {"meta": meta, "total": result, "endpoints": endpoints, "progress": progress},
    )
    return 0 if target_met(result) and progress["equal"] else 1


if __name__ == "__main__":
    sys.exit(main())
