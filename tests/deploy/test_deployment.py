"""The production deployment of docs/deploy.md, booted on loopback.

A fresh PostgreSQL database, a Redis database of its own, moto's S3 server with a
private bucket, two gunicorn instances (deploy/gunicorn.conf.py, the production
settings) behind one nginx (deploy/nginx.conf.template rendered by deploy/render.py,
TLS with a throwaway certificate), and the import worker as its own process. Then,
over nginx: the health check; static files sent by nginx, compressed, never by
Django; a login through one instance works on the other (sessions in Redis); the
demo's uploads are in the bucket, and a login-only course's video is refused to an
outsider and sent to a learner, byte for byte; an editor's upload lands in the
bucket; the worker runs a queued import; every log line is JSON.

Needs nginx, PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379). Without them it
is skipped with the reason, except in CI (CI or ECIRKEL_REQUIRE_BROWSER=1), where
.ci/run installs nginx and a missing piece fails the test.
"""

import datetime
import importlib.util
import ipaddress
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

pytestmark = [pytest.mark.slow, pytest.mark.deployment]

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
REQUIRED = os.environ.get("ECIRKEL_REQUIRE_BROWSER") == "1" or bool(
    os.environ.get("CI")
)
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres", "dbname": "postgres"}
REDIS = ("127.0.0.1", 6379)
PORTS = range(8440, 8460)  # this test's own range of loopback ports
BUCKET = "ecirkel-media"


def client(verify=True) -> requests.Session:
    """A requests session that ignores the environment's proxies and CA bundle (they
    would override ``verify``): it trusts only the test's own certificate."""
    session = requests.Session()
    session.trust_env = False
    session.verify = verify
    return session


def unavailable(reason: str):
    if REQUIRED:
        pytest.fail(f"{reason} (required in CI: .ci/run installs nginx)")
    pytest.skip(reason)


def free_ports(count: int) -> list[int]:
    found = []
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        found.append(port)
        if len(found) == count:
            return found
    pytest.fail(f"fewer than {count} free ports in {PORTS}")


def answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "tls.crt", folder / "tls.key"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


