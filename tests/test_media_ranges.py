"""Uploaded files are served with HTTP Range support (206, Content-Range, 416), and
only to those who may view a page that uses them."""

import pytest
from django.conf import settings as django_settings
from wagtail.models import PageViewRestriction

DATA = bytes(range(256)) * 4  # 1 024 bytes


@pytest.fixture
def media_file(lecture):
    """The video of a lecture in a public course, its bytes replaced by DATA."""
    path = django_settings.MEDIA_ROOT / lecture.video.file.name
    path.write_bytes(DATA)
    return django_settings.MEDIA_URL + lecture.video.file.name


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.django_db
def test_a_request_without_range_gets_the_whole_file(client, media_file):
    response = client.get(media_file)
    assert response.status_code == 200
    assert body(response) == DATA
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "video/webm"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header,start,end",
    [
        ("bytes=0-99", 0, 99),  # partial
        ("bytes=1000-", 1000, 1023),  # open-ended
        ("bytes=-24", 1000, 1023),  # suffix
        ("bytes=-5000", 0, 1023),  # suffix longer than the file
        ("bytes=500-99999", 500, 1023),  # end past the file
        ("bytes=1023-1023", 1023, 1023),  # the last byte
    ],
)
def test_a_range_gets_exactly_those_bytes(client, media_file, header, start, end):
    response = client.get(media_file, HTTP_RANGE=header)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {start}-{end}/1024"
    assert response["Content-Length"] == str(end - start + 1)
    assert body(response) == DATA[start : end + 1]


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["bytes=1024-", "bytes=5000-6000", "bytes=-0"])
def test_an_unsatisfiable_range_is_416(client, media_file, header):
    response = client.get(media_file, HTTP_RANGE=header)
    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */1024"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header", ["items=0-5", "bytes=5-1", "bytes=0-1,5-9", "bytes=-"]
)
def test_a_range_we_cannot_honour_is_ignored(client, media_file, header):
    response = client.get(media_file, HTTP_RANGE=header)
    assert response.status_code == 200 and body(response) == DATA


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/media/../settings.py", "/media/media/none.webm", "/media/media/"]
)
def test_missing_or_escaping_paths_are_404(client, media_file, path):
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_only_get_and_head(client, media_file):
    assert client.head(media_file).status_code == 200
    assert client.post(media_file).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header", ["bytes=" + "9" * 5000 + "-", "bytes=" + "1" * 19 + "-" + "2" * 19]
)
def test_an_absurd_range_is_416_not_a_server_error(client, media_file, header):
    response = client.get(media_file, HTTP_RANGE=header)
    assert response.status_code == 416


@pytest.mark.django_db
def test_an_absurdly_long_end_means_to_the_end(client, media_file):
    response = client.get(media_file, HTTP_RANGE="bytes=1000-" + "9" * 5000)
    assert response.status_code == 206 and body(response) == DATA[1000:]


