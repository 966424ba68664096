"""Round trip: the demo course exported, imported into a fresh installation (its own
database and media folder), and the same again: pages, content, media bytes,
questions. And in-process: wiped, imported, and taken by a learner."""

import hashlib
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from wagtail.models import Page

from courses.models import CoursePage, TopicPage
from evaluations.models import Evaluation
from feedback.models import Feedback
from lectures.models import CaptionTrack, LecturePage
from progress.models import ActivityProgress, Statement
from quizzes.models import Attempt, Question, Quiz
from roleplays.models import RoleplayAttempt, Scenario
from sharing import serializing
from sharing.importing import NEW, UNCHANGED, import_package, inspect
from sharing.models import ImportedCourse, ImportedObject
from tests.sharing.conftest import content_of, export, wipe
from users.models import User

ROOT = Path(settings.BASE_DIR)


def test_export_twice_gives_the_same_bytes_and_an_edit_changes_them(demo):
    first = export(demo)
    assert export(demo) == first
    topic = TopicPage.objects.child_of(demo).first()
    topic.summary = "Ändrad sammanfattning."
    topic.save_revision().publish()
    changed = export(demo)
    assert changed != first
    with zipfile.ZipFile(io.BytesIO(changed)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        old = json.loads(archive.read("manifest.json"))
    assert manifest["course"]["version"] > old["course"]["version"]


def test_the_package_carries_every_kind_of_content_by_uuid(demo):
    content = content_of(export(demo))
    kinds = {o["kind"] for o in content["objects"]}
    assert {
        "courses.coursepage",
        "courses.topicpage",
        "lectures.lecturepage",
        "quizzes.quiz",
        "quizzes.question",
        "roleplays.scenario",
        "evaluations.evaluation",
        "wagtailmedia.media",
        "wagtailimages.image",
    } <= kinds
    uuids = {o["uuid"] for o in content["objects"]}
    raw = json.dumps(content)
    # Quizzes and practice calls placed in bodies are written by uuid.
    for quiz in Quiz.objects.filter(live=True):
        if quiz.uuid and str(quiz.uuid) in raw:
            assert str(quiz.uuid) in uuids
    lecture = next(o for o in content["objects"] if o["kind"] == "lectures.lecturepage")
    assert lecture["fields"]["video"] in uuids
    assert lecture["children"]["caption_tracks"][0]["vtt"].startswith("WEBVTT")
    assert "upload" not in lecture["children"]["caption_tracks"][0]


def test_the_package_holds_no_learners_records(demo):
    # The demo has learners with progress, attempts, feedback and evaluation answers.
    assert Statement.objects.exists() and ActivityProgress.objects.exists()
    package = export(demo)
    raw = content_of(package)
    text = json.dumps(raw, ensure_ascii=False)
    for user in User.objects.all():
        assert f'"{user.username}"' not in text
        if user.email:
            assert user.email not in text
    for attempt in Attempt.objects.all():
        assert str(attempt.uuid) not in text
    for attempt in RoleplayAttempt.objects.all():
        assert str(attempt.uuid) not in text
    for feedback in Feedback.objects.exclude(text=""):
        assert feedback.text not in text
    kinds = {o["kind"] for o in raw["objects"]}
    assert not kinds & {
        "quizzes.attempt",
        "roleplays.roleplayattempt",
        "progress.statement",
        "feedback.feedback",
        "evaluations.response",
        "evaluations.answer",
    }
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        assert set(archive.namelist()) == {"manifest.json", "content.json"} | {
            name for name in archive.namelist() if name.startswith("files/")
        }


def run(env, *args):
    return subprocess.run(  # noqa: S603 (this interpreter, our manage.py)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


MAKE_CATALOG = """
from wagtail.models import Page, Site
from courses.models import CatalogPage
root = Page.get_first_root_node()
catalog = root.add_child(instance=CatalogPage(title="Kurser", slug="kurser"))
Site.objects.update_or_create(
    is_default_site=True,
    defaults={"hostname": "localhost", "port": 80, "root_page": catalog},
)
"""


def file_hashes(package: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {
            name: hashlib.sha256(archive.read(name)).hexdigest()
            for name in archive.namelist()
            if name.startswith("files/")
        }


def test_round_trip_into_a_fresh_installation(demo, tmp_path):
    """Another installation with its own database and media folder imports the
    package; exported again there, the content and every media file are the same."""
    package = tmp_path / "kurs.zip"
    original = export(demo, package)
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="ecirkel.settings.test",
        DATABASE_URL=f"sqlite:///{tmp_path / 'other.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "other-media"),
        ECIRKEL_SHARING_DIR=str(tmp_path / "other-work"),
    )
    assert run(env, "migrate", "--no-input").returncode == 0
    assert run(env, "shell", "-c", MAKE_CATALOG).returncode == 0
    done = run(env, "import_package", str(package))
    assert done.returncode == 0, done.stderr
    assert "Imported" in done.stdout
    again = tmp_path / "again.zip"
    done = run(env, "export_package", demo.slug, str(again))
    assert done.returncode == 0, done.stderr
    copy = again.read_bytes()
    assert content_of(copy) == content_of(original)
    assert file_hashes(copy) == file_hashes(original)
    # The media files are really in the other installation's own folder.
    stored = [
        hashlib.sha256(p.read_bytes()).hexdigest()
        for p in (tmp_path / "other-media").rglob("*")
        if p.is_file()
    ]
    for name, digest in file_hashes(original).items():
        assert digest in stored, name
    # A second import there changes nothing.
    done = run(env, "import_package", str(package))
    assert done.returncode == 0 and "nothing changed" in done.stdout


def test_wiped_and_imported_the_course_is_whole_and_a_learner_can_take_it(
    demo, tmp_path, client
):
    package = tmp_path / "kurs.zip"
    original = export(demo, package)
    counts = {
        "topics": TopicPage.objects.descendant_of(demo).live().count(),
        "lectures": LecturePage.objects.descendant_of(demo).live().count(),
        "tracks": CaptionTrack.objects.count(),
    }
    course_uuid = demo.uuid
    wipe(demo)
    assert not CoursePage.objects.filter(uuid=course_uuid).exists()

    plan = inspect(package)
    assert not plan.update and set(plan.counts()) >= {NEW}
    assert plan.counts()[NEW] == len(plan.items)
    stages = []
    result = import_package(package, progress=lambda p, s: stages.append(p))
    assert stages[0] == 0 and stages[-1] == 100
    course = CoursePage.objects.get(uuid=course_uuid)
    assert result.course.pk == course.pk and course.live
    assert TopicPage.objects.descendant_of(course).live().count() == counts["topics"]
    assert (
        LecturePage.objects.descendant_of(course).live().count() == counts["lectures"]
    )
    assert CaptionTrack.objects.count() == counts["tracks"]
    for page in course.get_descendants(inclusive=True).specific():
        assert page.live and page.live_revision_id, page.title
    assert Evaluation.objects.filter(course=course).exists()
    assert ImportedCourse.objects.get(course=course).course_uuid == course_uuid
    assert ImportedObject.objects.count() == len(content_of(original)["objects"])
    # What was imported serializes exactly as the package carries it.
    assert content_of(export(course)) == content_of(original)
    assert all(item.status == UNCHANGED for item in inspect(package).items)

    # A learner takes a quiz placed on a topic.
    learner = User.objects.get(username="deltagare")
    client.force_login(learner)
    topic = next(
        t
        for t in TopicPage.objects.descendant_of(course).live().specific()
        if any(b.block_type == "quiz" for b in t.body)
    )
    quiz = next(b.value["quiz"] for b in topic.body if b.block_type == "quiz")
    assert client.get(topic.url).status_code == 200
    response = client.post(
        reverse("quizzes:start", args=[quiz.uuid]), {"page": topic.pk}
    )
    assert response.status_code == 302
    attempt = Attempt.objects.get(quiz=quiz, user=learner, page=topic)
    response = client.post(
        reverse("quizzes:attempt", args=[attempt.uuid]), {"submit": "1"}
    )
    assert response.status_code in (200, 302)
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None
    # Questions came with their choices.
    for row in quiz.fixed_questions.all():
        original = Question.objects.get(pk=row.question_id)
        if original.type in ("single", "multiple"):
            assert original.choices.exists()


def test_identities_of_rows_without_uuid_are_kept(demo):
    """Images and media get a uuid on export; importing records the package's."""
    content = content_of(export(demo))
    media = next(o for o in content["objects"] if o["kind"] == "wagtailmedia.media")
    assert serializing.uuid_of(LecturePage.objects.first().video) == media["uuid"]
    assert Scenario.objects.filter(live=True).exists()
    assert Page.objects.filter(pk=demo.pk).exists()
