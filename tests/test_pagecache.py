"""The page cache for anonymous visitors (ecirkel/pagecache.py) and compression.

Pages the same for every visitor come from the cache (``X-Cache: hit``); nothing
personal is ever kept or served: not a logged-in user's page, not a page with a
form's CSRF token, a cookie, a message or a view restriction.
"""

import gzip
import re

import pytest
from django.conf import settings
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from wagtail.models import PageViewRestriction

from feedback.models import FeedbackSettings
from localfacts.models import LocalFact, LocalFacts
from tests.test_settings import PRODUCTION_ENV, manage
from users.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_anonymous_page_is_served_from_the_cache_the_second_time(client, course):
    first = client.get(course.url)
    second = client.get(course.url)

    assert first.status_code == second.status_code == 200
    assert first["X-Cache"] == "miss"
    assert second["X-Cache"] == "hit"
    assert int(second["Age"]) >= 0
    assert second.content == first.content
    # The headers the page had: its type, language, security policy.
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Language"] == "sv"
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY"


def test_the_catalog_topic_and_empty_search_are_cached(client, course):
    topic = course.get_children().first()
    for url in ("/", topic.url, reverse("search")):
        assert client.get(url)["X-Cache"] == "miss", url
        assert client.get(url)["X-Cache"] == "hit", url


def test_a_cached_page_serves_without_a_query(
    client, course, django_assert_num_queries
):
    client.get(course.url)
    with django_assert_num_queries(0):
        assert client.get(course.url)["X-Cache"] == "hit"


def test_an_anonymous_cached_page_has_no_csrf_token_and_sets_no_cookie(client, course):
    for response in (client.get(course.url), client.get(course.url)):
        assert not response.cookies
        assert "Set-Cookie" not in response
        body = response.content.decode()
        assert "csrfmiddlewaretoken" not in body
        assert settings.CSRF_COOKIE_NAME not in body
    assert not client.cookies


def test_a_query_string_is_never_served_from_or_kept_in_the_cache(client, course):
    client.get(course.url)
    for _ in range(2):
        response = client.get(course.url, {"x": "1"})
        assert response.status_code == 200
        assert "X-Cache" not in response
    # A search with words is not kept either.
    assert "X-Cache" not in client.get(reverse("search"), {"q": "kontaktcenter"})


def test_a_made_up_port_in_the_host_header_is_served_not_kept(client, course):
    # ALLOWED_HOSTS checks names only: one entry per port would fill the cache.
    for port in (6666, 6667):
        for _ in range(2):
            response = client.get(course.url, HTTP_HOST=f"testserver:{port}")
            assert response.status_code == 200
            assert "X-Cache" not in response
    # The port the request came to is the address's own: kept as usual.
    client.get(course.url, HTTP_HOST="testserver:8000", SERVER_PORT="8000")
    response = client.get(course.url, HTTP_HOST="testserver:8000", SERVER_PORT="8000")
    assert response["X-Cache"] == "hit"


def test_a_logged_in_user_never_gets_the_anonymous_copy(client, course, learner):
    anonymous = Client()
    anonymous.get(course.url)
    assert anonymous.get(course.url)["X-Cache"] == "hit"

    client.force_login(learner)
    for _ in range(2):
        response = client.get(course.url)
        assert "X-Cache" not in response
        assert "Logga ut Kim" in response.content.decode()

    # Nor is the learner's page kept for anonymous visitors.
    response = anonymous.get(course.url)
    assert response["X-Cache"] == "hit"
    assert "Logga ut" not in response.content.decode()
    assert "Logga in" in response.content.decode()


def test_a_stale_session_of_a_user_is_not_served_from_the_cache(client, course):
    client.get(course.url)
    session = client.session
    session["_auth_user_id"] = "999999"  # a user that is gone: still no copy
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    assert "X-Cache" not in client.get(course.url)


def test_a_login_only_page_is_never_cached_for_anonymous_visitors(
    client, private_course
):
    for _ in range(3):
        response = client.get(private_course.url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert response.get("X-Cache") != "hit"


def test_a_password_page_is_never_kept(client, course):
    PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.PASSWORD, password="hemligt"
    )
    for _ in range(2):
        response = client.get(course.url)
        assert response.status_code == 200
        assert "private" in response["Cache-Control"]
        assert response.get("X-Cache") != "hit"


