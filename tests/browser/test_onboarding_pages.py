"""In Chromium: a newcomer chooses a password from an invitation with the keyboard
alone; the pages for bringing learners in and the circle report with observed
sessions pass axe-core (WCAG 2.1 A/AA) in Swedish and English."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CIRCLE = "Kontaktcentret – nyanställda hösten 2026"


def set_language(context, live_server, language):
    context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )


def invitation_link(circle_name=CIRCLE) -> str:
    from circles.models import CircleMembership, StudyCircle
    from users.invitations import make_token

    user = get_user_model()(
        username="nina.ny@kommun.se",
        email="nina.ny@kommun.se",
        first_name="Nina",
        last_name="Ny",
        invited_at=timezone.now(),
    )
    user.set_unusable_password()
    user.save()
    CircleMembership.objects.create(
        circle=StudyCircle.objects.get(name=circle_name), user=user
    )
    return f"/konto/inbjudan/{make_token(user)}/"


def observe_demo_call() -> str:
    """A circle leader's observation of deltagare on a demo call; the topic's title."""
    from courses.models import TopicPage
    from ecirkel.placements import holds_block
    from roleplays.models import ObservedSession, Scenario

    User = get_user_model()
    for scenario in Scenario.objects.filter(live=True):
        for topic in TopicPage.objects.live().specific():
            if holds_block(topic, "roleplay", "scenario", scenario.pk):
                ObservedSession.objects.create(
                    scenario=scenario,
                    learner=User.objects.get(username="deltagare"),
                    observer=User.objects.get(username="cirkelledare"),
                    page=topic,
                    empathy=2,
                    correctness=1,
                    routing=-1,
                )
                return topic.title
    raise AssertionError("The demo places no call")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_set_password_page_passes_axe_and_works_with_the_keyboard(
    page, context, live_server, demo, language
):
    set_language(context, live_server, language)
    page.goto(invitation_link())
    assert page.locator("html").get_attribute("lang") == language
    assert_no_axe_violations(page)

    page.keyboard.press("Tab")  # skip link
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "new_password1":
            break
    page.keyboard.type("kort")
    page.keyboard.press("Tab")
    page.keyboard.type("kort")
    page.keyboard.press("Enter")
    # Django checks the validators on the confirmation field.
    expect(page.locator("#password2-error")).to_be_visible()
    expect(page.locator("input[name=new_password2]")).to_have_attribute(
        "aria-invalid", "true"
    )
    assert_no_axe_violations(page)

    page.locator("input[name=new_password1]").focus()
    page.keyboard.type("Kaffe-och-kanelbulle-42")
    page.keyboard.press("Tab")
    page.keyboard.type("Kaffe-och-kanelbulle-42")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("status")).to_contain_text(
        "Välkommen till E-cirkel" if language == "sv" else "Welcome to E-cirkel"
    )


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_circle_report_with_an_observed_session_passes_axe(
    page, context, live_server, demo, language
):
    title = observe_demo_call()
    set_language(context, live_server, language)
    log_in(page, "cirkelledare", "cirkelledare", "/cirklar/")
    page.locator(".course-card__title a").click()
    table = page.get_by_role("table")
    expect(table.locator(".matrix__observed")).to_have_count(1)
    expect(table.locator(".matrix__observed")).to_contain_text("2/1/-1")
    expect(table.get_by_role("columnheader", name=title)).to_be_visible()
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_pages_for_bringing_learners_in_pass_axe(
    page, context, live_server, demo, language, tmp_path
):
    invitation_link()  # one learner waiting for an invitation
    set_language(context, live_server, language)
    log_in(page, "cirkelledare", "cirkelledare", "/cirklar/deltagare/")
    expect(page.get_by_role("rowheader", name="Nina Ny")).to_be_visible()
    assert_no_axe_violations(page)

    page.goto("/cirklar/deltagare/ny/")
    assert_no_axe_violations(page)
    page.locator("form.form button[type=submit]").click()  # nothing filled in
    expect(page.locator("#id_first_name")).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(page)

    page.goto("/cirklar/deltagare/importera/")
    assert_no_axe_violations(page)
    staff_list = tmp_path / "lista.csv"
    staff_list.write_text(
        f"namn;e-post;cirkel\nUlf Ek;ulf@;{CIRCLE}\nEva Ek;eva@kommun.se;Okänd\n",
        encoding="utf-8",
    )
    page.locator("input[type=file]").set_input_files(staff_list)
    page.locator("form.form button[type=submit]").click()
    expect(page.get_by_role("alert")).to_contain_text("2")
    expect(page.locator(".error-summary li")).to_have_count(2)
    assert_no_axe_violations(page)
    assert not get_user_model().objects.filter(email="eva@kommun.se").exists()
