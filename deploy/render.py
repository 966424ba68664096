"""Fill in a template of deploy/ (``{{NAME}}`` placeholders) and print it.

    python deploy/render.py deploy/nginx.conf.template --set SERVER_NAME=kc.example.se …

Values come from ``--set NAME=VALUE`` or else from the environment. A placeholder
without a value stops it (nothing half-filled is written). ``UPSTREAM_SERVERS`` is
made from ``APP_SERVERS`` (comma-separated host:port); ``LOG_REDACT_MAP`` from the
list of secret-bearing paths in ecirkel/secret_paths.py. Standard library only.
"""

import argparse
import importlib.util
import os
import re
import sys
from pathlib import Path

PLACEHOLDER = re.compile(r"\{\{\s*([A-Z][A-Z0-9_]*)\s*\}\}")
SECRET_PATHS_FILE = Path(__file__).resolve().parents[1] / "ecirkel" / "secret_paths.py"


def log_redact_map() -> str:
    """nginx's access-log map, from the one list the application's logs use too."""
    spec = importlib.util.spec_from_file_location("secret_paths", SECRET_PATHS_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.nginx_log_map()


def upstream_servers(app_servers: str) -> str:
    servers = [server.strip() for server in app_servers.split(",") if server.strip()]
    if not servers:
        raise ValueError("APP_SERVERS names no server")
    return "\n".join(
        f"    server {server} max_fails=3 fail_timeout=10s;" for server in servers
    )


def render(template: str, values: dict[str, str]) -> str:
    values = dict(values)
    if "APP_SERVERS" in values and "UPSTREAM_SERVERS" not in values:
        values["UPSTREAM_SERVERS"] = upstream_servers(values["APP_SERVERS"])
    if "LOG_REDACT_MAP" not in values:
        values["LOG_REDACT_MAP"] = log_redact_map()
    missing = sorted(
        {name for name in PLACEHOLDER.findall(template) if not values.get(name)}
    )
    if missing:
        raise ValueError("no value for " + ", ".join(missing))
    return PLACEHOLDER.sub(lambda match: values[match[1]], template)


def standalone_conf(
    prefix: Path,
    site: str,
    error_log: Path,
    *,
    worker_connections: int = 256,
    http: str = "",
) -> Path:
    """A main nginx.conf in ``prefix`` that serves ``site`` (a rendered template) on
    its own, for ``nginx -p PREFIX -c <the returned path>``: the deployment test and
    the capacity bench start nginx so. A server has its own main nginx.conf, which
    includes the site (docs/deploy.md). ``http``: more lines for the http block."""
    temp = prefix / "temp"
    for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (temp / sub).mkdir(parents=True, exist_ok=True)
    (prefix / "site.conf").write_text(site, encoding="utf-8")
    # As root, nginx's workers would otherwise run as nobody, who cannot read a
    # checkout in root's home.
    user = "user root root;\n" if os.geteuid() == 0 else ""
    conf = prefix / "nginx.conf"
    conf.write_text(
        f"""{user}worker_processes 1;
worker_rlimit_nofile {2 * worker_connections + 64};
pid {prefix / "nginx.pid"};
error_log {error_log} warn;
events {{ worker_connections {worker_connections}; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {temp / "client_body"};
    proxy_temp_path {temp / "proxy"};
    fastcgi_temp_path {temp / "fastcgi"};
    uwsgi_temp_path {temp / "uwsgi"};
    scgi_temp_path {temp / "scgi"};
{http}    include {prefix / "site.conf"};
}}
""",
        encoding="utf-8",
    )
    return conf


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("template", type=Path)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    args = parser.parse_args(argv)
    values = dict(os.environ)
    for item in args.set:
        name, _, value = item.partition("=")
        values[name] = value
    try:
        sys.stdout.write(render(args.template.read_text(encoding="utf-8"), values))
    except ValueError as error:
        sys.stderr.write(f"{args.template}: {error}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
