"""The site has an icon: SVG with a PNG fallback, linked from every page."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from PIL import Image


@pytest.mark.django_db
def test_every_page_links_the_svg_icon_and_a_png_fallback(client, course):
    html = client.get("/").content.decode()
    assert (
        '<link rel="icon" href="/static/ecirkel/img/favicon.svg" type="image/svg+xml">'
        in html
    )
    assert 'href="/static/ecirkel/img/favicon-32.png" sizes="32x32"' in html
    assert (
        'rel="apple-touch-icon" href="/static/ecirkel/img/apple-touch-icon.png"' in html
    )


def test_the_icon_files_exist_and_are_what_they_say():
    svg = Path(finders.find("ecirkel/img/favicon.svg")).read_text()
    assert svg.startswith("<svg") and 'viewBox="0 0 64 64"' in svg
    with Image.open(finders.find("ecirkel/img/favicon-32.png")) as png:
        assert png.format == "PNG" and png.size == (32, 32)
    with Image.open(finders.find("ecirkel/img/apple-touch-icon.png")) as png:
        assert png.format == "PNG" and png.size == (180, 180)


def test_browsers_asking_for_favicon_ico_are_sent_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.url == "/static/ecirkel/img/favicon-32.png"
