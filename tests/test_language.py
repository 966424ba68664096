"""Swedish first, English available, and the translation files complete."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"


@pytest.mark.django_db
def test_swedish_is_the_default_even_for_an_english_browser(client, course):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "Hoppa till innehållet" in html


@pytest.mark.django_db
def test_the_switcher_changes_the_language_and_keeps_it(client, course):
    response = client.post("/sprak/", {"language": "en", "next": course.url})
    assert response.status_code == 302 and response.url == course.url
    html = client.get(course.url).content.decode()
    assert '<html lang="en">' in html
    assert "Skip to content" in html and "Topics of the course" in html
    # The content stays Swedish and says so, for screen readers.
    assert '<h1 lang="sv">Testkurs</h1>' in html


@pytest.mark.django_db
def test_an_unknown_language_cookie_falls_back_to_swedish(client, course):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert '<html lang="sv">' in client.get("/").content.decode()


def catalog(language):
    with open(LOCALE / language / "LC_MESSAGES" / "django.po", "rb") as handle:
        return read_po(handle)


def test_every_ui_string_is_translated_to_swedish():
    untranslated = [
        message.id
        for message in catalog("sv")
        if message.id
        and (not message.string or "fuzzy" in message.flags)
        or (isinstance(message.string, tuple) and not all(message.string))
    ]
    assert untranslated == []


def test_the_english_catalog_has_the_same_strings():
    sv = {message.id for message in catalog("sv") if message.id}
    en = {message.id for message in catalog("en") if message.id}
    assert sv == en and sv
