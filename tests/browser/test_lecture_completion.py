"""A lecture watched to the end in Chromium is completed; a lecture watched from the
middle is not. Played for real, at the player's fastest speed."""

import time

import pytest
from playwright.sync_api import expect

from lectures.demo import LECTURE as DEMO
from lectures.models import LecturePage, WatchProgress
from progress.models import ActivityProgress
from progress.states import ProgressState
from tests.browser.conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LECTURE = "/kontaktcenter-i-kommunen/projektorganisation/projektets-steg/"


@pytest.fixture
def learner(demo):
    """The demo learner, who has not opened the lecture yet."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="deltagare")


def open_lecture(page, url) -> None:
    """Log in and open the lecture; the player opens its viewing session."""
    with page.expect_response(lambda r: "/visning/" in r.url) as opened:
        log_in(page, "deltagare", "deltagare", url)
    assert opened.value.ok


def play_to_the_end_at_double_speed(page) -> None:
    page.wait_for_function("document.querySelector('video').readyState >= 1")
    page.get_by_label("Hastighet").select_option("2")
    page.evaluate(
        "() => { const v = document.querySelector('video'); v.muted = true; "
        "return v.play(); }"
    )
    # The player reports when the video ends; that last report is the one that counts.
    with page.expect_response(
        lambda r: "/tittat/" in r.url and r.request.method == "POST", timeout=70_000
    ) as last:
        page.wait_for_function(
            "document.querySelector('video').ended", timeout=70_000, polling=500
        )
    assert last.value.ok, last.value.text()


def wait_for_progress(user, seconds=5):
    """The last report may still be on its way when the video says it ended."""
    deadline = time.monotonic() + seconds
    while True:
        progress = WatchProgress.objects.filter(user=user).first()
        if (progress and progress.completed) or time.monotonic() > deadline:
            return progress
        time.sleep(0.2)


def test_a_learner_who_plays_the_whole_lecture_at_double_speed_completes_it(
    page, learner
):
    open_lecture(page, LECTURE)
    play_to_the_end_at_double_speed(page)

    progress = wait_for_progress(learner)
    lecture = LecturePage.objects.get(slug=DEMO["slug"])
    assert progress.completed, progress.ranges
    # The file's 90.207 s against the stored 90.2 s cost nothing: all was credited.
    assert progress.watched_seconds == pytest.approx(lecture.length, abs=1)
    assert progress.position == pytest.approx(lecture.length, abs=0.01)
    summary = ActivityProgress.objects.get(user=learner, activity__page=lecture)
    assert summary.state == ProgressState.COMPLETED
    expect(page.locator("[data-watched]")).to_have_text("100 % sett")
    # Coming back, the share watched shows before anything is played.
    page.reload()
    expect(page.locator("[data-watched]")).to_have_text("100 % sett")


def test_playing_only_from_the_middle_to_the_end_does_not_complete_it(page, learner):
    open_lecture(page, LECTURE + "?t=60")
    page.wait_for_function(
        "Math.abs(document.querySelector('video').currentTime - 60) < 0.5"
    )
    play_to_the_end_at_double_speed(page)

    progress = wait_for_progress(learner, seconds=1)
    assert progress is not None and not progress.completed
    assert 25 < progress.watched_seconds < 35  # 60 s … 90.2 s
    lecture = LecturePage.objects.get(slug=DEMO["slug"])
    summary = ActivityProgress.objects.get(user=learner, activity__page=lecture)
    assert summary.state == ProgressState.STARTED
