"""Updates of an imported course: in place by uuid, local edits never silently lost,
conflicts decided per object, re-import idempotent, learners' progress kept."""

import io

import pytest
from django.core.management import call_command

from courses.models import TopicPage
from progress.models import ActivityProgress
from quizzes.models import Question
from sharing.importing import (
    CONFLICT,
    LOCAL,
    UNCHANGED,
    UPSTREAM,
    import_package,
    inspect,
)
from sharing.models import ImportedCourse
from sharing.package import PackageError
from tests.sharing.conftest import export, record_as_imported, snapshot


def publish(obj, **fields):
    obj = obj.get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save_revision().publish()
    return type(obj).objects.get(pk=obj.pk)


@pytest.fixture
def versions(demo, tmp_path):
    """v1: the demo course as imported here; v2: the same course after upstream
    changed a topic's title and a question's first choice. Here, the course is as
    v1 and recorded as imported from it."""
    topic, other = TopicPage.objects.child_of(demo).live().order_by("path")[:2]
    question = Question.objects.filter(live=True, choices__isnull=False).first()
    v1, v2 = tmp_path / "v1.zip", tmp_path / "v2.zip"
    export(demo, v1)
    title = topic.title
    publish(topic, title="Uppströms rubrik")
    choices = list(question.get_latest_revision_as_object().choices.all())
    first_text = choices[0].text
    q = question.get_latest_revision_as_object()
    rows = list(q.choices.all())
    rows[0].text = "Uppströms svar"
    q.choices = rows
    q.save_revision().publish()
    export(demo, v2)
    publish(topic, title=title)
    q = Question.objects.get(pk=question.pk).get_latest_revision_as_object()
    rows = list(q.choices.all())
    rows[0].text = first_text
    q.choices = rows
    q.save_revision().publish()
    record_as_imported(demo, v1)
    plan = inspect(v1)
    assert plan.update and all(i.status == UNCHANGED for i in plan.items)
    assert not import_package(v1).changed
    return {
        "v1": v1,
        "v2": v2,
        "topic": TopicPage.objects.get(pk=topic.pk),
        "other": TopicPage.objects.get(pk=other.pk),
        "question": Question.objects.get(pk=question.pk),
        "course": demo,
    }


def status(plan, obj):
    return next(i.status for i in plan.items if i.uuid == str(obj.uuid))


def test_upstream_changes_update_in_place(versions):
    topic, question = versions["topic"], versions["question"]
    choice_pks = list(question.choices.values_list("pk", flat=True))
    plan = inspect(versions["v2"])
    assert status(plan, topic) == UPSTREAM
    assert status(plan, question) == UPSTREAM
    assert status(plan, versions["other"]) == UNCHANGED
    other_revisions = versions["other"].revisions.count()
    result = import_package(versions["v2"])
    topic.refresh_from_db()
    assert topic.title == "Uppströms rubrik" and topic.live
    question = Question.objects.get(pk=question.pk)
    # Child rows are updated in place: the same rows, so attempts keep meaning.
    assert list(question.choices.values_list("pk", flat=True)) == choice_pks
    assert question.choices.order_by("sort_order").first().text == "Uppströms svar"
    assert str(topic.uuid) in result.updated
    assert versions["other"].revisions.count() == other_revisions
    imported = ImportedCourse.objects.get(course=versions["course"])
    assert imported.package_sha256 == plan.package_sha256


def test_a_page_edited_only_here_is_kept(versions):
    other = publish(versions["other"], summary="Vår egen sammanfattning.")
    plan = inspect(versions["v2"])
    assert status(plan, other) == LOCAL
    result = import_package(versions["v2"])
    other.refresh_from_db()
    assert other.summary == "Vår egen sammanfattning."
    assert str(other.uuid) in result.kept_local
    # Still changed here the next time: the local edit is not forgotten.
    assert status(inspect(versions["v2"]), other) == LOCAL


def test_a_conflict_keeps_the_local_version_unless_told_to_take_theirs(versions):
    topic = publish(versions["topic"], title="Vår rubrik")
    plan = inspect(versions["v2"])
    assert status(plan, topic) == CONFLICT
    assert [i.uuid for i in plan.conflicts] == [str(topic.uuid)]
    assert plan.as_dict()["conflicts"] == [str(topic.uuid)]
    result = import_package(versions["v2"])
    topic.refresh_from_db()
    assert topic.title == "Vår rubrik"
    assert str(topic.uuid) in result.kept_local

    result = import_package(versions["v2"], decisions={str(topic.uuid): "theirs"})
    topic.refresh_from_db()
    assert topic.title == "Uppströms rubrik"
    assert str(topic.uuid) in result.updated


def test_the_command_takes_theirs_after_an_import_kept_ours(versions):
    """ "--take-theirs takes the package's", as the command says after keeping a
    conflict: also when the same package is imported again."""
    topic = publish(versions["topic"], title="Vår rubrik")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_package", str(versions["v2"]), stdout=out, stderr=err)
    topic.refresh_from_db()
    assert topic.title == "Vår rubrik" and "--take-theirs" in err.getvalue()
    call_command(
        "import_package", str(versions["v2"]), "--take-theirs", stdout=io.StringIO()
    )
    topic.refresh_from_db()
    assert topic.title == "Uppströms rubrik"


def test_an_older_version_is_refused_and_changes_nothing(versions, media):
    import_package(versions["v2"])
    topic = TopicPage.objects.get(pk=versions["topic"].pk)
    assert topic.title == "Uppströms rubrik"
    before = snapshot(media)
    with pytest.raises(PackageError) as refused:
        import_package(versions["v1"])
    assert refused.value.code == "older_version"
    assert "äldre version" in refused.value.message
    assert snapshot(media) == before
    topic.refresh_from_db()
    assert topic.title == "Uppströms rubrik"


def test_a_draft_saved_here_counts_as_a_local_edit(versions):
    topic = versions["topic"]
    draft = topic.get_latest_revision_as_object()
    draft.title = "Utkast här"
    draft.save_revision()
    plan = inspect(versions["v2"])
    assert status(plan, topic) == CONFLICT
    import_package(versions["v2"])
    assert topic.get_latest_revision_as_object().title == "Utkast här"


def test_importing_the_same_package_again_changes_nothing(versions, media):
    import_package(versions["v2"])
    before = snapshot(media)
    result = import_package(versions["v2"])
    assert not result.changed
    assert snapshot(media) == before
    assert all(i.status == UNCHANGED for i in inspect(versions["v2"]).items)


def test_learners_progress_on_unchanged_activities_is_kept(versions):
    rows = list(
        ActivityProgress.objects.order_by("pk").values_list(
            "pk", "user_id", "activity_id", "state", "best_score"
        )
    )
    assert rows, "the demo has learners' progress"
    import_package(versions["v2"])
    after = list(
        ActivityProgress.objects.order_by("pk").values_list(
            "pk", "user_id", "activity_id", "state", "best_score"
        )
    )
    assert after == rows
