"""Publishing a lecture in the admin: its video is chosen or uploaded from the page, and
a lecture whose length is unknown cannot be published (a draft can be saved)."""

import importlib

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text
from wagtailmedia.models import get_media_model

from ecirkel import caching
from lectures.demo import LECTURE
from lectures.models import LecturePage

CAPTIONS = "00:00 Hej och välkommen.\n00:04 Nu börjar vi."


@pytest.fixture
def video_of_unknown_length(settings, tmp_path):
    """A video uploaded before lengths were read: wagtailmedia stored 0."""
    settings.MEDIA_ROOT = tmp_path
    return get_media_model().objects.create(
        title="Gammal video",
        type="video",
        duration=0,
        file=ContentFile(LECTURE["video"].read_bytes(), name="gammal.webm"),
    )


def lecture_form(video, **extra):
    return nested_form_data(
        {
            "title": "Ny föreläsning",
            "slug": "ny",
            "summary": "Om något.",
            "video": video.pk,
            "description": rich_text(""),
            "caption_tracks": inline_formset([{"language": "sv", "pasted": CAPTIONS}]),
            "chapters": inline_formset([]),
            **extra,
        }
    )


@pytest.mark.django_db
def test_a_lecture_whose_length_is_unknown_cannot_be_published_but_saved_as_draft(
    client, editor, course, video_of_unknown_length
):
    client.force_login(editor)
    url = f"/admin/pages/add/lectures/lecturepage/{course.pk}/"
    data = lecture_form(video_of_unknown_length)

    response = client.post(url, {**data, "action-publish": "publish"})
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "Längden på videon ”Gammal video” kunde inte läsas från filen, och en "
        "föreläsning kan inte publiceras utan den."
    ) in html
    assert not LecturePage.objects.exists()

    # A draft may lack the length …
    assert client.post(url, data).status_code == 302
    draft = LecturePage.objects.get(slug="ny")
    assert not draft.live and draft.length == 0

    # Typed in, the length makes the lecture publishable.
    data.update({"slug": "med-langd", "duration": "90.2"})
    response = client.post(url, {**data, "action-publish": "publish"})
    assert response.status_code == 302
    published = LecturePage.objects.get(slug="med-langd")
    assert published.live and published.length == 90.2


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["0", "-5", "100000"])
def test_a_typed_length_must_be_a_plausible_number_of_seconds(
    client, editor, course, video_of_unknown_length, typed
):
    client.force_login(editor)
    url = f"/admin/pages/add/lectures/lecturepage/{course.pk}/"
    response = client.post(url, lecture_form(video_of_unknown_length, duration=typed))
    assert response.status_code == 200
    assert "Skriv videons längd i sekunder, till exempel 90.5." in (
        response.content.decode()
    )
    assert not LecturePage.objects.exists()


@pytest.mark.django_db
def test_the_length_read_from_the_video_wins_over_a_stale_typed_one(lecture):
    lecture.duration = 12
    lecture.video.duration = 90.207
    assert lecture.length == 90.207
    lecture.video.duration = 0
    assert lecture.length == 12


@pytest.mark.django_db
def test_a_lecture_of_unknown_length_shows_no_made_up_length(client, lecture):
    assert "(01:30 min)" in client.get(lecture.url).content.decode()
    get_media_model().objects.filter(pk=lecture.video_id).update(duration=0)
    LecturePage.objects.filter(pk=lecture.pk).update(duration=None)
    # Raw updates send no signal; the admin's saves move the content version on,
    # which the player's kept parts (its length among them) are keyed by.
    caching.content_changed()
    assert " min)" not in client.get(lecture.url).content.decode()


@pytest.mark.django_db
def test_the_video_is_chosen_or_uploaded_from_the_lecture_form(client, editor, course):
    client.force_login(editor)
    html = client.get(
        f"/admin/pages/add/lectures/lecturepage/{course.pk}/"
    ).content.decode()
    # wagtailmedia's chooser for videos (its modal has an upload tab), not a <select>.
    assert "/admin/media/chooser/video/" in html
    assert '<select name="video"' not in html


