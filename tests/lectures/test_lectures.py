import json
import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from lectures import ranges
from lectures.demo import LECTURE
from lectures.forms import sniff_media
from lectures.models import (
    CaptionTrack,
    Cue,
    LecturePage,
    ViewingSession,
    WatchProgress,
)
from progress.models import ActivityProgress
from progress.states import ProgressState

BAD_SRT = (
    b"1\n00:00:00,500 --> 00:00:07,000\nHej\n\n2\n00:00:07,000 --> 00:00:1x,890\nHopp\n"
)


@pytest.mark.django_db
def test_a_published_lecture_has_its_cues_stored_for_the_transcript(lecture):
    track = lecture.caption_tracks.get()
    assert track.cue_rows.count() == 16
    first = track.cue_rows.first()
    assert (first.start, first.text[:25]) == (0.0, "Ett kontaktcenter byggs i")


@pytest.mark.django_db
def test_the_admin_refuses_to_publish_without_swedish_captions(
    client, editor, course, lecture
):
    client.force_login(editor)
    url = f"/admin/pages/add/lectures/lecturepage/{course.pk}/"
    data = nested_form_data(
        {
            "title": "Ny föreläsning",
            "slug": "ny",
            "summary": "Om något.",
            "video": lecture.video_id,
            "description": rich_text(""),
            "caption_tracks": inline_formset(
                [{"language": "en", "pasted": "00:00 Hello"}]
            ),
            "chapters": inline_formset([]),
        }
    )
    response = client.post(url, {**data, "action-publish": "publish"})
    assert response.status_code == 200
    assert "kan inte publiceras utan textning på kursens språk (svenska)" in (
        response.content.decode()
    )
    assert not LecturePage.objects.filter(slug="ny").exists()

    data["caption_tracks-0-language"] = "sv"
    data["caption_tracks-0-pasted"] = "00:00 Hej och välkommen.\n00:04 Nu börjar vi."
    response = client.post(url, {**data, "action-publish": "publish"})
    assert response.status_code == 302
    new = LecturePage.objects.get(slug="ny")
    assert new.live

    # Saving a draft without Swedish captions is allowed: only publishing is refused.
    data.update({"slug": "utkast", "caption_tracks-0-language": "en"})
    assert client.post(url, data).status_code == 302
    assert not LecturePage.objects.get(slug="utkast").live
    assert list(new.caption_tracks.get().cue_rows.values_list("text", flat=True)) == [
        "Hej och välkommen.",
        "Nu börjar vi.",
    ]


@pytest.mark.django_db
def test_a_malformed_caption_upload_names_the_line(lecture):
    track = CaptionTrack(
        page=lecture, language="en", upload=SimpleUploadedFile("captions.srt", BAD_SRT)
    )
    with pytest.raises(ValidationError) as error:
        track.clean()
    assert "Line 6" in str(error.value) or "Rad 6" in str(error.value)


@pytest.mark.django_db
def test_an_srt_upload_is_sniffed_by_content_and_stored_as_webvtt(lecture):
    srt = (
        b"1\n00:00:01,000 --> 00:00:03,500\nHej\n\n"
        b"2\n00:00:04,000 --> 00:00:06,000\nHopp\n"
    )
    track = CaptionTrack(
        page=lecture, language="en", upload=SimpleUploadedFile("named-like.vtt", srt)
    )
    track.clean()
    assert track.vtt.startswith("WEBVTT")
    assert "00:00:01.000 --> 00:00:03.500" in track.vtt


