"""Local development: `make run`. Never use these settings on a server."""

from .base import *  # noqa: F403
from .base import DEV_SECRET_KEY, env_list

DEBUG = True
SECRET_KEY = DEV_SECRET_KEY
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
ECIRKEL_ALLOW_DEMO = True  # `manage.py load_demo` may create its demo accounts
