"""Local development: `make run`. Never use these settings on a server."""

from .base import *  # noqa: F403
from .base import env_list

DEBUG = True
SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