class Processes:
    """Every process the test starts, each in its own process group."""

    def __init__(self, logs: Path):
        self.logs = logs
        self.running: dict[str, subprocess.Popen] = {}

    def start(self, name: str, args: list[str], env: dict) -> Path:
        log = self.logs / f"{name}.log"
        with log.open("wb") as out:
            self.running[name] = subprocess.Popen(  # noqa: S603
                args,
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return log

    def stop_all(self):
        for process in self.running.values():
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
        deadline = time.monotonic() + 15
        for process in self.running.values():
            try:
                process.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                process.wait(timeout=5)


def render_module():
    """deploy/render.py, which is a script beside the templates, not a package."""
    spec = importlib.util.spec_from_file_location("deploy_render", DEPLOY / "render.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def wait_until(check, what: str, processes: Processes, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for name, process in processes.running.items():
            if process.poll() is not None:
                log = (processes.logs / f"{name}.log").read_text(errors="replace")
                pytest.fail(f"{name} ended ({process.returncode}):\n{log[-4000:]}")
        try:
            if check():
                return
        except (OSError, requests.RequestException):
            pass
        time.sleep(0.3)
    pytest.fail(f"timed out waiting for {what}")


def run(args: list[str], env: dict, timeout: int = 600) -> str:
    result = subprocess.run(  # noqa: S603
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"{args}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def json_lines(path: Path) -> list[dict]:
    lines = [line for line in path.read_text().splitlines() if line.strip()]
    parsed = []
    for line in lines:
        try:
            parsed.append(json.loads(line))
        except json.JSONDecodeError:
            pytest.fail(f"{path.name}: not a JSON line: {line!r}")
    return parsed


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    if not NGINX:
        unavailable("nginx is not installed (Debian package nginx)")
    if not answers(PG["host"], PG["port"]):
        unavailable("no PostgreSQL at 127.0.0.1:5432")
    if not answers(*REDIS):
        unavailable("no Redis at 127.0.0.1:6379")
    import boto3
    import psycopg
    import redis
    from moto.server import ThreadedMotoServer

    folder = tmp_path_factory.mktemp("deployment")
    logs = folder / "logs"
    logs.mkdir()
    processes = Processes(logs)
    http_port, https_port, app_a, app_b, s3_port = free_ports(5)

    # A database of its own, dropped after.
    database = f"ecirkel_deploy_{os.getpid()}_{secrets.token_hex(4)}"
    admin = psycopg.connect(**PG, autocommit=True)
    admin.execute(f'CREATE DATABASE "{database}"')
    # A Redis database number no one uses right now, emptied after.
    redis_db = next(
        (
            number
            for number in range(15, 7, -1)
            if redis.Redis(*REDIS, db=number).dbsize() == 0
        ),
        None,
    )
    if redis_db is None:
        pytest.fail("no empty Redis database among 8–15")
    redis_client = redis.Redis(*REDIS, db=redis_db)

    s3_server = ThreadedMotoServer(ip_address="127.0.0.1", port=s3_port)
    s3_server.start()
    s3_endpoint = f"http://127.0.0.1:{s3_port}"
    s3 = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="deploy-test",
        aws_secret_access_key="deploy-test-secret",  # noqa: S106
    )
    s3.create_bucket(Bucket=BUCKET)  # private: no ACL, no policy
    s3.put_public_access_block(
        Bucket=BUCKET,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )

    cert, key = self_signed_certificate(folder)
    static_root = folder / "static"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "AWS_", "MEDIA_"))
    } | {
        "DJANGO_SETTINGS_MODULE": "ecirkel.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "DATABASE_POOL_MAX_SIZE": "4",
        "REDIS_URL": f"redis://127.0.0.1:6379/{redis_db}",
        "STATIC_ROOT": str(static_root),
        "CACHE_DIR": str(folder / "cache"),
        "ECIRKEL_SHARING_DIR": str(folder / "sharing"),
        "MEDIA_STORAGE_BACKEND": "ecirkel.storage.PrivateS3Storage",
        "MEDIA_ACCEL_REDIRECT": "/_protected_s3",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_S3_ADDRESSING_STYLE": "path",
        "AWS_ACCESS_KEY_ID": "deploy-test",
        "AWS_SECRET_ACCESS_KEY": "deploy-test-secret",
        "GUNICORN_WORKERS": "2",
        "PYTHONUNBUFFERED": "1",
    }
    python = sys.executable
    try:
        run([python, "manage.py", "migrate", "--noinput", "-v0"], env)
        run([python, "manage.py", "collectstatic", "--noinput", "-v0"], env)
        run([python, "manage.py", "load_demo", "--force-on-production", "-v0"], env)

        gunicorn = [python, "-m", "gunicorn", "-c", str(DEPLOY / "gunicorn.conf.py")]
        app_logs = [
            processes.start(name, [*gunicorn, "--bind", f"127.0.0.1:{port}"], env)
            for name, port in (("app-a", app_a), ("app-b", app_b))
        ]
        worker_log = processes.start(
            "worker",
            [
                python,
                "manage.py",
                "db_worker",
                "--backend",
                "imports",
                "--queue-name",
                "*",
                "--no-reload",
            ],
            env,
        )

        nginx_prefix = folder / "nginx"
        access_log = logs / "nginx-access.log"
        site = run(
            [
                python,
                str(DEPLOY / "render.py"),
                str(DEPLOY / "nginx.conf.template"),
                "--set=SERVER_NAME=127.0.0.1 localhost",
                f"--set=HTTP_LISTEN=127.0.0.1:{http_port}",
                f"--set=HTTPS_LISTEN=127.0.0.1:{https_port} ssl",
                f"--set=TLS_CERTIFICATE={cert}",
                f"--set=TLS_CERTIFICATE_KEY={key}",
                f"--set=APP_SERVERS=127.0.0.1:{app_a},127.0.0.1:{app_b}",
                f"--set=STATIC_ROOT={static_root}",
                f"--set=MEDIA_ROOT={folder / 'media'}",
                f"--set=S3_ENDPOINT={s3_endpoint}",
                f"--set=ACCESS_LOG={access_log}",
                "--set=CA_CERTIFICATES=/etc/ssl/certs/ca-certificates.crt",
                "--set=MAX_UPLOAD=100m",
            ],
            env,
        )
        nginx_conf = render_module().standalone_conf(
            nginx_prefix, site, logs / "nginx-error.log"
        )
        processes.start(
            "nginx",
            [
                NGINX,
                "-p",
                str(nginx_prefix),
                "-c",
                str(nginx_conf),
                "-g",
                "daemon off;",
            ],
            env,
        )
        base = f"https://127.0.0.1:{https_port}"
        for port in (app_a, app_b):
            wait_until(
                lambda port=port: (
                    client()
                    .get(f"http://127.0.0.1:{port}/healthz", timeout=5)
                    .status_code
                    == 200
                ),
                f"gunicorn on {port}",
                processes,
            )
        wait_until(
            lambda: client(str(cert)).get(f"{base}/healthz", timeout=5).ok,
            "nginx",
            processes,
        )
        yield {
            "base": base,
            "certificate": str(cert),
            "http": f"http://127.0.0.1:{http_port}",
            "apps": [f"http://127.0.0.1:{app_a}", f"http://127.0.0.1:{app_b}"],
            "app_logs": app_logs,
            "worker_log": worker_log,
            "access_log": access_log,
            "static_root": static_root,
            "s3": s3,
            "s3_endpoint": s3_endpoint,
            "redis": redis_client,
            "env": env,
            "processes": processes,
        }
    finally:
        processes.stop_all()
        s3_server.stop()
        redis_client.flushdb()
        admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def https(deployment):
    """A client for nginx's HTTPS side, trusting the test's own certificate."""
    return client(deployment["certificate"])


