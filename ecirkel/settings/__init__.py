"""Settings modules: ``dev`` (make run), ``test`` (pytest) and ``production``.

Nothing chooses one by default: a web server or command started without
DJANGO_SETTINGS_MODULE stops with an explanation instead of running with the
development settings (DEBUG on, a secret key anyone can read in the repository).
"""

import os

from django.core.exceptions import ImproperlyConfigured

MISSING = (
    "Set DJANGO_SETTINGS_MODULE: ecirkel.settings.production on a server, "
    "ecirkel.settings.dev on your own computer (make run sets it for you). There is "
    "no default, so a server never starts with the development settings by mistake."
)


def require_settings_module() -> None:
    """Raise ImproperlyConfigured unless DJANGO_SETTINGS_MODULE is set."""
    if not os.environ.get("DJANGO_SETTINGS_MODULE"):
        raise ImproperlyConfigured(MISSING)
