"""The ASGI application (`uvicorn ecirkel.asgi:application`).

DJANGO_SETTINGS_MODULE must be set (ecirkel.settings.production on a server); there
is deliberately no default.
"""

from django.core.asgi import get_asgi_application

from ecirkel.settings import require_settings_module

require_settings_module()

application = get_asgi_application()