def log_in(deployment, username: str) -> requests.Session:
    base = deployment["base"]
    session = client(deployment["certificate"])
    form = session.get(f"{base}/konto/logga-in/", timeout=10)
    assert form.status_code == 200
    response = session.post(
        f"{base}/konto/logga-in/",
        data={
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
            "username": username,
            "password": username,
        },
        headers={"Referer": f"{base}/konto/logga-in/"},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, response.text[:2000]
    assert "sessionid" in session.cookies
    return session


def test_the_health_check_answers_through_nginx_and_on_each_instance(deployment, https):
    response = https.get(f"{deployment['base']}/healthz", timeout=10)
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok"},
    }
    assert "no-store" in response.headers["Cache-Control"]
    assert "Set-Cookie" not in response.headers
    # Over plain HTTP too (load balancers), while everything else goes to HTTPS.
    plain = client().get(f"{deployment['http']}/healthz", timeout=10)
    assert plain.status_code == 200
    redirect = client().get(
        f"{deployment['http']}/konto/logga-in/", allow_redirects=False, timeout=10
    )
    assert redirect.status_code == 301
    assert redirect.headers["Location"].startswith("https://")
    for app in deployment["apps"]:
        assert client().get(f"{app}/healthz", timeout=10).json()["status"] == "ok"


def test_anonymous_pages_through_nginx_come_from_the_page_cache(deployment, https):
    # nginx passes the visitor's Host (with the port it came to) and that port as
    # X-Forwarded-Port: the page is kept and the next visitor gets the kept copy,
    # from whichever instance answers.
    url = f"{deployment['base']}/"
    first = https.get(url, timeout=10)
    assert first.status_code == 200
    assert first.headers["X-Cache"] in ("miss", "hit")
    assert https.get(url, timeout=10).headers["X-Cache"] == "hit"
    # A made-up port in the Host header is served, not kept.
    for _ in range(2):
        response = https.get(url, headers={"Host": "127.0.0.1:6666"}, timeout=10)
        assert response.status_code == 200
        assert "X-Cache" not in response.headers


