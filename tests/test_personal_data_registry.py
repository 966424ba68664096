"""The registry of personal data (ecirkel/personal_data.py): every table with a key to
a person is declared by some app, and the download and the erasure do what the
declarations say."""

import ast
import json
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from wagtail.models import Page, PageSubscription

from certificates.models import Certificate
from ecirkel import personal_data
from ecirkel.personal_data import (
    Anonymise,
    Delete,
    ErasureRefused,
    Keep,
    Refuse,
    Registry,
    registry,
)
from progress.activities import activity_for_page
from progress.models import Statement
from progress.recording import record

ROOT = Path(__file__).resolve().parent.parent


def keys_to_the_user():
    """(model, field) for every key to the user in every installed model, found here
    independently of the registry: concrete foreign keys and one-to-ones on the
    model that declares them (a page type's are its base page's), and
    many-to-manys. The tables Django makes for a many-to-many are covered by the
    many-to-many field itself."""
    User = get_user_model()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.auto_created or field.related_model is not User:
                continue
            if (field.concrete and field.model is model) or field.many_to_many:
                yield model, field


def test_every_key_to_the_user_is_declared_by_an_app():
    User = get_user_model()
    undeclared = [
        f"{model._meta.label_lower}.{field.name}"
        for model, field in keys_to_the_user()
        if not registry.declares(model, field.name)
    ]
    if registry.table(User) is None:
        undeclared.insert(0, User._meta.label_lower)
    assert not undeclared, (
        "These keys to a person are not declared as personal data: "
        f"{', '.join(undeclared)}. Declare each in the personal_data.py of the app "
        "that owns the model (for Django's, Wagtail's and other libraries' models: "
        "users/personal_data.py), with personal_data.register(model, fields, "
        "erase=…) or, if it really is not personal data, personal_data."
        "not_personal(model, fields, reason). See README, Privacy."
    )
    assert registry.undeclared() == []  # the registry's own search agrees


def test_every_declaration_names_a_real_key_to_a_person():
    User = get_user_model()
    keys = {(model, field.name) for model, field in keys_to_the_user()}
    for table in registry.tables():
        for name in table.fields:
            assert (table.model, name) in keys or (
                table.model is User and name == "pk"
            ), f"{table.label}.{name}"
        if isinstance(table.erase, dict):
            assert set(table.erase) == set(table.fields), table.label
        for erase in (
            table.erase.values() if isinstance(table.erase, dict) else [table.erase]
        ):
            if isinstance(erase, Keep):
                assert erase.reason, table.label  # keeping needs a reason
    for link in registry.links():
        field = link.model._meta.get_field(link.field)
        if link.kind == "not_personal":
            assert (link.model, link.field) in keys, link
            assert link.reason, link
        else:  # part of, or about others than, a row of a declared table
            assert registry.table(field.related_model) is not None, link


def test_a_key_nobody_declared_is_named():
    empty = Registry(discover=False)
    missing = empty.undeclared()
    assert "users.user" in missing
    assert "certificates.certificate.user" in missing
    assert "roleplays.observedsession.observer" in missing
    assert "wagtailcore.page.owner" in missing
    assert "courses.coursepage.owner" not in missing  # the key is wagtailcore.page's
    empty.register("certificates.certificate", ["user"], erase=Delete())
    empty.not_personal(
        "roleplays.observedsession", ["observer"], "A test says it is not."
    )
    missing = empty.undeclared()
    assert "certificates.certificate.user" not in missing
    assert "roleplays.observedsession.observer" not in missing
    assert "roleplays.observedsession.learner" in missing


def test_a_declaration_that_cannot_work_is_refused():
    fresh = Registry(discover=False)
    fresh.register("certificates.certificate", ["user"], erase=Delete())
    with pytest.raises(ImproperlyConfigured, match="declared twice"):
        fresh.register("certificates.certificate", ["user"], erase=Delete())
    with pytest.raises(ImproperlyConfigured, match="one per field"):
        fresh.register(
            "roleplays.observedsession",
            ["learner", "observer"],
            erase={"learner": Delete()},
        )
    with pytest.raises(ImproperlyConfigured, match="which fields"):
        fresh.register("progress.statement", erase=Delete())


def test_the_ledger_and_the_core_do_not_import_content_apps():
    """The apps register their data; the layers below them do not reach up."""
    content = {"courses", "lectures", "quizzes", "roleplays", "certificates", "circles"}
    for path in (
        "ecirkel/personal_data.py",
        "progress/personal_data.py",
        "progress/management/commands/forget_person.py",
    ):
        tree = ast.parse((ROOT / path).read_text())
        imported, named = set(), set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                imported.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                named.add(node.value.split(".")[0])  # apps.get_model("quizzes", …)
        assert not imported & content, path
        assert not named & content, path


