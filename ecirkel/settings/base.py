"""Settings shared by every environment.

Configuration that differs between installations comes from the environment:
``DATABASE_URL``, ``SECRET_KEY``, ``ALLOWED_HOSTS``, ``MEDIA_ROOT``, ``MEDIA_URL`` and
``MEDIA_STORAGE_BACKEND``. Development and tests use the embedded SQLite file when
``DATABASE_URL`` is not set; production requires it (see production.py).
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated environment variable as a list, blanks dropped."""
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


# The secret keys committed to this repository (development and tests only).
# Production refuses them, so a copy of the development settings cannot go live.
DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
TEST_SECRET_KEY = "test-only-secret-key"  # noqa: S105
COMMITTED_SECRET_KEYS = frozenset({DEV_SECRET_KEY, TEST_SECRET_KEY})

# SQLite for many learners at once: write-ahead logging lets readers go on while one
# connection writes; a write transaction takes the write lock when it begins
# (IMMEDIATE), so two transactions never both read and then fail to upgrade to a
# write ("database is locked"); and a writer waits up to 20 s for the lock instead
# of failing at once. synchronous=NORMAL is safe with WAL (a power cut can lose the
# last commits, never corrupt the file).
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
}


def database_config(url: str) -> dict:
    """The database at ``url`` (a DATABASE_URL), set up for concurrent learners.

    PostgreSQL gets a connection pool per process (Django's, on psycopg_pool): a
    burst of parallel requests shares at most DATABASE_POOL_MAX_SIZE connections
    (waiting up to DATABASE_POOL_TIMEOUT seconds for one) instead of opening one per
    request until the server answers "too many clients"; pooled connections are
    checked before use. DATABASE_POOL_MAX_SIZE=0 turns the pool off (behind
    PgBouncer, say); connections then live DATABASE_CONN_MAX_AGE seconds.
    """
    config = dj_database_url.parse(url)
    options = config.setdefault("OPTIONS", {})
    conn_max_age = int(os.environ.get("DATABASE_CONN_MAX_AGE", "60"))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        options.update(SQLITE_OPTIONS)
        config["CONN_MAX_AGE"] = conn_max_age
    elif config["ENGINE"] == "django.db.backends.postgresql":
        config["CONN_HEALTH_CHECKS"] = True
        pool_size = int(os.environ.get("DATABASE_POOL_MAX_SIZE", "20"))
        if pool_size:
            options["pool"] = {
                "min_size": 1,
                "max_size": pool_size,
                "timeout": int(os.environ.get("DATABASE_POOL_TIMEOUT", "30")),
            }
            config["CONN_MAX_AGE"] = 0  # the pool keeps the connections
        else:
            config["CONN_MAX_AGE"] = conn_max_age
    return config