def test_videos_are_recognised_by_their_bytes():
    assert sniff_media(LECTURE["video"].read_bytes()[:64]) == "video/webm"
    assert sniff_media(b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00") == "video/mp4"
    assert sniff_media(b"<html><script>alert(1)</script>") is None


@pytest.mark.django_db
def test_the_lecture_page_has_video_captions_chapters_and_a_transcript(client, lecture):
    html = client.get(lecture.url).content.decode()
    assert re.search(
        r'<track kind="captions" srclang="sv" label="Svenska" src="[^"]+" default>',
        html,
    )
    assert html.count('class="transcript__item"') == 16
    assert 'href="?t=23#lecture-' in html  # a cue link works without JavaScript
    assert "Resurser" in html and 'data-seek="45.3"' in html
    assert f"/forelasningar/{lecture.uuid}/transkription/sv.txt" in html


@pytest.mark.django_db
def test_t_in_the_address_starts_the_video_there(client, lecture):
    html = client.get(lecture.url, {"t": "47"}).content.decode()
    assert 'data-start="47"' in html
    assert re.search(r'<source src="[^"]+\.webm#t=47"', html)


@pytest.mark.django_db
def test_captions_and_transcript_download(client, lecture):
    vtt = client.get(f"/forelasningar/{lecture.uuid}/textning/sv.vtt")
    assert vtt["Content-Type"].startswith("text/vtt")
    assert vtt.content.decode().startswith("WEBVTT")
    download = client.get(f"/forelasningar/{lecture.uuid}/textning/sv.vtt?download")
    assert download["Content-Disposition"].startswith("attachment")
    txt = client.get(
        f"/forelasningar/{lecture.uuid}/transkription/sv.txt"
    ).content.decode()
    assert txt.splitlines()[2].startswith("[00:00] Ett kontaktcenter byggs")
    assert (
        client.get(f"/forelasningar/{lecture.uuid}/textning/en.vtt").status_code == 404
    )


@pytest.mark.django_db
def test_a_private_lecture_hides_its_captions_from_anonymous_visitors(
    client, lecture, learner
):
    PageViewRestriction.objects.create(page=lecture, restriction_type="login")
    url = f"/forelasningar/{lecture.uuid}/textning/sv.vtt"
    assert client.get(url).status_code == 404
    client.force_login(learner)
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_a_topic_places_a_lecture_with_a_block(client, course, lecture):
    topic = course.get_topics().first()
    topic.body = [("lecture", {"lecture": lecture})]
    topic.save_revision().publish()
    html = client.get(topic.url).content.decode()
    assert "data-lecture" in html and "lectures/player.js" in html


def open_session(client, lecture, seconds_ago=0):
    """A viewing session as the player opens it, begun ``seconds_ago``."""
    response = client.post(f"/forelasningar/{lecture.uuid}/visning/")
    assert response.status_code == 200
    session_id = response.json()["session"]
    ViewingSession.objects.filter(pk=session_id).update(
        started_at=timezone.now() - timedelta(seconds=seconds_ago)
    )
    return session_id


def post_watch(client, lecture, ranges, position=0, session=None):
    """A report in a session long enough to have watched everything."""
    if session is None:
        session = open_session(client, lecture, seconds_ago=3600)
    return client.post(
        f"/forelasningar/{lecture.uuid}/tittat/",
        json.dumps({"session": session, "ranges": ranges, "position": position}),
        content_type="application/json",
    )


@pytest.mark.django_db
def test_watched_ranges_are_merged_and_jumping_to_the_end_is_not_watching(
    client, lecture, learner
):
    client.force_login(learner)
    data = post_watch(client, lecture, [[0, 10], [85, 90.2]], 90).json()
    assert data == {
        "watched": 15.2,
        "duration": 90.2,
        "completed": False,
        "clipped": False,
    }
    data = post_watch(client, lecture, [[5, 40]], 40).json()
    assert data["watched"] == 45.2 and not data["completed"]
    progress = WatchProgress.objects.get()
    assert progress.ranges == [[0, 40], [85, 90.2]]
    state = ActivityProgress.objects.get(user=learner)
    assert state.state == ProgressState.STARTED and state.time_spent == 45


@pytest.mark.django_db
def test_ninety_percent_watched_completes_the_lecture_through_progress(
    client, lecture, learner
):
    client.force_login(learner)
    post_watch(client, lecture, [[0, 60]], 60)
    data = post_watch(client, lecture, [[59, 82]], 82).json()
    assert data["completed"] is True
    summary = ActivityProgress.objects.get(user=learner, activity__page=lecture)
    assert summary.state == ProgressState.COMPLETED
    assert summary.activity.kind == "lecture"
    resume = client.get(f"/forelasningar/{lecture.uuid}/tittat/").json()
    assert resume["position"] == 82 and resume["completed"] is True


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        '{"ranges": "0-10"}',
        '{"ranges": [[5, 1]]}',
        '{"ranges": [], "position": -1}',
        '{"ranges": [], "position": "x"}',
        '{"ranges": [], "position": 1e999}',
        '{"ranges": [[0, 10]], "position": 1}',  # no viewing session
        '{"ranges": [[0, 10]], "session": "nonsense"}',
        "[]",
        "nonsense",
    ],
)
def test_bad_watch_reports_are_refused(client, lecture, learner, body):
    client.force_login(learner)
    response = client.post(
        f"/forelasningar/{lecture.uuid}/tittat/", body, content_type="application/json"
    )
    assert response.status_code == 400 and "error" in response.json()
    assert not WatchProgress.objects.exists()