@pytest.fixture
def statement(learner, course):
    return record(
        learner,
        activity_for_page(course.get_topics().first()),
        "passed",
        context={"note": "Lisa ringde tillbaka"},
    )[0]


@pytest.mark.django_db
def test_forgetting_does_what_each_declaration_says(learner, course, statement):
    certificate = Certificate.objects.create(
        user=learner, course=course, learner_name="Lisa", course_title=course.title
    )
    fresh = Registry(discover=False)
    fresh.register(get_user_model(), ["pk"], erase=Keep("A test keeps it."))
    fresh.register("certificates.certificate", ["user"], erase=Delete())
    fresh.register("progress.statement", ["actor"], erase=Anonymise(context={}))
    fresh.forget(learner)
    assert not Certificate.objects.filter(pk=certificate.pk).exists()
    statement.refresh_from_db()
    assert statement.context == {} and statement.verb == "passed"
    learner.refresh_from_db()
    assert learner.username == "lisa"  # kept, as declared


@pytest.mark.django_db
def test_a_refusal_stops_forgetting_before_anything_changes(
    circle, circle_leader, statement
):
    fresh = Registry(discover=False)
    fresh.register("progress.statement", ["actor"], erase=Anonymise(context={}))
    fresh.register("circles.studycircle", ["leader"], erase=Refuse("%(person)s leads."))
    with pytest.raises(ErasureRefused, match=f"^{circle_leader.username} leads.$"):
        fresh.forget(circle_leader)
    Statement.objects.filter(pk=statement.pk).update(actor=circle_leader)
    with pytest.raises(ErasureRefused):
        fresh.forget(circle_leader)
    statement.refresh_from_db()
    assert statement.context  # untouched


@pytest.mark.django_db
def test_the_export_writes_declared_tables_only_under_their_titles(learner, statement):
    fresh = Registry(discover=False)
    fresh.register(get_user_model(), ["pk"], erase=Keep("test"), leave_out=["email"])
    fresh.register(
        "progress.statement", ["actor"], title="Händelser", erase=Keep("test")
    )
    data = fresh.export(learner)
    assert data["user"]["username"] == "lisa" and "email" not in data["user"]
    assert list(data["tables"]) == ["progress.statement"]
    (row,) = data["tables"]["progress.statement"]["rows"]
    assert data["tables"]["progress.statement"]["title"] == "Händelser"
    assert row["activity"] == "Vad är KC?"  # a key as the title of its row
    assert row["context"] == {"note": "Lisa ringde tillbaka"}


# --- The project's own declarations where they differ from a plain row -----------


@pytest.fixture
def failed_logins(learner):
    """Two failed logins as lisa (perhaps not by her) and one as someone else."""
    for address, username in (
        ("192.0.2.1", "lisa"),
        ("192.0.2.2", "lisa"),
        ("192.0.2.1", "someone"),
    ):
        AccessAttempt.objects.create(
            username=username,
            ip_address=address,
            user_agent="Firefox",
            http_accept="*/*",
            path_info="/logga-in/",
            get_data="",
            post_data="username=lisa&password=********",
            failures_since_start=3,
        )


@pytest.mark.django_db
def test_failed_logins_are_in_the_download_without_address_or_browser(
    learner, failed_logins
):
    table = personal_data.export(learner)["tables"]["axes.accessattempt"]
    assert table["title"] == "Misslyckade inloggningar"
    assert len(table["rows"]) == 2
    text = json.dumps(table)
    for left_out in ("192.0.2", "Firefox", "password", "*/*"):
        assert left_out not in text, left_out
    assert table["rows"][0]["failures_since_start"] == 3


@pytest.mark.django_db
@pytest.mark.parametrize("delete", [False, True])
def test_forgetting_deletes_the_login_records_under_the_old_username(
    learner, failed_logins, delete
):
    call_command("forget_person", "lisa", *(["--delete"] if delete else []))
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["someone"]


@pytest.mark.django_db
def test_anonymising_an_editor_keeps_the_edits_but_not_the_account_settings(
    editor, course
):
    topic = Page.objects.get(slug="forstudie").specific
    revision = topic.save_revision(user=editor)
    PageSubscription.objects.create(user=editor, page=topic, comment_notifications=True)
    apps.get_model("wagtailusers", "UserProfile").get_for_user(editor)
    personal_data.forget(editor)
    revision.refresh_from_db()
    assert revision.user_id == editor.pk  # the content's history stays
    assert not PageSubscription.objects.filter(user=editor).exists()
    assert not apps.get_model("wagtailusers", "UserProfile").objects.filter(user=editor)
    editor.refresh_from_db()
    assert editor.last_name == "Raderad användare" and not editor.is_active
