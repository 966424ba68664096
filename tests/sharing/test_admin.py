"""The admin's export download, the sharing settings per course, and the
attribution learners see on an imported course."""

import io
import zipfile

from django.urls import reverse
from django.utils import timezone

from sharing.models import ImportedCourse


def test_an_editor_downloads_the_course_package(client, course, editor):
    client.force_login(editor)
    response = client.get(reverse("sharing_export", args=[course.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert 'filename="testkurs.zip"' in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {"manifest.json", "content.json"} <= set(archive.namelist())


def test_the_header_offers_the_export_to_editors_only_on_courses(
    client, course, editor
):
    client.force_login(editor)
    page = client.get(reverse("wagtailadmin_pages:edit", args=[course.pk]))
    assert reverse("sharing_export", args=[course.pk]) in page.content.decode()
    topic = course.get_children().first()
    assert client.get(reverse("sharing_export", args=[topic.pk])).status_code == 404


def test_learners_see_where_an_imported_course_comes_from(client, course, learner):
    ImportedCourse.objects.create(
        course=course,
        course_uuid=course.uuid,
        version="1",
        package_sha256="0" * 64,
        source_organisation="Järfälla kommun",
        source_url="https://www.jarfalla.se/",
        license_id="CC-BY-SA-4.0",
        license_name="Creative Commons Attribution-ShareAlike 4.0 International",
        license_url="https://creativecommons.org/licenses/by-sa/4.0/",
        attribution="Av kontaktcentret i Järfälla.",
        imported_at=timezone.now(),
    )
    client.force_login(learner)
    topic = course.get_children().first().specific
    for page in (course, topic):
        html = client.get(page.url).content.decode()
        assert "Järfälla kommun" in html
        assert 'href="https://creativecommons.org/licenses/by-sa/4.0/"' in html
        assert "Av kontaktcentret i Järfälla." in html
        # A footnote of the page, the license named in the page's language.
        assert '<footer class="page course-attribution">' in html
        assert "CC BY-SA 4.0 (erkännande, dela lika)</a>" in html
        assert "Attribution-ShareAlike" not in html


def test_a_license_this_installation_does_not_know_keeps_its_name(
    client, course, learner
):
    ImportedCourse.objects.create(
        course=course,
        course_uuid=course.uuid,
        version="1",
        package_sha256="0" * 64,
        source_organisation="Järfälla kommun",
        license_id="LicenseRef-Jarfalla",
        license_name="Järfällas villkor för delat material",
        imported_at=timezone.now(),
    )
    client.force_login(learner)
    html = client.get(course.url).content.decode()
    assert "Licens:" in html
    assert "Järfällas villkor för delat material" in html


def test_a_course_made_here_shows_no_attribution(client, course, learner):
    client.force_login(learner)
    assert "course-attribution" not in client.get(course.url).content.decode()
