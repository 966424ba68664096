"""An editor works through the feedback inbox in the Wagtail admin with the demo's
feedback: finds the anonymous suggestion, notes and answers it, and the pages pass
axe-core (WCAG 2.1 AA) in Swedish and English."""

import pytest
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from feedback.models import Feedback
from tests.browser.conftest import assert_no_axe_violations, log_in
from users.models import User

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_editor_notes_and_answers_anonymous_feedback(page, demo):
    log_in(page, "redaktor", "redaktor", "/admin/")
    page.get_by_role("link", name="Synpunkter").first.click()
    expect(page.get_by_role("heading", name="Synpunkter", level=1)).to_be_visible()
    assert_no_axe_violations(page)
    expect(page.get_by_text("Anonym", exact=True)).to_be_visible()
    assert "Cecilia" not in page.content() and "Öberg" not in page.content()

    page.get_by_role("link", name="Relationer till förvaltningar").click()
    expect(
        page.get_by_text("fler exempel på samtal där sekretess gäller")
    ).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_label("Intern anteckning").fill("Be förvaltningen om ett exempel.")
    page.get_by_role("button", name="Spara anteckningen").click()
    expect(page.get_by_text("Anteckningen är sparad.")).to_be_visible()

    # Anonymous feedback is never e-mailed about, and the reply form says so.
    notice = (
        "Avsändaren är anonym och får inget e-postmeddelande; "
        "svaret visas under Mina synpunkter."
    )
    expect(page.get_by_text(notice, exact=True)).to_be_visible()
    page.get_by_label("Svar till avsändaren").fill("Tack! Vi lägger till exempel.")
    page.get_by_role("button", name="Skicka svaret").click()
    expect(
        page.get_by_text("Svaret är sparat. Avsändaren är anonym och får inget")
    ).to_be_visible()
    expect(page.get_by_text("Tack! Vi lägger till exempel.")).to_be_visible()
    assert "Cecilia" not in page.content()

    feedback = Feedback.objects.get(anonymous=True)
    assert feedback.status == Feedback.Status.IN_PROGRESS
    assert feedback.notes.count() == 1 and feedback.replies.count() == 1


def test_the_inbox_and_handling_view_pass_axe_in_english(page, demo):
    log_in(page, "redaktor", "redaktor", "/admin/")
    feedback = Feedback.objects.filter(anonymous=False).first()
    # The admin follows the editor's own language setting.
    profile = UserProfile.get_for_user(User.objects.get(username="redaktor"))
    profile.preferred_language = "en"
    profile.save()
    page.goto("/admin/synpunkter/")
    expect(page.get_by_role("heading", name="Feedback", level=1)).to_be_visible()
    assert_no_axe_violations(page)
    page.goto(f"/admin/synpunkter/{feedback.pk}/")
    expect(page.get_by_role("heading", name="What the sender wrote")).to_be_visible()
    assert_no_axe_violations(page)
