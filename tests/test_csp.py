"""Content-Security-Policy: every learner page carries one its own scripts pass.

Scripts come only from the site's static files: no inline <script> and no on…=
handlers, so script-src needs no 'unsafe-inline'. tests/browser/test_csp.py checks in
Chromium that the pages report no violation.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from certificates.models import Certificate
from circles.models import StudyCircle
from courses.models import CoursePage, TopicPage
from lectures.models import LecturePage
from quizzes.models import Quiz
from roleplays.models import Scenario
from tests.conftest import placement

ROOT = Path(__file__).resolve().parent.parent
INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")"
)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"{response.request['PATH_INFO']} has no Content-Security-Policy"
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", verbosity=0)


def learner_pages(client) -> list[tuple[str, str, str | None]]:
    """Every kind of page a learner sees in the demo: (kind, address, as whom)."""
    User = get_user_model()
    learner = User.objects.get(username="deltagare")
    course = CoursePage.objects.live().first()
    quiz = Quiz.objects.filter(live=True).first()
    scenario = Scenario.objects.filter(live=True).first()
    certificate = Certificate.objects.create(
        user=learner, course=course, learner_name="Lisa", course_title=course.title
    )
    client.force_login(learner)
    quiz_page, call_page = placement(quiz), placement(scenario)
    attempt = client.post(f"/quiz/{quiz.uuid}/starta/", {"page": quiz_page.pk}).url
    call = client.post(f"/rollspel/{scenario.uuid}/starta/", {"page": call_page.pk}).url
    client.logout()
    return [
        ("login", "/konto/logga-in/", None),
        ("not found", "/finns-inte/", None),
        ("certificate lookup", "/intyg/", None),
        ("certificate", f"/intyg/{certificate.code}/", None),
        ("catalog", "/", "deltagare"),
        ("course mindmap", course.url, "deltagare"),
        ("topic", TopicPage.objects.live().first().url, "deltagare"),
        ("lecture", LecturePage.objects.live().first().url, "deltagare"),
        ("search", "/sok/?q=samtal", "deltagare"),
        ("quiz attempt", attempt, "deltagare"),
        ("practice call", call, "deltagare"),
        (
            "practice call cards",
            f"/rollspel/{scenario.uuid}/kort/?page={call_page.pk}",
            "deltagare",
        ),
        ("my progress", "/min-utveckling/", "deltagare"),
        ("study circles", "/cirklar/", "cirkelledare"),
        (
            "circle report",
            f"/cirklar/{StudyCircle.objects.first().uuid}/",
            "cirkelledare",
        ),
        ("quiz result", attempt, "deltagare"),  # handed in just before
    ]


def test_every_learner_page_sends_a_policy_without_inline_scripts(client, demo):
    User = get_user_model()
    for kind, url, username in learner_pages(client):
        client.logout()
        if username:
            client.force_login(User.objects.get(username=username))
        if kind == "quiz result":
            client.post(url, {"submit": "1"})
        response = client.get(url)
        expected = 404 if kind == "not found" else 200
        assert response.status_code == expected, (kind, response.status_code)
        directives = policy(response)
        assert directives["script-src"] == ["'self'"], kind
        assert directives["object-src"] == ["'none'"], kind
        assert directives["frame-ancestors"] == ["'none'"], kind
        assert directives["base-uri"] == ["'self'"], kind
        # Inline style attributes only (the mindmap's positions); no <style>.
        assert "'unsafe-inline'" not in directives["style-src-elem"], kind
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), f"inline script on the {kind} page"
        assert not INLINE_HANDLER.search(html), f"inline handler on the {kind} page"

    # The certificate's PDF has no policy: Chrome's PDF viewer is refused by
    # object-src 'none' on the PDF itself.
    pdf = client.get(f"/intyg/{Certificate.objects.get().code}/intyg.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert "Content-Security-Policy" not in pdf


def test_the_project_templates_have_no_inline_scripts_or_handlers():
    offenders = []
    for template in ROOT.glob("*/templates/**/*.html"):
        if "/admin/" in template.as_posix():
            continue  # the Wagtail admin has its own policy
        text = template.read_text(encoding="utf-8")
        if INLINE_SCRIPT.search(text) or INLINE_HANDLER.search(text):
            offenders.append(str(template.relative_to(ROOT)))
    assert offenders == []


@pytest.mark.django_db
def test_the_wagtail_admin_has_its_own_documented_policy(client, editor):
    client.force_login(editor)
    directives = policy(client.get("/admin/"))
    # Wagtail's admin still writes inline scripts (date pickers, inline panels), so
    # /admin/ alone allows them; nothing else is loosened.
    assert directives["script-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'self'"]  # Wagtail's preview frame
    assert "'unsafe-eval'" not in " ".join(sum(directives.values(), []))


@pytest.mark.django_db
def test_the_admin_policy_applies_only_under_admin(client, editor):
    client.force_login(editor)
    for url in ["/administrator/", "/adminx/", "/konto/logga-in/?next=/admin/"]:
        assert policy(client.get(url))["script-src"] == ["'self'"], url


def test_uploaded_media_elsewhere_are_allowed_by_the_policy(monkeypatch):
    from ecirkel.settings.base import content_security_policy

    directives = content_security_policy("https://media.example.se/ecirkel/")
    assert "https://media.example.se" in directives["media-src"]
    assert "https://media.example.se" in directives["img-src"]
    assert content_security_policy("/media/")["media-src"] == ["'self'"]
    assert settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"] == ["'self'"]
