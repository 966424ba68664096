"""Pages a learner meets on the side, in Chromium, in Swedish and English: the error
pages, forgetting a password, a long quiz question on a phone, search results, an
imported course's attribution on a phone."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, log_in
from users.factories import UserFactory
from users.roles import LEARNER

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LANGUAGES = ["sv", "en"]


def choose_language(context, live_server, language):
    context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_error_pages_have_no_wcag_violations(
    page, context, live_server, course, circle, language
):
    from roleplays.factories import make_scenario
    from tests.conftest import place_on_topic
    from tests.roleplays.test_playing import CHOICES, STEPS

    scenario = make_scenario(STEPS, CHOICES)
    topic = place_on_topic(course, scenario, "roleplay", "scenario")
    UserFactory(username="nora", password="losenord-123", roles=[LEARNER])
    choose_language(context, live_server, language)

    assert page.goto("/finns-inte/").status == 404
    expect(page.locator("h1")).to_have_text(
        "Sidan finns inte" if language == "sv" else "Page not found"
    )
    assert_no_axe_violations(page)

    log_in(page, "nora", "losenord-123")
    # A circle leader's page: the observation form, and another circle's report.
    url = f"/rollspel/{scenario.uuid}/observation/?page={topic.pk}"
    assert page.goto(url).status == 403
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_no_axe_violations(page)
    assert page.goto(f"/cirklar/{circle.uuid}/").status == 404
    assert_no_axe_violations(page)
    # The way on is a link the keyboard reaches.
    link = page.get_by_role(
        "link", name="Min utveckling" if language == "sv" else "My progress"
    ).last
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/min-utveckling/$"))


@pytest.mark.urls("tests.test_errors")
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_500_page_has_no_wcag_violations(page, context, live_server, language):
    choose_language(context, live_server, language)
    assert page.goto("/trasig/").status == 500
    expect(page.locator("h1")).to_have_text(
        "Något gick fel" if language == "sv" else "Something went wrong"
    )
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_learner_resets_the_password_with_the_keyboard(
    page, context, live_server, catalog, language
):
    UserFactory(username="lisa", email="lisa@kommun.se", roles=[LEARNER])
    choose_language(context, live_server, language)
    page.goto("/konto/logga-in/")
    forgot = page.get_by_role(
        "link",
        name="Glömt lösenordet?" if language == "sv" else "Forgot your password?",
    )
    forgot.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/konto/glomt-losenord/$"))
    assert_no_axe_violations(page)

    # A malformed address: the error is announced and tied to the field.
    field = page.locator("input[name=email]")
    field.fill("inte en adress")
    field.press("Enter")
    expect(field).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(page)

    page.locator("input[name=email]").fill("lisa@kommun.se")
    page.locator("input[name=email]").press("Enter")
    expect(page).to_have_url(re.compile(r"/konto/glomt-losenord/skickat/$"))
    assert_no_axe_violations(page)

    link = re.search(
        r"https?://[^/\s]+(/konto/nytt-losenord/\S+/)", mail.outbox[-1].body
    )
    page.goto(link[1])
    assert_no_axe_violations(page)
    page.locator("input[name=new_password1]").fill("Ny-fras-for-kc-2026")
    page.locator("input[name=new_password2]").fill("Ny-fras-for-kc-2026")
    page.locator("input[name=new_password2]").press("Enter")
    expect(page).to_have_url(re.compile(r"/konto/nytt-losenord/klart/$"))
    assert_no_axe_violations(page)

    page.goto("/konto/nytt-losenord/MQ/fel-lank/")
    assert_no_axe_violations(page)


def test_a_long_question_stays_inside_its_box_on_a_phone(page, demo):
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(
        page,
        "deltagare",
        "deltagare",
        "/kontaktcenter-i-kommunen/vad-ar-kc/effektivisering/",
    )
    page.get_by_role("button", name="Starta quizet").click()
    expect(page).to_have_url(re.compile(r"/quiz/forsok/"))
    page.wait_for_load_state("load")  # the quiz's stylesheet too
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('.quiz__question')].map(f => {
            // Inside the box: below its top border, not drawn across it.
            const box = f.getBoundingClientRect();
            const border = parseFloat(getComputedStyle(f).borderTopWidth);
            const legend = f.querySelector('legend').getBoundingClientRect();
            return [legend.top >= box.top + border, legend.bottom <= box.bottom,
                    legend.left >= box.left - 0.5, legend.right <= box.right + 0.5,
                    box.right <= window.innerWidth];
        })"""
    )
    assert boxes and all(all(box) for box in boxes), boxes
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_results_with_snippets_have_no_wcag_violations(
    page, context, live_server, demo, language
):
    choose_language(context, live_server, language)
    log_in(page, "deltagare", "deltagare", "/sok/")
    field = page.locator("#search-q")
    field.fill("hemtjänst")
    field.press("Enter")
    hit = page.locator(".search-result__title").first
    expect(hit).to_contain_text("hemtjänsten kom inte")
    expect(page.locator(".search-result mark").first).to_have_text("hemtjänsten")
    assert_no_axe_violations(page)
    page.locator("#search-q").fill("sekretess")
    page.locator("#search-q").press("Enter")
    expect(page.locator(".search-result")).to_have_count(5)
    assert_no_axe_violations(page)
    hit.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#(quiz|roleplay)-\d+$|/$"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_quiz_result_with_the_learners_own_answers_has_no_wcag_violations(
    page, context, live_server, demo, language
):
    choose_language(context, live_server, language)
    log_in(
        page,
        "deltagare",
        "deltagare",
        "/kontaktcenter-i-kommunen/vad-ar-kc/effektivisering/",
    )
    page.locator(".quiz-card button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/quiz/forsok/"))
    page.locator("input[name=q0]").fill("85")
    page.locator("input[name=q2]").fill("17,5")
    page.locator("button[name=submit]").click()
    answers = page.locator(".quiz__answers").first
    expect(answers).to_contain_text("85")
    expect(page.locator(".quiz__answers").nth(2)).to_contain_text(
        "(± 0,5)" if language == "sv" else "(± 0.5)"
    )
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_call_result_with_signed_points_has_no_wcag_violations(
    page, context, live_server, demo, language
):
    choose_language(context, live_server, language)
    log_in(
        page, "deltagare", "deltagare", "/kontaktcenter-i-kommunen/arbetssituationen/"
    )
    page.locator(".quiz-card form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/rollspel/forsok/"))
    # "Det är inte mitt fel" (−2), then "Förlåt …", then the booked call-back.
    for text in (
        "Det är inte mitt fel",
        "Förlåt, det var fel sagt",
        "Jag ser i ärendesystemet",
    ):
        page.locator(".roleplay__choice", has_text=text).click()
    cells = page.get_by_role("table").locator("tbody td")
    expect(cells).to_have_text(["+2", "+4", "+2", "+3", "+2", "+2"])
    assert_no_axe_violations(page)