INSTALLED_APPS = [
    "users",
    "courses",
    "quizzes",
    "roleplays",
    "progress",
    "certificates",
    "circles",
    "lectures",
    "dashboard",
    "feedback",
    "evaluations",
    "catalogs",
    "sharing",
    "localfacts",
    "imports",
    "benchmarks",
    "wagtailmedia",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files answer here, already compressed (gzip and Brotli files written by
    # collectstatic in production), so nothing below sees them.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML and JSON compressed for every client that accepts gzip; above everything
    # that writes the body, so it compresses the finished page (cached ones too). It
    # pads each response with random bytes against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ecirkel.middleware.LanguageCookieMiddleware",
    # The content version that cached fragments are keyed by, read once per request
    # (ecirkel/caching.py).
    "ecirkel.caching.OneVersionPerRequestMiddleware",
    # Whole pages for anonymous visitors (ecirkel/pagecache.py): after the session
    # and the language it keys by, before the middleware that set cookies (CSRF,
    # messages) so that it sees them and keeps no such page.
    "ecirkel.pagecache.AnonymousPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Wagtail's page view gets the request's site from the cache (ecirkel/sites.py).
    "ecirkel.sites.KeptSiteMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ecirkel.csp.ContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns a login refused for too many failures into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# How long a whole page kept for anonymous visitors lives (ecirkel/pagecache.py), in
# seconds; 0 turns the page cache off. Publishing makes it stale at once; the limit
# only bounds how long a change the site is not told about (a database restored
# under it) can show.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))

ROOT_URLCONF = "ecirkel.urls"
# A form sent with an expired security token gets the site's 403 page, not Django's
# page for developers (ecirkel/errors.py).
CSRF_FAILURE_VIEW = "ecirkel.errors.csrf_failure"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "ecirkel.wsgi.application"

# Development and tests: the embedded SQLite file unless DATABASE_URL says otherwise.
# production.py replaces this and requires DATABASE_URL.
DATABASES = {
    "default": database_config(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "users.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]
# django-axes checks every login (the learner form and /admin/login/) before Django's
# own backend; see users/throttle.py.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL

# Language: Swedish first, English available. The learner's choice is kept in the
# language cookie (see ecirkel.middleware); without a choice the site is Swedish.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAIL_CONTENT_LANGUAGES = [("sv", "Svenska")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("sv", "Svenska"), ("en", "English")]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = BASE_DIR / "static"
STATIC_URL = "/static/"

MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
# Sharing packages at work (uploads, downloads, exported packages): private, never under
# MEDIA_ROOT, so no URL reaches them.
SHARING_WORK_DIR = Path(
    os.environ.get("ECIRKEL_SHARING_DIR", BASE_DIR / "var" / "sharing")
)
# Limits on a sharing package that is read (sharing/package.py): members, bytes
# unpacked in all and per file, compression ratio of files over 1 MiB, manifest.json
# and content.json sizes.
SHARING_MAX_FILES = int(os.environ.get("SHARING_MAX_FILES", 10_000))
SHARING_MAX_PACKAGE_BYTES = int(os.environ.get("SHARING_MAX_PACKAGE_BYTES", 20 * 2**30))
SHARING_MAX_FILE_BYTES = int(os.environ.get("SHARING_MAX_FILE_BYTES", 10 * 2**30))
SHARING_MAX_COMPRESSION_RATIO = int(
    os.environ.get("SHARING_MAX_COMPRESSION_RATIO", 200)
)
SHARING_MAX_MANIFEST_BYTES = int(os.environ.get("SHARING_MAX_MANIFEST_BYTES", 2**20))
SHARING_MAX_CONTENT_BYTES = int(os.environ.get("SHARING_MAX_CONTENT_BYTES", 64 * 2**20))
# Uploaded files go through Django's checking view (ecirkel/media.py): only those who
# may view a course that uses a file get it. Turn off only when every course is public
# and a proxy or object storage serves MEDIA_URL itself.
SERVE_MEDIA = os.environ.get("SERVE_MEDIA", "1").lower() in {"1", "true", "yes", "on"}

# `make bench` only (README, "Performance"): mounts the minimal view R2 at
# /__bench__/r2/ and lets the bare reference page R1 answer. Off by default.
BENCHMARK = os.environ.get("ECIRKEL_BENCHMARK", "0").lower() in {
    "1",
    "true",
    "yes",
    "on",
}
# In production: after the check, let the web server send the bytes from this internal
# location (nginx `X-Accel-Redirect`), so a video never holds an application worker.
MEDIA_ACCEL_REDIRECT = os.environ.get("MEDIA_ACCEL_REDIRECT", "")

STORAGES = {
    "default": {
        "BACKEND": os.environ.get(
            "MEDIA_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"
        ),
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}

# Uploads: Django refuses request bodies above these sizes; Wagtail checks images.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Complex page models can exceed Django's default of 1000 fields in the page editor.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "E-cirkel"
# Page addresses in plain ASCII: "vård" becomes "vard" (ecirkel.content.AsciiSlugMixin).
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        # PostgreSQL: Swedish stemming ("samtalen" finds "samtal"); SQLite ignores it.
        "SEARCH_CONFIG": "swedish",
    },
}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Wagtail's login form leaves "Password" in English; this one translates it.
WAGTAILADMIN_USER_LOGIN_FORM = "ecirkel.admin_forms.AdminLoginForm"
WAGTAILMEDIA = {
    "MEDIA_FORM_BASE": "lectures.forms.SniffedMediaForm",
    "VIDEO_EXTENSIONS": ["mp4", "webm"],
    "AUDIO_EXTENSIONS": ["mp3", "m4a", "ogg"],
}
TAGGIT_CASE_INSENSITIVE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}


def content_security_policy(media_url: str) -> dict[str, list[str]]:
    """The Content-Security-Policy of every page but the Wagtail admin.

    Scripts only from the site's own static files (no inline script, no on…=
    handler, no eval). Styles from the stylesheet; inline style *attributes* are
    allowed (the mindmap places each node with one), <style> elements are not;
    browsers without style-src-attr fall back to style-src. Uploaded images and
    videos also from MEDIA_URL's host when it is elsewhere (S3).
    """
    media = [SELF]
    parts = urlsplit(media_url)
    if parts.scheme in {"http", "https"} and parts.netloc:
        media.append(f"{parts.scheme}://{parts.netloc}")
    return {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "style-src-elem": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": media,
        "media-src": media,
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }


CONTENT_SECURITY_POLICY = {"DIRECTIVES": content_security_policy(MEDIA_URL)}
# The Wagtail admin writes inline scripts of its own (date pickers, inline panels)
# and has no nonce support, so under /admin/ only (ecirkel/csp.py) inline scripts
# and styles are allowed; eval, plugins, other sites' scripts and framing by other
# sites stay refused. Its preview frame is same-origin; uploads preview as blob:.
ADMIN_CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "style-src-elem": [SELF, UNSAFE_INLINE],
    "img-src": [*CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"], "data:", "blob:"],
    "media-src": [*CONTENT_SECURITY_POLICY["DIRECTIVES"]["media-src"], "blob:"],
    "font-src": [SELF, "data:"],
    "frame-src": [SELF],
    "worker-src": [SELF, "blob:"],
    "frame-ancestors": [SELF],
}
ADMIN_URL_PREFIX = "/admin/"
# No Gravatar in the admin: it would send a hash of every editor's e-mail address
# to another site, and the policy does not allow its images.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Login throttling (django-axes). After LOGIN_FAILURE_LIMIT failed logins within
# LOGIN_LOCKOUT_MINUTES, an account (from any address) and an address (for any
# account) are locked for LOGIN_LOCKOUT_MINUTES after the last failure, even for the
# right password; an administrator unlocks earlier (Settings → Login lockouts, or
# `manage.py axes_reset_username NAME`).
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(
    minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))
)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_CALLABLE = "users.throttle.locked_out"
AXES_CLIENT_IP_CALLABLE = "users.throttle.client_address"
AXES_ENABLE_ADMIN = False  # Django's admin is not installed; Wagtail's lists them
# Keep only failures (deleted once they are older than the cool-off), not a log of
# every successful login with its address: personal data we have no use for.
AXES_DISABLE_ACCESS_LOG = True
# How many proxies in front of Django append to X-Forwarded-For; 0 means the client
# connects directly. production.py defaults to 1 (a TLS-terminating proxy).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# How long the statement log keeps events (days); summaries are kept. Enforced by
# `manage.py purge_statements`, to be run daily (cron or a scheduler).
PROGRESS_STATEMENT_RETENTION_DAYS = int(
    os.environ.get("PROGRESS_STATEMENT_RETENTION_DAYS", str(3 * 365))
)

