"""What an import must not do on the installation that receives it: make a login-only
course public, link learners to the package's download address or to anything that
is not a web address, or take a course made here for one that came from elsewhere."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site
from wagtailmedia.models import get_media_model

from courses.models import CoursePage, TopicPage
from ecirkel.media import pages_using
from sharing.importing import import_package, inspect
from sharing.models import ImportedCourse, SharingSettings
from sharing.package import PackageError
from tests.sharing.conftest import export, snapshot, wipe


@pytest.fixture
def imported(demo, tmp_path):
    """The demo course (login only), exported with the organisation's web address,
    wiped, and imported as a new course from a catalog's download address."""
    sharing = SharingSettings.for_site(Site.objects.get(is_default_site=True))
    sharing.organisation = "Järfälla kommun"
    sharing.organisation_url = "https://www.jarfalla.se/"
    sharing.save()
    package = tmp_path / "kurs.zip"
    export(demo, package)
    course_uuid = demo.uuid
    wipe(demo)
    import_package(package, source_url="http://10.0.0.5:8000/delning/paket/kurs.zip")
    return {"course": CoursePage.objects.get(uuid=course_uuid), "package": package}


def a_video_of(course):
    for item in get_media_model().objects.filter(type="video").exclude(file=""):
        if any(page.path.startswith(course.path) for page in pages_using([item])):
            return item
    raise AssertionError("the demo course has a video")


def test_a_new_course_is_imported_for_signed_in_users_only(imported, client):
    course = imported["course"]
    restrictions = PageViewRestriction.objects.filter(page=course)
    assert [r.restriction_type for r in restrictions] == [PageViewRestriction.LOGIN]
    topic = TopicPage.objects.child_of(course).live().first()
    video_url = a_video_of(course).file.url

    response = client.get(topic.url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    # A file of a login-only course is "not found" to the anonymous (ecirkel/media.py).
    assert client.get(video_url).status_code == 404

    client.force_login(get_user_model().objects.get(username="deltagare"))
    assert client.get(topic.url).status_code == 200
    response = client.get(video_url)
    assert response.status_code == 200
    response.close()


def test_an_update_leaves_the_local_privacy_alone(imported):
    course = imported["course"]
    PageViewRestriction.objects.filter(page=course).delete()  # made public here
    Page.objects.get(pk=course.pk).specific.save_revision().publish()
    package = imported["package"]
    # The same package bytes count as already imported; a changed package updates.
    ImportedCourse.objects.filter(course=course).update(package_sha256="0" * 64)
    import_package(package)
    assert not PageViewRestriction.objects.filter(page=course).exists()


def test_the_attribution_links_to_the_organisation_not_the_download(imported, client):
    course = imported["course"]
    record = ImportedCourse.objects.get(course=course)
    assert record.source_url == "https://www.jarfalla.se/"
    assert record.downloaded_from == "http://10.0.0.5:8000/delning/paket/kurs.zip"
    client.force_login(get_user_model().objects.get(username="deltagare"))
    html = client.get(course.url).content.decode()
    assert 'href="https://www.jarfalla.se/"' in html
    assert "10.0.0.5" not in html


def test_without_an_organisation_address_the_source_is_not_a_link(demo, tmp_path):
    package = tmp_path / "kurs.zip"
    export(demo, package)
    course_uuid = demo.uuid
    wipe(demo)
    import_package(package, source_url="https://katalog.example/paket/kurs.zip")
    record = ImportedCourse.objects.get(course_uuid=course_uuid)
    assert record.source_url == ""
    html = render_attribution(record.course)
    assert "course-attribution" in html and "<a " not in html.split("Licens")[0]


def render_attribution(page) -> str:
    template = Template("{% load sharing_tags %}{% course_attribution page %}")
    return template.render(Context({"page": page}))


@pytest.mark.parametrize(
    "bad",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,hej",
        "//evil.example/",
        "ftp://example.org/",
    ],
)
def test_only_http_addresses_become_links(demo, bad):
    ImportedCourse.objects.create(
        course=demo,
        course_uuid=demo.uuid,
        version="1",
        package_sha256="0" * 64,
        source_organisation="Järfälla kommun",
        source_url=bad,
        license_id="CC-BY-4.0",
        license_name="CC BY 4.0",
        license_url=bad,
        imported_at=timezone.now(),
    )
    html = render_attribution(demo)
    assert "Järfälla kommun" in html and "CC BY 4.0" in html
    assert "href" not in html


def test_a_package_of_a_course_made_here_is_refused(demo, tmp_path, media):
    package = tmp_path / "kurs.zip"
    export(demo, package)
    before = snapshot(media)
    with pytest.raises(PackageError) as refused:
        inspect(package)
    assert refused.value.code == "made_here"
    assert "är gjord här" in refused.value.message
    assert demo.title in refused.value.message
    with pytest.raises(PackageError):
        import_package(package)
    with pytest.raises(CommandError, match="är gjord här"):
        call_command("import_package", str(package))
    assert not ImportedCourse.objects.exists()
    assert snapshot(media) == before