def test_an_imported_courses_attribution_on_a_phone(page, demo):
    """The footnote under a topic of an imported course: close under the content,
    the license named in Swedish, inside the phone's width, no WCAG violations."""
    from django.utils import timezone

    from courses.models import CoursePage
    from sharing.models import ImportedCourse

    course = CoursePage.objects.get(slug="kontaktcenter-i-kommunen")
    ImportedCourse.objects.create(
        course=course,
        course_uuid=course.uuid,
        version="2026-01-15T10:00:00Z",
        package_sha256="0" * 64,
        source_organisation="Grannkommunen med ett långt namn",
        source_url="https://grannkommunen.example.se/",
        license_id="CC-BY-SA-4.0",
        license_name="Creative Commons Attribution-ShareAlike 4.0 International",
        license_url="https://creativecommons.org/licenses/by-sa/4.0/",
        imported_at=timezone.now(),
    )
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, "deltagare", "deltagare", "/kontaktcenter-i-kommunen/vad-ar-kc/")
    footnote = page.locator("footer.course-attribution")
    expect(footnote).to_contain_text("Kursen kommer från Grannkommunen")
    expect(
        footnote.get_by_role("link", name="CC BY-SA 4.0 (erkännande, dela lika)")
    ).to_be_visible()
    back = page.locator(".back-link")
    gap = footnote.bounding_box()["y"] - (
        back.bounding_box()["y"] + back.bounding_box()["height"]
    )
    assert gap < 64, f"{gap} px between the content and its footnote"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_no_axe_violations(page)
