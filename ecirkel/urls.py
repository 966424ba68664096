import re

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from ecirkel.health import healthz
from ecirkel.media import serve_media
from ecirkel.search import search
from users import password_reset

handler400 = "ecirkel.errors.bad_request"
handler403 = "ecirkel.errors.permission_denied"
handler404 = "ecirkel.errors.page_not_found"
handler500 = "ecirkel.errors.server_error"


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: send them the icon."""
    return HttpResponsePermanentRedirect(static("ecirkel/img/favicon-32.png"))


urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    # For load balancers and monitoring: the database and the cache answer (JSON).
    path("healthz", healthz, name="healthz"),
    # Wagtail's password reset for editors, throttled like the learners' one; the
    # rest of its reset pages come from wagtailadmin_urls.
    path(
        "admin/password_reset/",
        password_reset.AdminPasswordResetView.as_view(),
        name="wagtailadmin_password_reset",
    ),
    path(
        "admin/password_reset/confirm/<uidb64>/<token>/",
        password_reset.AdminPasswordResetConfirmView.as_view(),
        name="wagtailadmin_password_reset_confirm",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("konto/", include("users.urls")),
    path("", include("users.onboarding_urls")),
    # The language switcher on every page posts here without a CSRF token: a token
    # would make each page personal and no page could be kept for anonymous
    # visitors (ecirkel/pagecache.py). A forged post can only change the language
    # a browser shows the site in; `next` is still checked to stay on this site.
    path("sprak/", csrf_exempt(set_language), name="set_language"),
    # Min utveckling: the dashboard, "Markera som klar" on a topic, and the ledger's
    # own addresses (statements, my data, xAPI), each from the app it belongs to.
    path("min-utveckling/", include("dashboard.urls")),
    path("min-utveckling/", include("courses.urls")),
    path("min-utveckling/", include("progress.urls")),
    path("intyg/", include("certificates.urls")),
    path("cirklar/", include("circles.urls")),
    path("utvardering/", include("evaluations.urls")),
    path("forelasningar/", include("lectures.urls")),
    path("quiz/", include("quizzes.urls")),
    path("rollspel/", include("roleplays.urls")),
    path("sok/", search, name="search"),
    # Sharing: this installation's catalog feed and the packages it lists.
    path("delning/", include("catalogs.urls")),
    # "Ge synpunkter" (/synpunkter/…) and Mina synpunkter (/mina-synpunkter/).
    path("", include("feedback.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

if settings.SERVE_MEDIA:
    # Uploaded files, with Range support so videos can seek (see ecirkel/media.py).
    urlpatterns += [
        re_path(
            r"^{}(?P<path>.*)$".format(re.escape(settings.MEDIA_URL.lstrip("/"))),
            serve_media,
            name="media",
        )
    ]

if settings.BENCHMARK:
    # The references of `make bench` (benchmarks/): never mounted unless asked for.
    urlpatterns += [path("__bench__/", include("benchmarks.urls"))]

# Everything not matched above is a Wagtail page; this must stay last.
urlpatterns += [path("", include(wagtail_urls))]