@pytest.mark.django_db
def test_existing_videos_of_length_zero_get_their_length_read(
    video_of_unknown_length, settings
):
    settings.LECTURES_FFPROBE = ""
    migration = importlib.import_module("lectures.migrations.0005_read_video_lengths")
    migration.read_lengths(apps, None)
    video_of_unknown_length.refresh_from_db()
    assert video_of_unknown_length.duration == pytest.approx(90.207, abs=0.001)


@pytest.fixture
def unfinished_draft(client, editor, course, video_of_unknown_length):
    """A draft lecture of unknown length, saved from the page form (drafts may be)."""
    client.force_login(editor)
    url = f"/admin/pages/add/lectures/lecturepage/{course.pk}/"
    assert client.post(url, lecture_form(video_of_unknown_length)).status_code == 302
    return LecturePage.objects.get(slug="ny")


@pytest.mark.django_db
@pytest.mark.parametrize("include_descendants", [False, True])
def test_bulk_publishing_refuses_a_lecture_the_form_would_refuse(
    client, course, unfinished_draft, include_descendants
):
    # Selected itself, or as a draft below a selected page.
    selected = course if include_descendants else unfinished_draft
    data = {"include_descendants": "on"} if include_descendants else {}
    url = f"/admin/bulk/wagtailcore/page/publish/?id={selected.pk}&next=/admin/"
    response = client.post(url, data, follow=True)

    assert response.status_code == 200
    assert "Längden på videon i ”Ny föreläsning” är okänd." in response.content.decode()
    unfinished_draft.refresh_from_db()
    assert not unfinished_draft.live


@pytest.mark.django_db
def test_bulk_publishing_a_finished_lecture_puts_it_live(
    client, course, unfinished_draft
):
    unfinished_draft.duration = 90.2
    unfinished_draft.save_revision()
    url = f"/admin/bulk/wagtailcore/page/publish/?id={unfinished_draft.pk}&next=/admin/"
    assert client.post(url, {}).status_code == 302
    unfinished_draft.refresh_from_db()
    assert unfinished_draft.live


@pytest.mark.django_db
def test_a_lecture_cannot_be_sent_for_approval_unless_it_could_be_published(
    client, editor, course, video_of_unknown_length
):
    client.force_login(editor)
    url = f"/admin/pages/add/lectures/lecturepage/{course.pk}/"
    data = lecture_form(video_of_unknown_length)
    response = client.post(url, {**data, "action-submit": "submit"})
    assert response.status_code == 200
    assert "kunde inte läsas från filen" in response.content.decode()
    assert not LecturePage.objects.exists()


@pytest.mark.django_db
def test_publishing_a_revision_in_code_refuses_missing_captions_and_length(
    course, unfinished_draft
):
    from django.core.exceptions import ValidationError

    unfinished_draft.caption_tracks.all().delete()
    revision = unfinished_draft.save_revision()
    with pytest.raises(ValidationError) as refused:
        revision.publish()
    assert len(refused.value.messages) == 2  # no Swedish captions, unknown length
    unfinished_draft.refresh_from_db()
    assert not unfinished_draft.live


@pytest.mark.django_db
def test_a_draft_may_be_saved_before_its_captions_exist(
    client, editor, course, video_of_unknown_length
):
    """The README promises it; the captions panel demanded a track even for drafts."""
    client.force_login(editor)
    url = f"/admin/pages/add/lectures/lecturepage/{course.pk}/"
    data = lecture_form(video_of_unknown_length, caption_tracks=inline_formset([]))
    assert client.post(url, data).status_code == 302
    draft = LecturePage.objects.get(slug="ny")
    assert not draft.live and not draft.caption_tracks.exists()
    response = client.post(
        f"/admin/pages/{draft.pk}/edit/", {**data, "action-publish": "publish"}
    )
    assert response.status_code == 200
    assert "kan inte publiceras utan textning" in response.content.decode()
