"""An editor (the redaktor role, not a superuser) makes a lecture in the Wagtail admin:
uploads the video from the lecture form and the captions, publishes it with the length
read from the file, and a learner completes it."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from courses.models import TopicPage
from lectures.models import LecturePage, WatchProgress
from tests.browser.conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_an_editor_uploads_a_video_and_captions_and_a_learner_completes_the_lecture(
    page, context, live_server, demo
):
    topic = TopicPage.objects.get(slug="projektorganisation")
    log_in(page, "redaktor", "redaktor", "/admin/")
    page.goto(f"/admin/pages/{topic.pk}/add_subpage/")
    page.get_by_role("link", name="Föreläsning", exact=True).click()

    page.locator("#id_title").fill("Testbilden")
    page.locator("#id_summary").fill("En kort video att prova med.")

    # The video: uploaded from the lecture form, in wagtailmedia's chooser.
    page.get_by_role("button", name="Välj video").click()
    modal = page.locator(".modal")
    modal.get_by_role("tab", name="Ladda upp video").click()
    modal.locator("#id_media-chooser-upload-title").fill("Testbild")
    modal.locator("#id_media-chooser-upload-file").set_input_files(
        FIXTURES / "lecture.mp4"
    )
    modal.get_by_role("button", name="Ladda upp").click()
    expect(modal).to_be_hidden()
    expect(page.get_by_text("Testbild", exact=True)).to_be_visible()

    # The captions: a WebVTT file in Swedish, in a caption track the editor adds (a
    # draft may have none, so the form starts without one).
    page.locator("#id_caption_tracks-ADD").click()
    page.locator("[name='caption_tracks-0-language']").select_option("sv")
    page.locator("[name='caption_tracks-0-upload']").set_input_files(
        FIXTURES / "lecture.sv.vtt"
    )

    page.get_by_role("button", name="Fler åtgärder").click()
    page.get_by_role("button", name="Publicera").click()
    expect(page.get_by_text("Sida 'Testbilden' skapad och publicerad.")).to_be_visible()

    lecture = LecturePage.objects.get(title="Testbilden")
    assert lecture.live and not lecture.duration  # nothing typed in …
    assert lecture.length == pytest.approx(7.5, abs=0.01)  # … read from the file
    assert lecture.caption_tracks.get().language == "sv"

    # A learner watches it to the end and has completed it.
    learner_context = context.browser.new_context(
        base_url=live_server.url, locale="sv-SE", bypass_csp=True
    )
    learner_context.set_default_timeout(10_000)
    learner = learner_context.new_page()
    with learner.expect_response(lambda r: "/visning/" in r.url):
        log_in(learner, "deltagare", "deltagare", lecture.url)
    expect(learner.locator(".lecture__length")).to_have_text("(00:07 min)")
    expect(learner.locator(".transcript__cue")).to_have_count(2)
    learner.wait_for_function("document.querySelector('video').readyState >= 1")
    with learner.expect_response(
        lambda r: "/tittat/" in r.url and r.request.method == "POST", timeout=20_000
    ) as last:
        learner.evaluate(
            "() => { const v = document.querySelector('video'); v.muted = true; "
            "return v.play(); }"
        )
        learner.wait_for_function(
            "document.querySelector('video').ended", timeout=20_000, polling=250
        )
    assert last.value.json()["completed"] is True
    assert WatchProgress.objects.get(user__username="deltagare").completed
    learner_context.close()
