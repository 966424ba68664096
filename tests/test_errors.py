"""Error pages: the site's design and language, and what to do next.

The 500 and 400 pages are reached through a URL configuration of this module: the
site's own patterns plus views that fail, with the site's own handlers.
"""

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.template import loader
from django.test import Client, RequestFactory
from django.urls import path

from ecirkel import errors
from ecirkel.urls import (  # the handlers the site uses
    handler400,
    handler403,
    handler404,
    handler500,
)
from ecirkel.urls import urlpatterns as site_patterns
from roleplays.factories import make_scenario
from tests.roleplays.test_playing import CHOICES, STEPS


def boom(request):
    raise RuntimeError("a bug")


def suspicious(request):
    raise SuspiciousOperation("a forged header")


urlpatterns = [path("trasig/", boom), path("misstankt/", suspicious), *site_patterns]
assert handler400 and handler403 and handler404 and handler500  # used by Django here


def in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def assert_site_page(html: str, language: str = "sv"):
    assert f'<html lang="{language}">' in html
    assert 'class="site-header"' in html and "ecirkel/css/ecirkel.css" in html
    assert "Forbidden" not in html and "Not Found</h1>" not in html


@pytest.mark.django_db
def test_a_missing_page_is_in_the_sites_design_and_swedish(client, course):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    html = response.content.decode()
    assert_site_page(html)
    assert "Sidan finns inte" in html and "Gå till kurskatalogen" in html
    assert "Logga in" in html  # an anonymous visitor may simply need to log in


@pytest.mark.django_db
def test_a_missing_page_is_in_english_when_english_is_chosen(client, course):
    html = in_english(client).get("/finns-inte/").content.decode()
    assert_site_page(html, "en")
    assert "Page not found" in html


@pytest.fixture
def scenario(course, placed):
    scenario = make_scenario(STEPS, CHOICES)
    placed(scenario)
    return scenario


def observation_url(scenario) -> str:
    """The observation form of the call, on the topic that places it."""
    from wagtail.models import Page

    from ecirkel.placements import holds_block

    page = next(
        p
        for p in Page.objects.live().specific()
        if holds_block(p, "roleplay", "scenario", scenario.pk)
    )
    return f"/rollspel/{scenario.uuid}/observation/?page={page.pk}"


@pytest.mark.django_db
def test_a_learner_on_a_circle_leaders_page_is_told_what_to_do(
    client, learner, scenario
):
    # The observation form is for circle leaders; a learner who follows the link
    # used to get a bare English "403 Forbidden".
    client.force_login(learner)
    response = client.get(observation_url(scenario))
    assert response.status_code == 403
    html = response.content.decode()
    assert_site_page(html)
    assert "Ingen behörighet till sidan" in html
    assert "Sidan är till för cirkelledare" in html
    assert "Dina egna resultat finns under Min utveckling" in html
    assert 'href="/min-utveckling/"' in html


@pytest.mark.django_db
def test_the_circle_leaders_page_refusal_in_english(client, learner, scenario):
    client.force_login(learner)
    response = in_english(client).get(observation_url(scenario))
    html = response.content.decode()
    assert response.status_code == 403
    assert_site_page(html, "en")
    assert "No access to this page" in html and "study circle leaders" in html


@pytest.mark.django_db
def test_a_learner_following_a_circle_report_link_is_told_what_to_do(
    client, learner, other_circle
):
    client.force_login(learner)
    response = client.get(f"/cirklar/{other_circle.uuid}/")
    assert response.status_code == 404  # whether the circle exists is not said
    html = response.content.decode()
    assert_site_page(html)
    assert "Studiecirkelns rapport visas bara för cirkelledaren" in html


@pytest.mark.django_db
def test_a_refusal_elsewhere_says_to_ask_for_access(client, learner, course):
    client.force_login(learner)
    response = client.get("/min-utveckling/xapi.json")
    assert response.status_code == 403
    html = response.content.decode()
    assert_site_page(html)
    assert "Ditt konto får inte öppna den här sidan" in html
    assert "cirkelledare" not in html.split("Ditt konto")[0].split("<main")[1]


@pytest.mark.django_db
def test_an_anonymous_refusal_offers_to_log_in(rf, course):
    request = rf.get("/nagot/")
    request.user = AnonymousUser()
    response = errors.permission_denied(request, PermissionDenied())
    html = response.content.decode()
    assert response.status_code == 403
    assert "Sidan är bara till för den som har loggat in" in html
    assert 'href="/konto/logga-in/?next=/nagot/"' in html


@pytest.mark.django_db
def test_an_expired_form_gets_the_sites_page_not_djangos_csrf_page(learner, course):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/konto/logga-in/", {"username": "lisa", "password": "fel"})
    assert response.status_code == 403
    html = response.content.decode()
    assert_site_page(html)
    assert "Formuläret hade gått ut" in html and "CSRF" not in html


@pytest.mark.django_db
@pytest.mark.urls("tests.test_errors")
def test_a_server_error_is_in_the_sites_design_and_swedish(course):
    client = Client(raise_request_exception=False)
    response = client.get("/trasig/")
    assert response.status_code == 500
    html = response.content.decode()
    assert_site_page(html)
    assert "Något gick fel" in html and "a bug" not in html
    # No menu, no language form: nothing that needs the user or the session.
    assert "Logga ut" not in html and "csrfmiddlewaretoken" not in html


@pytest.mark.django_db
@pytest.mark.urls("tests.test_errors")
def test_a_server_error_is_in_english_when_english_is_chosen(course):
    client = in_english(Client(raise_request_exception=False))
    html = client.get("/trasig/").content.decode()
    assert_site_page(html, "en")
    assert "Something went wrong" in html


def test_the_500_page_needs_no_database():
    # Without the django_db mark every query raises: the designed page (not the
    # plain fallback) proves that none was made.
    response = errors.server_error(RequestFactory().get("/trasig/"))
    assert response.status_code == 500
    assert_site_page(response.content.decode())


def test_the_500_page_falls_back_to_plain_html_if_its_template_fails(monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("Missing staticfiles manifest entry")

    monkeypatch.setattr(loader, "render_to_string", broken)
    response = errors.server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Något gick fel" in html and 'class="site-header"' not in html


@pytest.mark.django_db
@pytest.mark.urls("tests.test_errors")
def test_a_bad_request_is_in_the_sites_design(course):
    response = Client().get("/misstankt/")
    assert response.status_code == 400
    html = response.content.decode()
    assert_site_page(html)
    assert "Begäran kunde inte tolkas" in html
