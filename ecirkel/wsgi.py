"""The WSGI application for gunicorn (`gunicorn ecirkel.wsgi`).

DJANGO_SETTINGS_MODULE must be set (ecirkel.settings.production on a server); there
is deliberately no default.
"""

from django.core.wsgi import get_wsgi_application

from ecirkel.settings import require_settings_module

require_settings_module()

application = get_wsgi_application()
