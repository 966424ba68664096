"""In Chromium: an invited learner answers the demo course evaluation with the
keyboard alone; the form (also with its errors) and the results page pass axe-core
(WCAG 2.1 A/AA) in Swedish and English."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def set_language(context, live_server, language):
    context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )


def invited_demo_learner():
    """The demo evaluation's form address, with deltagare invited to it."""
    from evaluations.models import Evaluation, Invitation

    evaluation = Evaluation.objects.get()
    Invitation.objects.create(
        evaluation=evaluation,
        user=get_user_model().objects.get(username="deltagare"),
    )
    return evaluation


def test_the_learner_answers_with_the_keyboard_alone(page, demo):
    from evaluations.models import Answer, Invitation, Response

    evaluation = invited_demo_learner()
    before = Response.objects.count()
    address = f"/utvardering/{evaluation.uuid}/"
    log_in(page, "deltagare", "deltagare", address)
    page.locator("main").focus()
    for _ in range(10):  # to the first statement's first option
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "radio":
            break
    statements = evaluation.questions.filter(kind="likert").count()
    for _statement in range(statements):
        page.keyboard.press("Space")  # "Instämmer inte alls"
        for _ in range(3):
            page.keyboard.press("ArrowDown")  # … to "Instämmer" (4)
        assert page.evaluate("document.activeElement.value") == "4"
        page.keyboard.press("Tab")  # to the next group, or the first text box
    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"
    page.keyboard.type("Övningssamtalen.")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # past the second, optional, text box
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Tack för dina svar!")
    assert_no_axe_violations(page)
    assert Response.objects.count() == before + 1
    assert Invitation.objects.get(user__username="deltagare").answered
    newest = Answer.objects.filter(text="Övningssamtalen.").get().response
    assert (
        sorted(newest.answers.exclude(value=None).values_list("value", flat=True))
        == [4] * statements
    )


def test_the_error_summary_takes_focus_and_its_link_leads_to_the_question(page, demo):
    """Keyboard only: sending with a required statement unanswered moves focus to the
    error summary; Enter on its link moves focus to that statement's first option,
    with its question in view."""
    evaluation = invited_demo_learner()
    required = evaluation.questions.filter(required=True).first()
    address = f"/utvardering/{evaluation.uuid}/"
    log_in(page, "deltagare", "deltagare", address)
    page.locator("form.form button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.locator("h2")).to_contain_text("Det finns")
    page.keyboard.press("Tab")
    link = summary.locator("a").first
    expect(link).to_be_focused()
    expect(link).to_contain_text(required.text)
    page.keyboard.press("Enter")
    target = page.locator(f"#id_q-{required.uuid}_0")
    expect(target).to_be_focused()
    question = page.locator("fieldset", has=target)
    expect(question.locator("legend")).to_be_in_viewport()
    assert question.get_attribute("aria-describedby") == f"id_q-{required.uuid}-error"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_form_passes_axe_also_with_errors(
    page, context, live_server, demo, language
):
    evaluation = invited_demo_learner()
    set_language(context, live_server, language)
    address = f"/utvardering/{evaluation.uuid}/"
    log_in(page, "deltagare", "deltagare", address)
    assert page.locator("html").get_attribute("lang") == language
    assert_no_axe_violations(page)
    page.locator("form.form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_focused()
    assert page.locator("[aria-invalid=true]").count() > 0
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("user", ["redaktor", "cirkelledare"])
def test_the_results_pass_axe(page, context, live_server, demo, language, user):
    from evaluations.models import Evaluation

    evaluation = Evaluation.objects.get()
    set_language(context, live_server, language)
    address = f"/utvardering/{evaluation.uuid}/resultat/"
    log_in(page, user, user, address)
    expect(page.locator("svg.evaluation-chart").first).to_be_visible()
    assert_no_axe_violations(page)
