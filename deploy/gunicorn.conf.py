"""gunicorn's configuration for E-cirkel (docs/deploy.md).

    gunicorn -c deploy/gunicorn.conf.py --bind 127.0.0.1:8001

Settings from the environment: GUNICORN_BIND (default 127.0.0.1:8001; --bind wins),
GUNICORN_WORKERS (default 2 × cores + 1), GUNICORN_TIMEOUT (seconds, default 30).
The application's own settings come from DJANGO_SETTINGS_MODULE and the variables
docs/deploy.md lists.

Logs: JSON lines on stdout, one per request (request id, method, path, status,
duration, bytes) and gunicorn's own messages, in the same form as the application's
(ecirkel/logs.py). The request id is nginx's X-Request-ID, or a new one.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ecirkel import logs  # noqa: E402

chdir = str(ROOT)
wsgi_app = "ecirkel.wsgi:application"
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")]
workers = int(os.environ.get("GUNICORN_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
worker_class = "sync"  # nginx buffers slow clients; videos are sent by nginx
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# A worker is replaced after this many requests (a slow leak never grows for long).
max_requests = 2000
max_requests_jitter = 200
# nginx on the same machine sets X-Forwarded-For/-Proto; trust only it.
forwarded_allow_ips = "127.0.0.1,::1"
# The application is loaded once per worker, after the fork: every worker opens its
# own database pool and Redis connections.
preload_app = False

accesslog = "-"
errorlog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "ecirkel.logs.JsonLines"},
        "access": {"()": "ecirkel.logs.AccessJsonLines"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        },
        "access": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "access",
        },
    },
    "root": {"level": "WARNING", "handlers": ["stdout"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
        "gunicorn.access": {
            "level": "INFO",
            "handlers": ["access"],
            "propagate": False,
        },
    },
}


def pre_request(worker, req):
    """The request id for this request's log lines (and the access line)."""
    request_id = logs.start_request(req.headers)
    if not any(name.upper() == logs.REQUEST_ID_HEADER for name, _ in req.headers):
        req.headers.append((logs.REQUEST_ID_HEADER, request_id))
    else:  # replace one that did not look like an id
        req.headers = [
            (name, request_id if name.upper() == logs.REQUEST_ID_HEADER else value)
            for name, value in req.headers
        ]


def post_request(worker, req, environ, resp):
    logs.end_request()
