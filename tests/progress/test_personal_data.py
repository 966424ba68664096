import json
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management import CommandError, call_command
from django.http import QueryDict
from django.utils import timezone

from certificates.models import Certificate
from circles.models import CircleMembership
from ecirkel.personal_data import export, registry
from progress.activities import activity_for_page
from progress.models import ActivityProgress, Statement
from progress.recording import Result, record
from quizzes import attempts as quiz_attempts
from quizzes.factories import make_question, make_quiz
from roleplays import playing
from roleplays.factories import make_scenario
from roleplays.models import ObservedSession
from tests.conftest import placement


@pytest.fixture
def person(course, learner, circle):
    """A learner with a row in every table of ours that points at a user."""
    learner.first_name, learner.last_name, learner.email = (
        "Petra",
        "Persson",
        "petra@kommun.se",
    )
    learner.save()
    topic = course.get_topics().first()
    record(
        learner,
        activity_for_page(topic),
        "passed",
        result=Result(score=0.9, duration=30),
        context={"note": "Petra Persson"},
    )
    Certificate.objects.create(
        user=learner,
        course=course,
        learner_name="Petra Persson",
        course_title=course.title,
    )
    apps.get_model("wagtailusers", "UserProfile").get_for_user(learner)
    question = make_question(options=["Socialtjänst", "Bygg och miljö"])
    attempt = quiz_attempts.start_or_resume(
        q := make_quiz([question]), learner, placement(q)
    )
    position = attempt.layout[0]["options"].index(
        question.choices.get(text="Bygg och miljö").pk
    )
    quiz_attempts.save_answers(attempt, QueryDict(f"q0={position}"))
    scenario = make_scenario(
        [("start", "Hej", False), ("slut", "Tack", True)],
        [("start", "Hej, kontaktcenter.", "slut", (1, 1, 1), False)],
    )
    playing.start(scenario, learner, placement(scenario))
    ObservedSession.objects.create(
        scenario=scenario,
        learner=learner,
        observer=circle.leader,
        empathy=1,
        correctness=1,
        routing=1,
    )
    return learner


def user_foreign_keys():
    """(declaring model, field) for every foreign key to the user, found here
    independently of the export's own search."""
    User = get_user_model()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is User:
                yield field.model, field


@pytest.mark.django_db
def test_the_export_holds_every_row_of_every_table_about_the_person(person):
    data = export(person)
    assert data["user"]["username"] == "lisa" and "password" not in data["user"]
    for model, field in user_foreign_keys():
        rows = model._base_manager.filter(**{field.name: person})
        table = data["tables"].get(model._meta.label_lower, {"rows": []})
        assert len(table["rows"]) >= rows.count(), model._meta.label_lower
    for key in (
        "progress.statement",
        "progress.activityprogress",
        "certificates.certificate",
        "circles.circlemembership",
        "quizzes.attempt",
        "roleplays.roleplayattempt",
        "roleplays.observedsession",
        "wagtailusers.userprofile",
    ):
        assert data["tables"][key]["rows"], key
        assert data["tables"][key]["title"], key
    (attempt,) = data["tables"]["quizzes.attempt"]["rows"]
    assert [a["your_answer"] for a in attempt["answers"]] == ["Bygg och miljö"]
    json.dumps(data)  # plain JSON all the way down


def test_every_table_that_points_at_a_persons_row_is_declared():
    """A table added later that hangs off a person's row (as quiz answers hang off
    their attempt) must be exported through its parent or declared as being about
    someone else: the export cannot find it by a user foreign key."""
    owned = {model for model, _field in user_foreign_keys()}
    project = {"users", "courses", "lectures", "quizzes", "roleplays", "progress"}
    project |= {"certificates", "circles"}
    content = {"wagtailcore.page", "wagtailcore.revision", "wagtailmedia.media"}
    content |= {"wagtailimages.image", "wagtaildocs.document"}
    undeclared = []
    for model in apps.get_models():
        if model._meta.app_label not in project:
            continue
        for field in model._meta.concrete_fields:
            target = field.related_model
            if (
                field.is_relation
                and field.model is model
                and target in owned
                and target is not get_user_model()
                and target._meta.concrete_model._meta.label_lower not in content
            ):
                link = registry.link(model, field.name)
                if not link or link.kind not in ("part_of", "about_others"):
                    undeclared.append(f"{model._meta.label_lower}.{field.name}")
    assert undeclared == []


def everything() -> str:
    """All rows of all tables, as text."""
    return "".join(
        serializers.serialize("json", model._base_manager.all())
        for model in apps.get_models()
    )


@pytest.mark.django_db
def test_anonymising_leaves_no_personal_data_but_keeps_the_statistics(person):
    progress_before = ActivityProgress.objects.count()
    statements_before = Statement.objects.count()
    call_command("forget_person", "lisa", stdout=None)
    dump = everything()
    for secret in ("Petra", "Persson", "petra@kommun.se", '"lisa"'):
        assert secret not in dump, secret
    person.refresh_from_db()
    assert not person.is_active and not person.has_usable_password()
    assert ActivityProgress.objects.count() == progress_before
    assert Statement.objects.count() == statements_before
    assert not Certificate.objects.exists()
    assert CircleMembership.objects.filter(user=person).exists()


@pytest.mark.django_db
def test_deleting_a_person_removes_every_row(person):
    call_command("forget_person", "lisa", "--delete")
    for model, field in user_foreign_keys():
        assert not model._base_manager.filter(**{field.attname: person.pk}).exists()


@pytest.mark.django_db
def test_forgetting_an_unknown_person_or_a_circle_leader_is_refused(
    circle, circle_leader
):
    with pytest.raises(CommandError, match="no user named"):
        call_command("forget_person", "nobody")
    with pytest.raises(CommandError, match="leads study circles"):
        call_command("forget_person", circle_leader.username)


@pytest.mark.django_db
def test_old_statements_are_purged_after_the_retention_period(person, settings):
    settings.PROGRESS_STATEMENT_RETENTION_DAYS = 30
    old = Statement.objects.get()
    Statement.objects.filter(pk=old.pk).update(
        timestamp=timezone.now() - timedelta(days=31)
    )
    record(person, old.activity, "experienced")
    call_command("purge_statements")
    assert list(Statement.objects.values_list("verb", flat=True)) == ["experienced"]
    assert ActivityProgress.objects.get().best_score is not None


@pytest.mark.django_db
def test_xapi_command_writes_a_json_array(person, tmp_path):
    target = tmp_path / "statements.json"
    call_command("export_xapi", "--output", str(target))
    (statement,) = json.loads(target.read_text())
    assert statement["verb"]["display"]["en-US"] == "passed"
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("export_xapi", "--since", "igår")