def test_static_files_are_sent_by_nginx_compressed(deployment, https):
    manifest = json.loads((deployment["static_root"] / "staticfiles.json").read_text())
    hashed = next(
        name
        for original, name in manifest["paths"].items()
        if original.startswith("ecirkel/") and original.endswith(".css")
    )
    response = https.get(
        f"{deployment['base']}/static/{hashed}",
        headers={"Accept-Encoding": "gzip"},
        timeout=10,
    )
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "immutable" in response.headers["Cache-Control"]
    assert response.content == (deployment["static_root"] / hashed).read_bytes()
    # Django never saw it.
    for log in deployment["app_logs"]:
        paths = [line.get("path", "") for line in json_lines(log)]
        assert not any(path.startswith("/static/") for path in paths)


def test_a_login_through_nginx_works_on_both_instances(deployment):
    learner = log_in(deployment, "deltagare")
    session_key = learner.cookies["sessionid"]
    # Through nginx (whichever instance answers) and on each instance directly.
    assert (
        learner.get(
            f"{deployment['base']}/min-utveckling/", allow_redirects=False, timeout=10
        ).status_code
        == 200
    )
    for app in deployment["apps"]:
        headers = {"X-Forwarded-Proto": "https"}
        mine = client().get(
            f"{app}/min-utveckling/",
            headers={**headers, "Cookie": f"sessionid={session_key}"},
            allow_redirects=False,
            timeout=10,
        )
        assert mine.status_code == 200, app
        nobody = client().get(
            f"{app}/min-utveckling/", headers=headers, allow_redirects=False, timeout=10
        )
        assert nobody.status_code == 302
    # The session is in Redis (and written through to the database).
    keys = [key.decode() for key in deployment["redis"].keys("*")]
    assert any(key.endswith(session_key) and "session" in key for key in keys), keys


def demo_video(deployment) -> tuple[str, bytes]:
    s3 = deployment["s3"]
    keys = [item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET)["Contents"]]
    video = next(key for key in keys if key.endswith(".webm"))
    return video, s3.get_object(Bucket=BUCKET, Key=video)["Body"].read()