@pytest.mark.django_db
def test_watching_needs_a_login(client, lecture):
    response = client.post(
        f"/forelasningar/{lecture.uuid}/tittat/",
        json.dumps({"ranges": [[0, 10]]}),
        content_type="application/json",
    )
    assert response.status_code == 302
    assert client.post(f"/forelasningar/{lecture.uuid}/visning/").status_code == 302
    assert not ViewingSession.objects.exists()


@pytest.mark.django_db
def test_an_instant_report_of_the_whole_lecture_does_not_complete_it(
    client, lecture, learner
):
    client.force_login(learner)
    session = open_session(client, lecture)  # opened just now
    data = post_watch(client, lecture, [[0, 90.2]], 90, session=session).json()
    assert data["clipped"] is True and data["completed"] is False
    # Credited: no more than the fastest speed allows, plus the slack.
    assert data["watched"] <= ranges.SLACK_SECONDS + 1
    assert not ActivityProgress.objects.filter(state=ProgressState.COMPLETED).exists()


@pytest.mark.django_db
def test_watching_at_double_speed_completes_in_half_the_time(client, lecture, learner):
    client.force_login(learner)
    session = open_session(client, lecture, seconds_ago=46)
    data = post_watch(client, lecture, [[0, 90.207]], 90.207, session=session).json()
    assert data["completed"] is True and data["clipped"] is False
    # The player's exact length is a little longer than the stored 90.2 s: the report
    # is kept, with the position inside the lecture.
    assert WatchProgress.objects.get().position == 90.2


@pytest.mark.django_db
def test_the_last_seconds_past_the_stored_length_are_clipped_not_refused(
    client, lecture, learner
):
    """The player's last report of a lecture watched to the end: the file is 90.207 s
    long, 90.2 s are stored. Nothing in the report is thrown away for that."""
    client.force_login(learner)
    session = open_session(client, lecture, seconds_ago=3600)
    post_watch(client, lecture, [[0, 70]], 70, session=session)
    response = post_watch(
        client, lecture, [[0, 90.207], [90.205, 90.207]], 90.207, session=session
    )
    assert response.status_code == 200
    assert response.json() == {
        "watched": 90.2,
        "duration": 90.2,
        "completed": True,
        "clipped": False,
    }
    assert WatchProgress.objects.get().ranges == [[0, 90.2]]


@pytest.mark.django_db
def test_a_refused_range_says_why_in_the_learners_language(client, lecture, learner):
    client.force_login(learner)
    response = post_watch(client, lecture, [[5, 1]], 5)
    assert response.status_code == 400
    assert response.json() == {
        "error": "Ett intervall börjar vid 0 eller senare och slutar efter att det "
        "har börjat."
    }


@pytest.mark.django_db
def test_a_session_belongs_to_its_learner_and_its_lecture(
    client, lecture, learner, editor
):
    client.force_login(editor)
    theirs = open_session(client, lecture, seconds_ago=3600)
    client.force_login(learner)
    response = post_watch(client, lecture, [[0, 90]], 90, session=theirs)
    assert response.status_code == 400
    assert not WatchProgress.objects.exists()


@pytest.mark.django_db
def test_an_old_session_is_refused(client, lecture, learner):
    client.force_login(learner)
    session = open_session(client, lecture, seconds_ago=13 * 3600)
    assert (
        post_watch(client, lecture, [[0, 90]], 90, session=session).status_code == 400
    )


@pytest.mark.django_db
def test_search_finds_what_is_only_said_in_the_lecture_and_links_to_the_moment(
    client, lecture, learner
):
    client.force_login(learner)
    html = client.get("/sok/", {"q": "sexhundratjugonio"}).content.decode()
    cue = Cue.objects.get(text__contains="sexhundratjugonio")
    assert f'href="{lecture.url}?t={int(cue.start)}"' in html
    assert "1 träff" in html


@pytest.mark.django_db
def test_search_hides_private_lectures_from_anonymous_visitors(client, lecture):
    PageViewRestriction.objects.create(page=lecture, restriction_type="login")
    html = client.get("/sok/", {"q": "sexhundratjugonio"}).content.decode()
    assert "?t=" not in html and "0 träffar" in html


@pytest.mark.django_db
def test_search_covers_topic_text(client, course):
    topic = course.get_topics().first()
    topic.body = [("paragraph", "<p>Telefontiden är kort på förvaltningen.</p>")]
    topic.save_revision().publish()
    html = client.get("/sok/", {"q": "telefontiden"}).content.decode()
    assert f'href="{topic.url}"' in html


