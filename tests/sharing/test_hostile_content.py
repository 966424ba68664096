"""Content in a package that the zip checks cannot see: a package that claims pages
of another course, rich text an editor could not have written, files of a type
nobody could upload here. Found by a review that built such packages by hand."""

import hashlib
import io
import json
import uuid
import zipfile

import pytest
from wagtail.models import Page

from courses.models import CoursePage, TopicPage
from quizzes.models import Question
from sharing.importing import import_package
from sharing.models import ImportedObject
from sharing.package import PackageError, PackageWriter
from tests.sharing.conftest import content_of, export, snapshot


def repack(package: bytes, path, change, extra=None) -> None:
    """``package`` with its content changed by ``change(content)``, its files kept
    and ``extra`` {member: bytes} added."""
    content = content_of(package)
    change(content)
    extra = extra or {}
    with zipfile.ZipFile(io.BytesIO(package)) as archive, path.open("wb") as out:
        manifest = json.loads(archive.read("manifest.json"))
        manifest.pop("files")
        members = {n: None for n in archive.namelist() if n.startswith("files/")}
        members.update(extra)
        writer = PackageWriter(out)
        writer.add_json("content.json", content)
        for name in sorted(members):
            if members[name] is None:
                with archive.open(name) as source:
                    writer.add_file(name, source)
            else:
                writer.add_file(name, io.BytesIO(members[name]))
        manifest["course"]["uuid"] = content["course"]
        writer.finish(manifest)


def as_new_course(content, title="Trojan"):
    """The same content under a new course identity (every reference to the course
    follows), every other uuid kept."""
    old, new = content["course"], str(uuid.uuid4())
    renamed = json.loads(json.dumps(content).replace(old, new))
    content.clear()
    content.update(renamed)
    course = course_object(content)
    course["fields"]["title"] = title
    course["fields"]["slug"] = "trojan"


def course_object(content):
    return next(d for d in content["objects"] if d["uuid"] == content["course"])


def test_a_package_cannot_take_over_the_pages_of_another_course(demo, media, tmp_path):
    """The demo course under a new course uuid, its topics' uuids kept: importing it
    would have claimed (and a later version rewritten) the demo's own topics."""
    trojan = tmp_path / "trojan.zip"
    repack(export(demo), trojan, as_new_course)
    titles = dict(TopicPage.objects.values_list("pk", "title"))
    before = snapshot(media)
    with pytest.raises(PackageError) as refused:
        import_package(trojan)
    assert refused.value.code == "foreign_page"
    assert "redan finns på webbplatsen" in refused.value.message
    assert snapshot(media) == before
    assert dict(TopicPage.objects.values_list("pk", "title")) == titles


def test_content_already_here_is_used_as_it_is_and_not_claimed(demo, media, tmp_path):
    """A new course whose quiz questions (by uuid) are in the question bank here:
    they are used, never rewritten, and stay nobody's import."""
    question = Question.objects.filter(live=True).first()
    original = question.text
    package = tmp_path / "ny.zip"

    def new_course_with_one_question(content):
        keep = {content["course"]}
        objects = [d for d in content["objects"] if d["uuid"] in keep]
        course = objects[0]
        course["fields"]["title"] = "En annan kurs"
        course["fields"]["slug"] = "en-annan-kurs"
        course["fields"].pop("completion_requirements", None)
        copy = next(d for d in content["objects"] if d["uuid"] == str(question.uuid))
        copy["fields"]["text"] = "Omskriven av paketet"
        content["objects"] = objects + [copy]

    def change(content):
        as_new_course(content, "En annan kurs")
        new_course_with_one_question(content)

    try:
        repack(export(demo), package, change)
    except KeyError:
        pytest.fail("the demo course's content changed shape: adjust the test")
    result = import_package(package)
    question.refresh_from_db()
    assert question.text == original
    assert result.course.title == "En annan kurs"
    assert not ImportedObject.objects.filter(uuid=question.uuid).exists()


def test_rich_text_is_cleaned_to_what_an_editor_could_write(demo, media, tmp_path):
    package = tmp_path / "xss.zip"
    wipe_and = export(demo)
    hostile = (
        '<p>Välkommen <script>alert(1)</script><img src="x" onerror="alert(2)">'
        '<iframe src="javascript:alert(3)">ram</iframe>'
        '<a href="javascript:alert(4)">klicka</a> <a href="https://skr.se/">SKR</a>'
        '<b onclick="alert(5)">fet</b></p>'
    )

    def change(content):
        course_object(content)["fields"]["intro"] = hostile

    repack(wipe_and, package, change)
    Page.objects.get(pk=demo.pk).delete()
    result = import_package(package)
    intro = CoursePage.objects.get(pk=result.course.pk).intro
    for gone in ("<script", "alert(1)", "onerror", "<iframe", "javascript:", "onclick"):
        assert gone not in intro
    assert '<a href="https://skr.se/">SKR</a>' in intro
    assert "<b>fet</b>" in intro and "klicka" in intro


@pytest.mark.parametrize(
    "kind, extension",
    [("wagtaildocs.document", "html"), ("wagtailimages.image", "svg")],
)
def test_a_file_of_a_type_nobody_could_upload_here_is_refused(
    demo, media, tmp_path, kind, extension
):
    package = tmp_path / "fil.zip"
    data = export(demo)
    body = b"<html><script>alert(1)</script></html>"
    member = f"files/{hashlib.sha256(body).hexdigest()}.{extension}"

    def change(content):
        content["objects"].append(
            {
                "kind": kind,
                "uuid": str(uuid.uuid4()),
                "fields": {"title": "Blankett", "file": member},
            }
        )

    repack(data, package, change, extra={member: body})
    before = snapshot(media)
    with pytest.raises(PackageError) as refused:
        import_package(package)
    assert refused.value.code in {"bad_file_type", "bad_content"}
    assert snapshot(media) == before


def test_only_someone_who_may_publish_the_course_imports_it(demo, media, tmp_path):
    from users.factories import UserFactory
    from users.roles import EDITOR, LEARNER

    package = tmp_path / "kurs.zip"
    data = export(demo)
    package.write_bytes(data)
    Page.objects.get(pk=demo.pk).delete()
    learner = UserFactory(username="elev", roles=[LEARNER])
    before = snapshot(media)
    with pytest.raises(PackageError) as refused:
        import_package(package, user=learner)
    assert refused.value.code == "not_allowed"
    assert snapshot(media) == before
    editor = UserFactory(username="red", roles=[EDITOR])
    assert import_package(package, user=editor).course.title == demo.title
