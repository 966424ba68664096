from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageCookieMiddleware:
    """Activate the language the user chose with the switcher, else Swedish.

    Django's LocaleMiddleware would follow the browser's Accept-Language header, so a
    recruit whose browser happens to be set to English would get English by default.
    E-cirkel is Swedish first: only an explicit choice (the language cookie) changes it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