# E-mail (invitations to set a password): Django's SMTP backend, configured from the
# environment. The development settings print e-mails to the console instead, and
# the tests keep them in memory.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "").lower() in {
    "1",
    "true",
    "yes",
    "on",
}
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "E-cirkel <noreply@localhost>"
)
# How long an invitation link works (days); it works once, and a new invitation to
# the same person replaces it.
INVITATION_EXPIRY_DAYS = int(os.environ.get("INVITATION_EXPIRY_DAYS", "7"))

# Catalog feeds (catalogs/): reading other installations' catalogs and downloading
# their packages. Timeouts in seconds (connecting, then between two reads); a feed
# larger than CATALOG_FEED_MAX_BYTES is refused; a subscription's feed is read again
# when its browse page is opened and it is older than CATALOG_REFRESH_MINUTES.
CATALOG_CONNECT_TIMEOUT = float(os.environ.get("CATALOG_CONNECT_TIMEOUT", "10"))
CATALOG_READ_TIMEOUT = float(os.environ.get("CATALOG_READ_TIMEOUT", "30"))
CATALOG_FEED_MAX_BYTES = int(os.environ.get("CATALOG_FEED_MAX_BYTES", str(2 * 1024**2)))
CATALOG_REFRESH_MINUTES = int(os.environ.get("CATALOG_REFRESH_MINUTES", "60"))
# The longest a package download from a catalog may take, in seconds (generous: a
# large package on a slow line; the read timeout still ends a stalled one sooner).
CATALOG_DOWNLOAD_DEADLINE = float(os.environ.get("CATALOG_DOWNLOAD_DEADLINE", "3600"))
# Background tasks (django-tasks, the backport of Django 6's django.tasks). Wagtail's
# own tasks run at once in the request, as before (default). Course imports go to
# their own backend: a queue in the database, worked by `manage.py db_worker
# --backend imports` (`make run` starts it). See README, "Importing in the admin".
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "imports": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
# The largest course package an editor may upload in the admin (bytes).
SHARING_MAX_UPLOAD_BYTES = int(
    os.environ.get("SHARING_MAX_UPLOAD_BYTES", str(4 * 1024**3))
)