def test_an_english_visitor_never_gets_the_swedish_copy(client, course):
    swedish = Client()
    swedish.get("/")
    assert swedish.get("/")["X-Cache"] == "hit"

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    first = client.get("/")
    assert first["X-Cache"] == "miss"
    assert '<html lang="en">' in first.content.decode()
    assert ">Courses<" in first.content.decode()
    second = client.get("/")
    assert second["X-Cache"] == "hit"
    assert second["Content-Language"] == "en"
    assert '<html lang="en">' in second.content.decode()

    back = swedish.get("/")
    assert '<html lang="sv">' in back.content.decode()
    assert ">Kurser<" in back.content.decode()


def test_the_language_switcher_works_without_a_token(course):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("set_language"), {"language": "en", "next": course.url}
    )
    assert response.status_code == 302
    assert response["Location"] == course.url
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    # It still refuses to send the visitor to another site.
    response = client.post(
        reverse("set_language"), {"language": "sv", "next": "https://example.com/"}
    )
    assert response["Location"] == "/"


def message_cookie(text: str) -> str:
    """The messages cookie that carries ``text`` to the next page."""
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(messages.INFO, text)
    carrier = HttpResponse()
    storage.update(carrier)
    return carrier.cookies[CookieStorage.cookie_name].value


def test_a_page_showing_a_message_is_not_kept_nor_served_from_the_cache(client, course):
    client.get(course.url)
    client.cookies[CookieStorage.cookie_name] = message_cookie("Hej då!")
    response = client.get(course.url)
    assert "X-Cache" not in response
    assert "Hej då!" in response.content.decode()
    # Shown once; others get the kept page, without it.
    response = Client().get(course.url)
    assert response["X-Cache"] == "hit"
    assert "Hej då!" not in response.content.decode()


def test_head_is_answered_from_the_cache(client, course):
    client.get(course.url)
    assert client.head(course.url)["X-Cache"] == "hit"


def test_saving_a_setting_makes_cached_pages_stale(client, course):
    client.get(course.url)
    client.get(course.url)
    site_settings = FeedbackSettings.for_site(course.get_site())
    site_settings.allow_visitors = not site_settings.allow_visitors
    site_settings.save()
    assert client.get(course.url)["X-Cache"] == "miss"

    facts = LocalFacts.for_site(course.get_site())
    facts.save()
    assert client.get(course.url)["X-Cache"] == "miss"
    assert client.get(course.url)["X-Cache"] == "hit"

    # A row edited inline in the setting, saved on its own.
    LocalFact.objects.create(setting=facts, name="bygglov_telefon", value="08-1")
    assert client.get(course.url)["X-Cache"] == "miss"
    # Learners' own rows are not content: they leave the kept pages alone.
    UserFactory(username="ny")
    assert client.get(course.url)["X-Cache"] == "hit"


def test_html_is_compressed_from_the_cache_too(client, course):
    for expected in ("miss", "hit"):
        response = client.get(course.url, headers={"accept-encoding": "gzip, br"})
        assert response["X-Cache"] == expected
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        html = gzip.decompress(response.content).decode()
        assert "<h1" in html and course.title in html


def test_static_files_get_brotli_and_gzip_with_the_production_storage(tmp_path):
    """collectstatic with production's storage writes .br and .gz beside each
    compressible file (whitenoise with the Brotli package); only the project's own
    static files, to keep it quick."""
    code = (
        "from django.core.management import call_command\n"
        "from django.test import override_settings\n"
        f"with override_settings(STATIC_ROOT={str(tmp_path)!r}, STATICFILES_FINDERS="
        "['django.contrib.staticfiles.finders.FileSystemFinder']):\n"
        "    call_command('collectstatic', interactive=False, verbosity=0)\n"
    )
    result = manage("shell", "--no-imports", "-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    css = tmp_path / "ecirkel" / "css"
    hashed = [
        path.name
        for path in css.iterdir()
        if re.fullmatch(r"ecirkel\.\w+\.css", path.name)
    ]
    assert len(hashed) == 1
    assert (css / f"{hashed[0]}.br").stat().st_size > 0
    assert (css / f"{hashed[0]}.gz").stat().st_size > 0
    assert (css / f"{hashed[0]}.br").stat().st_size < (css / hashed[0]).stat().st_size


def test_the_page_cache_can_be_turned_off(client, course, settings):
    settings.PAGE_CACHE_SECONDS = 0
    for _ in range(2):
        response = client.get(course.url)
        assert response.status_code == 200
        assert "X-Cache" not in response
