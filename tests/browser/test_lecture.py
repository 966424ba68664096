"""The demo lecture in Chromium: seeking by transcript, the highlighted cue, ?t=."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LECTURE = "/kontaktcenter-i-kommunen/projektorganisation/projektets-steg/"


def current_time(page) -> float:
    return page.evaluate("document.querySelector('video').currentTime")


def test_clicking_a_cue_seeks_and_the_spoken_cue_is_highlighted(page, demo):
    log_in(page, "deltagare", "deltagare", LECTURE)
    page.wait_for_function("document.querySelector('video').readyState >= 1")
    cue = page.locator(".transcript__cue").nth(4)  # 00:23, "Förstudien startas …"
    start = float(cue.get_attribute("data-seek"))
    cue.click()
    assert abs(current_time(page) - start) < 0.5
    expect(page).to_have_url(re.compile(re.escape(LECTURE) + "$"))  # no reload

    # Keyboard: Enter on a cue seeks too.
    other = page.locator(".transcript__cue").nth(8)
    other.focus()
    page.keyboard.press("Enter")
    assert abs(current_time(page) - float(other.get_attribute("data-seek"))) < 0.5

    # While playing, the cue being spoken is marked (class and aria-current).
    page.evaluate(
        "() => { const v = document.querySelector('video'); v.muted = true; "
        "v.currentTime = 46; return v.play(); }"
    )
    page.wait_for_function("document.querySelector('video').currentTime > 46.5")
    current = page.locator(".transcript__item.is-current")
    expect(current).to_have_count(1)
    expect(current.locator("a")).to_have_attribute("aria-current", "time")
    expect(current).to_contain_text("räkneexempel")

    # Pausing reports the watched part; wait for it, so no request outlives the test.
    with page.expect_response(re.compile("/tittat/$")) as report:
        page.evaluate("document.querySelector('video').pause()")
    assert report.value.json()["watched"] > 0


def test_t_in_the_address_starts_the_lecture_there(page, demo):
    log_in(page, "deltagare", "deltagare", LECTURE + "?t=47")
    page.wait_for_function("document.querySelector('video').readyState >= 1")
    page.wait_for_function(
        "Math.abs(document.querySelector('video').currentTime - 47) < 0.5"
    )


def test_searching_the_transcript_filters_and_jumps_to_a_hit(page, demo):
    log_in(page, "deltagare", "deltagare", LECTURE)
    page.wait_for_function("document.querySelector('video').readyState >= 1")
    page.get_by_label("Sök i transkriptionen").fill("heltidstjänster")
    expect(page.locator(".transcript__item:visible")).to_have_count(1)
    expect(page.get_by_text("1 träff")).to_be_visible()
    page.keyboard.press("Enter")
    assert 58 < current_time(page) < 60


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_lecture_page_has_no_wcag_violations(
    page, context, live_server, demo, language
):
    context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    log_in(page, "deltagare", "deltagare", LECTURE)
    assert_no_axe_violations(page)
    page.goto("/sok/?q=heltidstj%C3%A4nster")
    assert_no_axe_violations(page)


def test_a_phrase_only_spoken_in_the_lecture_is_found_and_plays_from_there(page, demo):
    log_in(page, "deltagare", "deltagare", "/sok/")
    page.get_by_label(
        "Sök i kurserna, quizen, övningssamtalen och det som sägs i föreläsningarna"
    ).fill("sexhundratjugonio")
    page.keyboard.press("Enter")
    hit = page.get_by_role("link", name=re.compile("Projektets steg vid"))
    expect(hit).to_have_count(1)
    hit.click()
    page.wait_for_function("document.querySelector('video').readyState >= 1")
    page.wait_for_function(
        "Math.abs(document.querySelector('video').currentTime - 54) < 1"
    )


def test_follow_the_video_again_is_offered_only_once_the_transcript_is_scrolled_away(
    page, demo
):
    log_in(page, "deltagare", "deltagare", LECTURE)
    page.wait_for_function("document.querySelector('video').readyState >= 1")
    follow = page.get_by_role("button", name="Följ videon igen")
    transcript = page.locator("[data-transcript]")
    # Following from the start: nothing to offer.
    expect(follow).to_be_hidden()

    # The player scrolls the transcript itself to the cue being spoken: still hidden.
    page.locator(".transcript__cue").nth(12).click()
    page.evaluate(
        "() => { const v = document.querySelector('video'); v.muted = true; "
        "return v.play(); }"
    )
    expect(page.locator(".transcript__item.is-current")).to_be_in_viewport()
    page.wait_for_timeout(300)
    expect(follow).to_be_hidden()

    # A little scrolling that keeps the spoken cue in view: still following.
    transcript.hover()
    page.mouse.wheel(0, 30)
    page.wait_for_timeout(300)
    expect(follow).to_be_hidden()

    # Scrolled away from it: now the way back is offered …
    page.mouse.wheel(0, -3000)
    expect(follow).to_be_visible()
    # … and it brings the spoken cue back into view and the focus to it.
    follow.click()
    expect(follow).to_be_hidden()
    current = page.locator(".transcript__item.is-current")
    expect(current).to_be_in_viewport()
    expect(current.locator("a")).to_be_focused()
    with page.expect_response(re.compile("/tittat/$")):
        page.evaluate("document.querySelector('video').pause()")
