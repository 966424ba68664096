"""Roles are sets of permissions that each app grants; code checks permissions."""

import json
import re

import pytest
from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission
from wagtail.admin.viewsets import viewsets
from wagtail.snippets.views.snippets import SnippetViewSet

from users.factories import UserFactory
from users.roles import CIRCLE_LEADER, EDITOR, LEARNER, grant

OWN_APPS = {"circles", "quizzes", "roleplays"}


def codenames(group_name):
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=group_name).permissions.all()
    }


@pytest.mark.django_db
def test_learners_hold_no_permission_and_circle_leaders_only_manage_learners():
    assert codenames(LEARNER) == set()
    assert codenames(CIRCLE_LEADER) == {"users.manage_learners"}


@pytest.mark.django_db
def test_editors_hold_every_permission_of_every_snippet_in_the_admin():
    """An app that adds a snippet to the admin grants its permissions to editors in
    its own migration; this finds the one that forgot."""
    snippets = [
        viewset.model
        for viewset in viewsets.viewsets
        if isinstance(viewset, SnippetViewSet)
        and viewset.model._meta.app_label in OWN_APPS
    ]
    assert {model._meta.model_name for model in snippets} >= {
        "question",
        "quiz",
        "scenario",
        "studycircle",
    }
    held = codenames(EDITOR)
    for model in snippets:
        opts = model._meta
        for permission in Permission.objects.filter(
            content_type__app_label=opts.app_label, content_type__model=opts.model_name
        ):
            assert f"{opts.app_label}.{permission.codename}" in held


@pytest.mark.django_db
def test_editors_may_export_statements_and_see_every_circle():
    assert {"progress.view_statement", "circles.view_studycircle"} <= codenames(EDITOR)


@pytest.mark.django_db
def test_a_renamed_editors_group_keeps_its_rights(client, circle, other_circle):
    """Nothing asks for the group's name: renaming it changes nobody's rights."""
    Group.objects.filter(name=EDITOR).update(name="Redaktion")
    editor = UserFactory(username="erika", roles=["Redaktion"])
    client.force_login(editor)
    html = client.get("/cirklar/").content.decode()
    assert "Cirkel A" in html and "Cirkel B" in html
    assert client.get(f"/cirklar/{other_circle.uuid}/").status_code == 200
    assert client.get("/min-utveckling/xapi.json").status_code == 200


@pytest.mark.django_db
def test_a_permission_given_to_one_person_counts_without_any_group(client, circle):
    auditor = UserFactory(username="revisor")
    auditor.user_permissions.add(
        Permission.objects.get(codename="view_studycircle"),
        Permission.objects.get(codename="view_statement"),
    )
    client.force_login(auditor)
    assert client.get(f"/cirklar/{circle.uuid}/").status_code == 200
    response = client.get("/min-utveckling/xapi.json")
    assert json.loads(b"".join(response.streaming_content)) == []


@pytest.mark.django_db
def test_grant_gives_a_role_permissions_and_takes_them_back():
    operation = grant("Granskare", "quizzes", "quiz", ["view", "change"])
    operation.code(global_apps, None)
    assert codenames("Granskare") == {"quizzes.view_quiz", "quizzes.change_quiz"}
    operation.reverse_code(global_apps, None)
    assert codenames("Granskare") == set()
    # The permissions themselves stay: other groups may hold them.
    assert codenames(EDITOR) >= {"quizzes.view_quiz", "quizzes.change_quiz"}


@pytest.mark.django_db
def test_grant_on_the_root_collection_covers_images():
    from wagtail.models import GroupCollectionPermission

    grant("Fotograf", "wagtailimages", "image", ["add"], on_root_collection=True).code(
        global_apps, None
    )
    assert GroupCollectionPermission.objects.filter(
        group__name="Fotograf",
        collection__depth=1,
        permission__codename="add_image",
    ).exists()


def sidebar(client):
    html = client.get("/admin/").content.decode()
    props = re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S)
    (menu,) = [
        module["_args"][0]
        for module in json.loads(props.group(1))["modules"]
        if module["_type"] == "wagtail.sidebar.MainMenuModule"
    ]
    return {
        item["_args"][0]["label"]: [
            sub["_args"][0]["label"] for sub in item["_args"][1]
        ]
        if item["_type"] == "wagtail.sidebar.SubMenuItem"
        else None
        for item in menu
    }


@pytest.mark.django_db
def test_the_admin_menu_has_one_training_group_for_editors(client, editor):
    client.force_login(editor)
    menu = sidebar(client)
    assert menu["Utbildning"] == [
        "Deltagare",
        "Studiecirklar",
        "Frågebank",
        "Importera frågor",
        "Quiz",
        "Quizstatistik",
        "Rollspel",
        "Rollspelsstatistik",
        "Kursutvärderingar",
        "Delning av kurser",
        "Lokala uppgifter i kurser",
        "Importera kurs",
        "Andras kataloger",
        "Katalognycklar",
    ]
    assert not {"Studiecirklar", "Frågebank", "Quiz", "Rollspel"} & set(menu)


@pytest.mark.django_db
def test_admin_access_alone_shows_no_training_entry_and_opens_none(client):
    """The menu and the screens ask the models' permission policies, not roles."""
    from roleplays.factories import make_scenario

    scenario = make_scenario([("start", "Hej", True)], [])
    visitor = UserFactory(username="gast")
    visitor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(visitor)
    assert "Utbildning" not in sidebar(client)
    for url in (
        "/admin/fragebank/importera/",
        "/admin/fragebank/statistik/",
        "/admin/rollspel/statistik/",
        f"/admin/rollspel/statistik/{scenario.pk}/",
        f"/admin/snippets/roleplays/scenario/diagram/{scenario.pk}/",
        "/admin/snippets/quizzes/quiz/",
    ):
        response = client.get(url)
        assert (response.status_code, response.url) == (302, "/admin/"), url
    visitor.user_permissions.add(
        Permission.objects.get(
            codename="add_question", content_type__app_label="quizzes"
        )
    )
    visitor = type(visitor).objects.get(pk=visitor.pk)  # forget cached permissions
    client.force_login(visitor)
    assert sidebar(client)["Utbildning"] == ["Frågebank", "Importera frågor"]
    assert client.get("/admin/fragebank/importera/").status_code == 200
    assert client.get("/admin/fragebank/statistik/").status_code == 302
