"""Videos and recordings uploaded to the media library: recognised by their content,
their length read from the file, and the editor role allowed to upload them."""

import shutil
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import Collection
from wagtailmedia.models import get_media_model

from lectures import mediafiles
from lectures.demo import LECTURE

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
MP4 = FIXTURES / "lecture.mp4"
HAS_FFPROBE = shutil.which("ffprobe") is not None


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def no_ffprobe(settings):
    """As on a machine with only Python: the length is read by the Python parser."""
    settings.LECTURES_FFPROBE = ""


def upload(path: Path, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def test_the_length_of_the_demo_webm_is_read_in_python(no_ffprobe):
    assert mediafiles.duration(upload(LECTURE["video"]), "webm") == pytest.approx(
        90.207, abs=0.001
    )


def test_the_length_of_an_mp4_is_read_in_python(no_ffprobe):
    assert mediafiles.duration(upload(MP4), "mp4") == pytest.approx(7.5, abs=0.001)


@pytest.mark.skipif(not HAS_FFPROBE, reason="ffprobe (Debian's ffmpeg) is not here")
def test_ffprobe_reads_the_same_lengths_when_the_machine_has_it(settings):
    settings.LECTURES_FFPROBE = shutil.which("ffprobe")
    assert mediafiles.ffprobe_duration(upload(MP4), "mp4") == pytest.approx(7.5)
    assert mediafiles.ffprobe_duration(
        upload(LECTURE["video"]), "webm"
    ) == pytest.approx(90.207)
    broken = SimpleUploadedFile("x.mp4", b"\x00\x00\x00\x20ftypisom" + bytes(200))
    assert mediafiles.ffprobe_duration(broken, "mp4") is None


def test_a_file_whose_length_cannot_be_read_has_no_length(no_ffprobe):
    broken = SimpleUploadedFile("x.mp4", b"\x00\x00\x00\x20ftypisom" + bytes(200))
    assert mediafiles.duration(broken, "mp4") is None


def add_media(client, kind: str, file, title="Föreläsning", **extra):
    return client.post(
        f"/admin/media/{kind}/add/",
        {
            "title": title,
            "file": file,
            "collection": Collection.get_first_root_node().pk,
            "tags": "",
            **extra,
        },
    )


@pytest.mark.django_db
def test_an_editor_uploads_a_video_and_its_length_is_read_from_it(
    client, editor, media_root, no_ffprobe
):
    client.force_login(editor)
    response = add_media(client, "video", upload(MP4, "inspelning.mp4"))
    assert response.status_code == 302, response.content.decode()[:3000]
    video = get_media_model().objects.get()
    assert video.duration == pytest.approx(7.5, abs=0.001)
    assert video.type == "video" and video.uploaded_by_user == editor


@pytest.mark.django_db
def test_a_webm_named_like_something_else_is_stored_as_what_it_is(
    client, editor, media_root, no_ffprobe
):
    client.force_login(editor)
    response = add_media(client, "video", upload(LECTURE["video"], "steg.mp4"))
    assert response.status_code == 302
    video = get_media_model().objects.get()
    assert video.file.name.endswith(".webm")
    assert video.duration == pytest.approx(90.207, abs=0.001)


@pytest.mark.django_db
def test_a_fake_mp4_is_refused_saying_what_is_wrong_with_it(client, editor, media_root):
    client.force_login(editor)
    fake = SimpleUploadedFile("semester.mp4", b"<html>not a video</html>" * 10)
    response = add_media(client, "video", fake)
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "Filen är inte en MP4- eller WebM-video: innehållet börjar inte som i en "
        "sådan. Ladda upp själva videofilen."
    ) in html
    assert "Filändelsen" not in html  # not the misleading 'Filändelsen "" …'
    assert not get_media_model().objects.exists()


@pytest.mark.django_db
def test_an_editor_uploads_a_recording_for_a_practice_call(client, editor, media_root):
    client.force_login(editor)
    # An MP3 begins with its ID3 tag (or a frame header).
    mp3 = SimpleUploadedFile("replik.mp3", b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"x")
    response = add_media(client, "audio", mp3, title="Replik")
    assert response.status_code == 302
    assert get_media_model().objects.get().type == "audio"
    response = add_media(client, "audio", upload(MP4, "replik.mp3"), title="Replik")
    assert response.status_code == 302
    assert get_media_model().objects.latest("pk").file.name.endswith(".m4a")
    html = add_media(
        client, "audio", SimpleUploadedFile("x.mp3", b"nonsense")
    ).content.decode()
    assert "Filen är inte en MP3-, M4A- eller Ogg-inspelning" in html


@pytest.mark.django_db
def test_the_editor_role_may_add_change_and_choose_media_and_a_learner_may_not(
    client, editor, learner, media_root
):
    from wagtail.permissions import policy_registry

    Media = get_media_model()
    policy = policy_registry.get_by_type(Media)
    video = Media.objects.create(
        title="Video", type="video", duration=7.5, file=upload(MP4)
    )
    for action in ["add", "change"]:
        assert policy.user_has_permission(editor, action)
        assert not policy.user_has_permission(learner, action)
    # Choosing: wagtailmedia's chooser lists what the user may change.
    assert video in policy.instances_user_has_any_permission_for(editor, ["change"])
    assert not policy.instances_user_has_any_permission_for(learner, ["change"])
    assert editor.has_perm("wagtailmedia.add_media")
    assert not learner.has_perm("wagtailmedia.add_media")

    client.force_login(editor)
    assert client.get("/admin/media/").status_code == 200
    chooser = client.get("/admin/media/chooser/video/")
    assert chooser.status_code == 200 and "Video" in chooser.json()["html"]
    assert "media-chooser-upload-file" in chooser.json()["html"]  # upload from there
    client.force_login(learner)
    assert client.get("/admin/media/").status_code == 302
    assert client.get("/admin/media/chooser/video/").status_code == 302
    assert add_media(client, "video", upload(MP4)).status_code == 302
    assert Media.objects.count() == 1
