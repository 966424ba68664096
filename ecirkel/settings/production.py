"""Production: every secret and host name comes from the environment.

Required: SECRET_KEY (at least 50 characters, 5 different; not one committed to
this repository), ALLOWED_HOSTS,
DATABASE_URL (PostgreSQL; SQLite only with ALLOW_SQLITE_IN_PRODUCTION=1).
Optional: MEDIA_STORAGE_BACKEND, MEDIA_ROOT, MEDIA_URL, CSRF_TRUSTED_ORIGINS,
SECURE_SSL_REDIRECT (default on), SECURE_HSTS_SECONDS (default one year),
SECURE_HSTS_PRELOAD (default on), REDIS_URL (shared cache and sessions),
DATABASE_POOL_MAX_SIZE, DATABASE_POOL_TIMEOUT, TRUSTED_PROXY_COUNT (default 1),
LOGIN_FAILURE_LIMIT, LOGIN_LOCKOUT_MINUTES, MEDIA_ACCEL_REDIRECT, STATIC_ROOT,
LOG_LEVEL (default INFO); for media on S3
(MEDIA_STORAGE_BACKEND=ecirkel.storage.PrivateS3Storage): AWS_STORAGE_BUCKET_NAME
(required then), AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME, AWS_S3_ADDRESSING_STYLE,
AWS_QUERYSTRING_EXPIRE, and the keys AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY
(read by django-storages/boto3, never by this file).
docs/deploy.md describes every variable.

A setting that is missing or unsafe stops the site with ImproperlyConfigured; nothing
falls back to the development defaults.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    BASE_DIR,
    COMMITTED_SECRET_KEYS,
    STORAGES,
    database_config,
    env_list,
)


def required(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(
            f"Set the {name} environment variable for production."
        )
    return value


def env_flag(name: str, default: bool) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {
        "1",
        "true",
        "yes",
        "on",
    }


DEBUG = False
SECRET_KEY = required("SECRET_KEY")
if SECRET_KEY in COMMITTED_SECRET_KEYS:
    raise ImproperlyConfigured(
        "SECRET_KEY is a key committed to the repository, for development and tests "
        "only. Set SECRET_KEY to a new random value of at least 50 characters, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )
# Django's own rule (check security.W009), made an error: a short or repetitive key
# can be guessed, and with it sessions and password-reset links forged.
if (
    len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith("django-insecure-")
):
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak: it needs at least 50 characters, at least 5 of them "
        "different, and no 'django-insecure-' prefix. Make one with "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "Set the ALLOWED_HOSTS environment variable for production: the host names "
        "of the site, separated by commas."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

DATABASES = {"default": database_config(required("DATABASE_URL"))}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql" and not (
    DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    and env_flag("ALLOW_SQLITE_IN_PRODUCTION", False)
):
    raise ImproperlyConfigured(
        "DATABASE_URL must point to PostgreSQL in production "
        "(postgres://user:password@host:5432/name). To run a small installation on "
        "the embedded SQLite file anyway, also set ALLOW_SQLITE_IN_PRODUCTION=1."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"  # Wagtail overrides it for its own preview frames

# The site runs behind one TLS-terminating proxy (see README), so the learner's
# address for login throttling is the last one that proxy adds to X-Forwarded-For.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))
# The port the visitor came to is the proxy's (nginx sends X-Forwarded-Port), not
# gunicorn's: Wagtail matches sites by it, and the anonymous page cache keeps only
# pages whose Host header names no other port (ecirkel/pagecache.py). Without a
# proxy in front (TRUSTED_PROXY_COUNT=0) a client's own header is not believed.
USE_X_FORWARDED_PORT = TRUSTED_PROXY_COUNT > 0

# collectstatic's folder, which nginx serves (deploy/nginx.conf.template).
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", str(BASE_DIR / "static")))
STORAGES["staticfiles"]["BACKEND"] = (
    "whitenoise.storage.CompressedManifestStaticFilesStorage"
)

# Cached fragments and the content version that invalidates them (ecirkel.caching)
# must be shared by every process; without Redis a file cache is, per machine.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / "var" / "cache")),
    }
}
if os.environ.get("REDIS_URL"):
    # Shared by every worker process; a Redis that does not answer within 5 s is an
    # error rather than a hung request.
    CACHES = {
        "default": {
            "BACKEND": "ecirkel.redis_cache.SharedClientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "OPTIONS": {"socket_connect_timeout": 5, "socket_timeout": 5},
        }
    }

# Sessions: with Redis, read from the shared cache (no query per request) and written
# through to the database, so every application server sees the same session and a
# restarted or flushed Redis logs no one out.
if os.environ.get("REDIS_URL"):
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Load balancers ask for the health check over plain HTTP (ecirkel/health.py).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Uploaded files on S3-compatible storage (ecirkel/storage.py): a private bucket.
if STORAGES["default"]["BACKEND"] == "ecirkel.storage.PrivateS3Storage":
    STORAGES["default"]["OPTIONS"] = {
        "bucket_name": required("AWS_STORAGE_BUCKET_NAME"),
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
        "signature_version": "s3v4",
        # The presigned URL nginx fetches right after the check: short-lived.
        "querystring_expire": int(os.environ.get("AWS_QUERYSTRING_EXPIRE", "60")),
    }

# Logs: JSON lines on stdout (ecirkel/logs.py); systemd's journal or the container
# runtime keeps them. gunicorn writes one line per request in the same form
# (deploy/gunicorn.conf.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "ecirkel.logs.RequestContext"}},
    "formatters": {"json": {"()": "ecirkel.logs.JsonLines"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["request"],
        }
    },
    "root": {"handlers": ["stdout"], "level": "WARNING"},
    "loggers": {
        "ecirkel": {"level": os.environ.get("LOG_LEVEL", "INFO")},
        "django": {"level": "INFO"},
        # Tracebacks of failed requests come through django.request; the server's
        # own request lines come from gunicorn.
        "django.server": {"level": "WARNING"},
    },
}
