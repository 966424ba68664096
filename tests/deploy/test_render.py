"""deploy/render.py fills every placeholder of the nginx template, or refuses."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "deploy" / "nginx.conf.template"
VALUES = {
    "SERVER_NAME": "kc.example.se",
    "HTTP_LISTEN": "80",
    "HTTPS_LISTEN": "443 ssl",
    "TLS_CERTIFICATE": "/etc/ssl/kc.crt",
    "TLS_CERTIFICATE_KEY": "/etc/ssl/kc.key",
    "APP_SERVERS": "127.0.0.1:8001, 127.0.0.1:8002",
    "STATIC_ROOT": "/srv/ecirkel/static",
    "MEDIA_ROOT": "/srv/ecirkel/media",
    "S3_ENDPOINT": "https://s3.eu-north-1.amazonaws.com",
    "ACCESS_LOG": "/var/log/nginx/ecirkel.log",
    "CA_CERTIFICATES": "/etc/ssl/certs/ca-certificates.crt",
    "MAX_UPLOAD": "4100m",
}


def render(values: dict[str, str]):
    return subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "deploy" / "render.py"), str(TEMPLATE)]
        + [f"--set={name}={value}" for name, value in values.items()],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin"},
    )


def test_every_placeholder_is_filled_and_each_app_server_listed():
    result = render(VALUES)
    assert result.returncode == 0, result.stderr
    assert "{{" not in result.stdout
    assert "    server 127.0.0.1:8001 max_fails=3 fail_timeout=10s;" in result.stdout
    assert "    server 127.0.0.1:8002 max_fails=3 fail_timeout=10s;" in result.stdout
    assert "proxy_pass https://s3.eu-north-1.amazonaws.com/;" in result.stdout


@pytest.mark.parametrize("missing", ["SERVER_NAME", "APP_SERVERS", "TLS_CERTIFICATE"])
def test_a_missing_value_writes_nothing_and_names_it(missing):
    result = render({k: v for k, v in VALUES.items() if k != missing})
    assert result.returncode == 1
    assert result.stdout == ""
    assert (missing if missing != "APP_SERVERS" else "UPSTREAM_SERVERS") in (
        result.stderr
    )


def test_the_access_log_cuts_out_every_secret_path():
    site = render(VALUES).stdout
    assert (
        '"~^(?<keep>/konto/inbjudan/)[^/?]+(?<rest>[^?]*)" "${keep}REDACTED${rest}";'
        in site
    )
    assert (
        '"~^(?<keep>/konto/nytt-losenord/)[^/?]+/[^/?]+(?<rest>[^?]*)" '
        '"${keep}REDACTED/REDACTED${rest}";' in site
    )
    assert "/admin/password_reset/confirm/)" in site


def test_the_env_example_can_be_sourced_by_bash_as_the_docs_say():
    # docs/deploy.md: "set -a; . /etc/ecirkel/env; set +a"; systemd's EnvironmentFile
    # strips the same quotes.
    example = ROOT / "deploy" / "env.example"
    result = subprocess.run(  # noqa: S603
        [
            "/bin/bash",
            "-c",
            'set -e; set -a; . "$1"; set +a; '
            'printf "%s\\n" "$DEFAULT_FROM_EMAIL" "$ALLOWED_HOSTS" "$GUNICORN_WORKERS"',
            "bash",
            str(example),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    email, hosts, workers = result.stdout.splitlines()
    assert email == "E-cirkel <noreply@ecirkel.example.se>"
    assert hosts == "ecirkel.example.se"
    assert workers.isdigit()


def test_the_env_examples_workers_and_pools_fit_postgresqls_default_connections():
    values = dict(
        line.split("=", 1)
        for line in (ROOT / "deploy" / "env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )
    instances, other_processes = 2, 2  # two ecirkel-web@ units; worker and a command
    processes = instances * int(values["GUNICORN_WORKERS"]) + other_processes
    assert processes * int(values["DATABASE_POOL_MAX_SIZE"]) <= 100 - 3


def location(site: str, start: str) -> str:
    """The text of the location block that begins with ``start`` (nested ones too)."""
    text = site[site.index(start) :]
    depth = 0
    opening = text.index(" {\n")  # not the braces of a regular expression
    for at, char in enumerate(text[opening:], opening):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if char == "}" and depth == 0:
            return text[: at + 1]
    raise AssertionError(start)


@pytest.mark.parametrize(
    "start", ["location /_protected_media/", "location /_protected_s3/"]
)
def test_files_sent_by_x_accel_keep_the_security_headers(start):
    block = location(render(VALUES).stdout, start)
    for header in (
        "X-Content-Type-Options nosniff",
        "Content-Security-Policy \"default-src 'none';",
        "X-Frame-Options",
        "Referrer-Policy",
        "Strict-Transport-Security",
    ):
        assert f"add_header {header}" in block, header
    assert block.count("add_header") == block.count(" always;")


def test_only_the_admins_package_and_video_uploads_take_a_big_body():
    site = render(VALUES).stdout
    https = site[site.index("listen 443 ssl") :]
    assert "client_max_body_size 16m;" in https
    assert site.count("client_max_body_size 4100m;") == 1
    upload = location(site, 'location ~ "^/admin/(kursimport/')
    assert "client_max_body_size 4100m;" in upload
    assert "proxy_pass http://ecirkel_app;" in upload
    pattern = re.search(r'location ~ "([^"]+)"', upload)[1]
    for path in (
        "/admin/kursimport/",
        "/admin/media/video/add/",
        "/admin/media/audio/chooser/upload/",
        "/admin/media/edit/12/",
    ):
        assert re.match(pattern, path), path
    for path in ("/admin/", "/konto/", "/admin/documents/add/", "/admin/kursimport/x"):
        assert not re.match(pattern, path), path


def test_no_server_block_tells_nginxs_version():
    site = render(VALUES).stdout
    assert site.count("server {") == site.count("server_tokens off;") == 2


def test_hashed_static_files_get_one_cache_control_header():
    block = location(render(VALUES).stdout, 'location ~ "\\.[0-9a-f]{12}')
    assert "expires off;" in block
    assert block.count("Cache-Control") == 1
