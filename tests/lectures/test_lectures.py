import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from lectures.demo import LECTURE
from lectures.forms import sniff_media
from lectures.models import CaptionTrack, Cue, LecturePage, WatchProgress
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


def post_watch(client, lecture, ranges, position=0):
    return client.post(
        f"/forelasningar/{lecture.uuid}/tittat/",
        json.dumps({"ranges": ranges, "position": position}),
        content_type="application/json",
    )


@pytest.mark.django_db
def test_watched_ranges_are_merged_and_jumping_to_the_end_is_not_watching(
    client, lecture, learner
):
    client.force_login(learner)
    data = post_watch(client, lecture, [[0, 10], [85, 90.2]], 90).json()
    assert data == {"watched": 15.2, "duration": 90.2, "completed": False}
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
        '{"ranges": [], "position": 500}',
        '{"ranges": [], "position": "x"}',
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
    assert post_watch(client, lecture, [[0, 10]]).status_code == 302


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