def test_the_demo_uploads_are_in_the_private_bucket(deployment):
    s3 = deployment["s3"]
    keys = [item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert any(key.endswith(".webm") for key in keys)  # the lecture's video
    assert any(key.endswith(".png") for key in keys)  # images
    # Nobody gets an object from the bucket without a signature.
    direct = client().get(f"{deployment['s3_endpoint']}/{BUCKET}/{keys[0]}", timeout=10)
    assert direct.status_code == 403
    public = "http://acs.amazonaws.com/groups/global/AllUsers"
    for key in [*keys[:5], None]:
        acl = (
            s3.get_object_acl(Bucket=BUCKET, Key=key)
            if key
            else s3.get_bucket_acl(Bucket=BUCKET)
        )
        assert not any(grant["Grantee"].get("URI") == public for grant in acl["Grants"])


def test_a_login_only_courses_video_is_refused_to_an_outsider_and_sent_to_a_learner(
    deployment, https
):
    key, data = demo_video(deployment)
    url = f"{deployment['base']}/media/{key}"
    outsider = https.get(url, allow_redirects=False, timeout=10)
    assert outsider.status_code == 404
    assert outsider.content != data

    learner = log_in(deployment, "deltagare")
    response = learner.get(url, timeout=30)
    assert response.status_code == 200
    assert response.content == data
    assert response.headers["Cache-Control"] == "private"
    # The bucket's own headers stay behind nginx (request ids, a CORS grant).
    for header in (
        "x-amz-request-id",
        "x-amzn-requestid",
        "Access-Control-Allow-Origin",
    ):
        assert header not in response.headers
    ranged = learner.get(url, headers={"Range": "bytes=100-199"}, timeout=30)
    assert ranged.status_code == 206
    assert ranged.content == data[100:200]
    # The application checked and nginx sent the bytes: Django's answers were empty.
    media_lines = [
        line
        for log in deployment["app_logs"]
        for line in json_lines(log)
        if line.get("message") == "request" and line["path"] == f"/media/{key}"
    ]
    assert {line["status"] for line in media_lines} == {200, 404}
    assert all(line["bytes"] == 0 for line in media_lines if line["status"] == 200)


def test_an_editors_upload_lands_in_the_bucket(deployment):
    editor = log_in(deployment, "redaktor")
    base = deployment["base"]
    form = editor.get(f"{base}/admin/documents/add/", timeout=10)
    assert form.status_code == 200
    content = b"Rutiner for kontaktcentret\n" * 10
    response = editor.post(
        f"{base}/admin/documents/add/",
        data={"csrfmiddlewaretoken": editor.cookies["csrftoken"], "title": "Rutiner"},
        files={"file": ("rutiner.txt", content, "text/plain")},
        headers={"Referer": f"{base}/admin/documents/add/"},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, response.text[:3000]
    s3 = deployment["s3"]
    keys = [item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET)["Contents"]]
    uploaded = [key for key in keys if key.startswith("documents/rutiner")]
    assert uploaded, keys
    assert s3.get_object(Bucket=BUCKET, Key=uploaded[0])["Body"].read() == content


def test_the_import_worker_runs_queued_imports_in_its_own_process(deployment):
    script = """
import time
from django.contrib.auth import get_user_model
from imports import jobs
from imports.models import ImportJob
job = jobs.create(get_user_model().objects.get(username="redaktor"), "trasig.zip")
jobs.package_path(job).write_bytes(b"not a zip file")
jobs.start(job)
for _ in range(120):
    job.refresh_from_db()
    if job.status not in {"queued", "checking"}:
        break
    time.sleep(0.5)
print(job.status)
"""
    out = run([sys.executable, "manage.py", "shell", "-c", script], deployment["env"])
    assert out.strip().splitlines()[-1] == "failed"  # refused by the worker's check
    assert deployment["processes"].running["worker"].poll() is None


def test_every_log_line_is_json_with_the_request_id_nginx_made(deployment, https):
    https.get(f"{deployment['base']}/healthz", timeout=10)
    missing = https.get(f"{deployment['base']}/finns-inte/?q=hemligt", timeout=10)
    assert missing.status_code == 404
    time.sleep(1)  # nginx writes its access log line after the response
    nginx_lines = json_lines(deployment["access_log"])
    app_lines = [line for log in deployment["app_logs"] for line in json_lines(log)]
    requests_logged = [line for line in app_lines if line.get("message") == "request"]
    assert requests_logged
    for line in requests_logged:
        assert {"time", "request_id", "method", "path", "status", "duration_ms"} <= set(
            line
        )
    health = [line for line in nginx_lines if line["path"] == "/healthz"][-1]
    assert health["status"] == 200
    assert any(line["request_id"] == health["request_id"] for line in requests_logged)
    # The application's own lines (Django's "Not Found") carry their request's id,
    # and no query string.
    warnings = [
        line
        for line in app_lines
        if line.get("logger") == "django.request" and "finns-inte" in line["message"]
    ]
    assert warnings
    assert all(line["request_id"] for line in warnings)
    assert {line["request_id"] for line in warnings} <= {
        line["request_id"] for line in requests_logged
    }
    assert not any("hemligt" in json.dumps(line) for line in app_lines + nginx_lines)
    text = "".join(
        log.read_text() for log in [*deployment["app_logs"], deployment["access_log"]]
    )
    assert "csrfmiddlewaretoken" not in text
    assert "password" not in text.lower()
    json_lines(deployment["worker_log"])  # the worker's lines too