def test_the_demo_lecture_is_small_and_its_captions_fit_the_video():
    from lectures.captions import parse

    assert LECTURE["video"].stat().st_size < 3 * 1024 * 1024
    _kind, cues = parse(LECTURE["captions"].read_bytes())
    assert cues and cues[-1].end <= LECTURE["duration"]
    assert all(a.end <= b.start for a, b in zip(cues, cues[1:], strict=False))


@pytest.mark.django_db
def test_many_sessions_at_once_give_no_more_time_than_one(
    client, lecture, learner, monkeypatch
):
    # The clock stands still: all of this happens in the same instant.
    instant = timezone.now()
    monkeypatch.setattr("lectures.views.timezone.now", lambda: instant)
    client.force_login(learner)
    sessions = [open_session(client, lecture) for _ in range(25)]
    ViewingSession.objects.update(started_at=instant)
    for n, session in enumerate(sessions):
        data = post_watch(client, lecture, [[3 * n, 3 * n + 3]], 3 * n + 3, session)
    data = data.json()
    assert data["completed"] is False
    # Together the sessions credit what one session could: the slack of 3 s.
    assert data["watched"] == ranges.SLACK_SECONDS


@pytest.mark.django_db
def test_opening_viewings_is_rate_limited(client, lecture, learner):
    client.force_login(learner)
    codes = [
        client.post(f"/forelasningar/{lecture.uuid}/visning/").status_code
        for _ in range(31)
    ]
    assert codes[:30] == [200] * 30 and codes[30] == 429


@pytest.mark.django_db
@pytest.mark.parametrize("t", ["inf", "1e309", "9" * 5000, "nan"])
def test_an_absurd_start_time_is_ignored(client, lecture, t):
    response = client.get(lecture.url, {"t": t})
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        {"ranges": [[0, 10**400]], "position": 1},
        {"ranges": [[0, 1]], "position": 10**400},
    ],
)
def test_numbers_too_large_for_a_float_are_refused(client, lecture, learner, body):
    client.force_login(learner)
    session = open_session(client, lecture, seconds_ago=3600)
    response = client.post(
        f"/forelasningar/{lecture.uuid}/tittat/",
        json.dumps({"session": session, **body}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not WatchProgress.objects.exists()


@pytest.mark.django_db
def test_search_hides_group_only_content_from_signed_in_outsiders(
    client, lecture, course, learner
):
    from django.contrib.auth.models import Group

    restriction = PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.GROUPS
    )
    insiders = Group.objects.create(name="Socialtjänsten")
    restriction.groups.add(insiders)
    client.force_login(learner)
    for query in ("sexhundratjugonio", "Projektets steg", "Förstudie"):
        html = client.get("/sok/", {"q": query}).content.decode()
        assert "0 träffar" in html, query
    learner.groups.add(insiders)
    html = client.get("/sok/", {"q": "sexhundratjugonio"}).content.decode()
    assert "?t=" in html


@pytest.mark.django_db
@pytest.mark.parametrize("query", ['"', 'ROSA"', "\x00", "a\x00b", '""""'])
def test_a_query_the_engine_cannot_read_gives_no_hits_not_an_error(client, query):
    assert client.get("/sok/", {"q": query}).status_code == 200


@pytest.mark.django_db
def test_slivers_from_two_sessions_do_not_merge_into_a_whole_lecture(
    client, lecture, learner, monkeypatch
):
    """Two sessions report slivers 0.5 s apart, the second shifted by 0.25 s: each
    session's slivers fit its budget, and merged with the gap-closing tolerance they
    would have covered the whole lecture. Sessions' ranges join the learner's progress
    exactly, so only what was credited counts."""
    instant = timezone.now()
    monkeypatch.setattr("lectures.views.timezone.now", lambda: instant)
    client.force_login(learner)
    first, second = open_session(client, lecture), open_session(client, lecture)
    ViewingSession.objects.update(started_at=instant)
    slivers = [[0.5 * k, 0.5 * k + 0.004] for k in range(181)]
    post_watch(client, lecture, slivers, 0, first)
    shifted = [[start + 0.25, end + 0.25] for start, end in slivers]
    data = post_watch(client, lecture, shifted, 0, second).json()
    assert data["completed"] is False
    assert data["watched"] <= 2 * 181 * 0.004 + 0.01