@pytest.fixture
def private_file(media_file, lecture):
    PageViewRestriction.objects.create(
        page=lecture.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    return media_file


@pytest.mark.django_db
def test_a_login_only_courses_video_is_refused_to_anonymous_visitors(
    client, private_file
):
    assert client.get(private_file).status_code == 404
    assert client.get(private_file, HTTP_RANGE="bytes=0-99").status_code == 404
    assert client.head(private_file).status_code == 404


@pytest.mark.django_db
def test_a_login_only_courses_video_streams_to_a_learner(client, private_file, learner):
    client.force_login(learner)
    response = client.get(private_file, HTTP_RANGE="bytes=0-99")
    assert response.status_code == 206 and body(response) == DATA[:100]
    assert response["Cache-Control"] == "private"


@pytest.mark.django_db
def test_a_group_only_courses_video_is_refused_to_an_outsider(
    client, media_file, lecture, learner
):
    from django.contrib.auth.models import Group

    restriction = PageViewRestriction.objects.create(
        page=lecture.get_parent(), restriction_type=PageViewRestriction.GROUPS
    )
    insiders = Group.objects.create(name="Kommun A")
    restriction.groups.add(insiders)
    client.force_login(learner)
    assert client.get(media_file).status_code == 404
    learner.groups.add(insiders)
    assert client.get(media_file).status_code == 200


@pytest.mark.django_db
def test_a_public_courses_video_is_public_and_cacheable(client, media_file):
    response = client.get(media_file)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("public")


@pytest.mark.django_db
def test_an_unpublished_lectures_video_is_for_editors_only(
    client, media_file, lecture, learner, editor
):
    lecture.unpublish()
    client.force_login(learner)
    assert client.get(media_file).status_code == 404
    client.force_login(editor)
    assert client.get(media_file).status_code == 200


@pytest.mark.django_db
def test_a_file_no_model_owns_is_for_editors_only(client, lecture, learner, editor):
    (django_settings.MEDIA_ROOT / "stray.txt").write_bytes(b"hemligt")
    client.force_login(learner)
    assert client.get("/media/stray.txt").status_code == 404
    client.force_login(editor)
    assert client.get("/media/stray.txt").status_code == 200


@pytest.mark.django_db
def test_a_practice_calls_recording_follows_the_page_that_places_the_call(
    client, course, private_course, learner
):
    from django.core.files.base import ContentFile
    from wagtailmedia.models import get_media_model

    from roleplays.factories import make_scenario
    from tests.conftest import place_on_topic

    audio = get_media_model().objects.create(
        title="Replik", type="audio", file=ContentFile(b"ID3 ljud", name="replik.mp3")
    )
    scenario = make_scenario(
        [("start", "Hej", False), ("slut", "Hej då", True)],
        [("start", "Hej!", "slut", (1, 1, 1), False)],
        live=True,
    )
    step = scenario.steps.get(key="start")
    step.audio = audio
    step.save()
    scenario.save()  # the reference index follows the scenario's own save
    place_on_topic(course, scenario, "roleplay", "scenario")
    url = django_settings.MEDIA_URL + audio.file.name
    assert client.get(url).status_code == 404  # the course is login-only
    client.force_login(learner)
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_production_sends_the_bytes_through_the_web_server(
    client, media_file, settings
):
    settings.MEDIA_ACCEL_REDIRECT = "/_skyddad-media/"
    response = client.get(media_file, HTTP_RANGE="bytes=0-99")
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == "/_skyddad-media/" + media_file.removeprefix(
        "/media/"
    )


@pytest.mark.django_db
def test_a_document_follows_the_privacy_of_the_course_that_links_it(
    client, course, private_course, learner, settings, tmp_path
):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    settings.MEDIA_ROOT = tmp_path
    document = get_document_model().objects.create(
        title="Rutiner", file=ContentFile(b"%PDF-1.4 rutiner", name="rutiner.pdf")
    )
    topic = course.get_topics().first().specific
    topic.body = [
        ("paragraph", f'<p><a linktype="document" id="{document.pk}">Rutiner</a></p>')
    ]
    topic.save_revision().publish()
    for url in (document.url, settings.MEDIA_URL + document.file.name):
        assert client.get(url).status_code == 404, url
    client.force_login(learner)
    assert client.get(document.url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["", "bytes=0-99"])
def test_files_are_sent_as_stored_even_to_clients_that_accept_gzip(
    client, media_file, header
):
    """GZipMiddleware must not re-encode a video: a compressed 206 has no
    Content-Length and its Content-Range no longer matches the bytes sent."""
    extra = {"HTTP_RANGE": header} if header else {}
    response = client.get(media_file, HTTP_ACCEPT_ENCODING="gzip, br", **extra)
    assert response.status_code == (206 if header else 200)
    assert "Content-Encoding" not in response
    assert body(response) == (DATA[:100] if header else DATA)
