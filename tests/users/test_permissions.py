import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission, Page

from users.roles import CIRCLE_LEADER, EDITOR, LEARNER


@pytest.mark.django_db
def test_the_three_roles_exist_after_migrating():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        LEARNER,
        CIRCLE_LEADER,
        EDITOR,
    }


@pytest.mark.django_db
def test_only_editors_may_enter_the_admin_and_edit_the_page_tree():
    editors = Group.objects.get(name=EDITOR)
    assert editors.permissions.filter(codename="access_admin").exists()
    root = Page.get_first_root_node()
    assert set(
        GroupPagePermission.objects.filter(group=editors, page=root).values_list(
            "permission__codename", flat=True
        )
    ) == {"add_page", "change_page", "publish_page", "lock_page"}
    for name in (LEARNER, CIRCLE_LEADER):
        group = Group.objects.get(name=name)
        assert not group.permissions.filter(codename="access_admin").exists()
        assert not GroupPagePermission.objects.filter(group=group).exists()


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_the_login_page_for_a_private_course(
    client, private_course
):
    for page in [private_course, *private_course.get_topics()]:
        response = client.get(page.url)
        assert response.status_code == 302
        assert response.url == f"/konto/logga-in/?next={page.url}"


@pytest.mark.django_db
def test_anonymous_visitor_reads_a_public_course(client, course):
    assert client.get(course.url).status_code == 200
    assert client.get(course.get_topics().first().url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["learner", "circle_leader", "editor"])
def test_signed_in_users_read_a_private_course(client, private_course, role, request):
    client.force_login(request.getfixturevalue(role))
    assert client.get(private_course.url).status_code == 200
    assert client.get(private_course.get_topics().last().url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["learner", "circle_leader"])
def test_learners_and_circle_leaders_never_reach_the_wagtail_admin(
    client, course, role, request
):
    client.force_login(request.getfixturevalue(role))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
    edit = client.get(f"/admin/pages/{course.pk}/edit/")
    assert edit.status_code == 302
    assert "Redigera kurser" not in client.get(course.url).content.decode()


@pytest.mark.django_db
def test_editor_opens_the_admin_and_edits_a_course(client, course, editor):
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    assert client.get(f"/admin/pages/{course.pk}/edit/").status_code == 200
    assert (
        client.get(f"/admin/pages/add/courses/topicpage/{course.pk}/").status_code
        == 200
    )
    assert "Redigera kurser" in client.get(course.url).content.decode()


@pytest.mark.django_db
def test_login_page_is_swedish_and_signs_in(client, learner, private_course):
    page = client.get("/konto/logga-in/")
    assert "<h1>Logga in</h1>" in page.content.decode()
    response = client.post(
        "/konto/logga-in/",
        {"username": "lisa", "password": "losenord-123", "next": private_course.url},
    )
    assert response.status_code == 302 and response.url == private_course.url
    assert client.get(private_course.url).status_code == 200


@pytest.mark.django_db
def test_wrong_password_gives_a_clear_error_and_no_session(client, learner):
    response = client.post("/konto/logga-in/", {"username": "lisa", "password": "fel"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert (
        "ange ett korrekt användarnamn och lösenord"
        in response.content.decode().lower()
    )
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_refuses_a_next_address_on_another_site(client, learner):
    response = client.post(
        "/konto/logga-in/",
        {
            "username": "lisa",
            "password": "losenord-123",
            "next": "https://evil.example/",
        },
    )
    assert response.url == "/"


@pytest.mark.django_db
def test_logout_needs_a_post_and_ends_the_session(client, learner):
    client.force_login(learner)
    assert client.get("/konto/logga-ut/").status_code == 405
    assert client.post("/konto/logga-ut/").status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_forms_are_protected_against_csrf(learner):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/konto/logga-in/", {"username": "lisa", "password": "x"})
    assert response.status_code == 403
