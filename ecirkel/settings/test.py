"""Settings for the test suite: fixed secret, fast hashing, no manifest, local cache.

On SQLite the test database is a file (not Django's in-memory default) with the same
OPTIONS as a real installation, so the concurrency tests meet real file locking.
"""

import atexit
import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, TEST_SECRET_KEY

DEBUG = False
SECRET_KEY = TEST_SECRET_KEY
ALLOWED_HOSTS = ["*"]  # the test client and the live server use several host names
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WHITENOISE_AUTOREFRESH = True
SHARING_WORK_DIR = Path(tempfile.mkdtemp(prefix="ecirkel-sharing-"))
ECIRKEL_ALLOW_DEMO = True  # `manage.py load_demo` may create its demo accounts

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One file per test run, so runs never collide. pytest-django deletes it at the
    # end; its write-ahead log files can outlive it and are removed on exit.
    _TEST_DB = Path(tempfile.gettempdir()) / f"ecirkel-test-{os.getpid()}.sqlite3"
    DATABASES["default"]["TEST"] = {"NAME": str(_TEST_DB)}

    @atexit.register
    def _remove_test_database_files() -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{_TEST_DB}{suffix}").unlink(missing_ok=True)
