"""Project leaders bring a cohort in: circle leaders and editors create learner
accounts, one by one or from a staff list, and send invitations.

Circle leaders manage only the learners of the circles they lead and add only to
those; editors manage every learner account. Everyone else is refused on every
address, and nobody can invite a privileged account.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail

from circles.models import CircleMembership, StudyCircle
from users.factories import UserFactory
from users.onboarding import learner_accounts, username_for
from users.roles import CIRCLE_LEADER, EDITOR, LEARNER

User = get_user_model()
LIST = "/cirklar/deltagare/"
ADD = "/cirklar/deltagare/ny/"
IMPORT = "/cirklar/deltagare/importera/"


def invite_url(user) -> str:
    return f"/cirklar/deltagare/{user.pk}/bjud-in/"


@pytest.fixture
def newcomer(circle):
    """A learner of the circle whose account has no password yet."""
    user = UserFactory(
        username="ny@kommun.se",
        email="ny@kommun.se",
        first_name="Nina",
        last_name="Ny",
        roles=[LEARNER],
    )
    user.set_unusable_password()
    user.save()
    CircleMembership.objects.create(circle=circle, user=user)
    return user


def names_in(html: str) -> set[str]:
    return set(re.findall(r'<th scope="row">(.*?)</th>', html))


@pytest.mark.django_db
def test_circle_leaders_and_editors_get_the_permission_and_learners_do_not():
    permission = Permission.objects.get(
        content_type__app_label="users", codename="manage_learners"
    )
    assert set(permission.group_set.values_list("name", flat=True)) == {
        CIRCLE_LEADER,
        EDITOR,
    }
    assert not Group.objects.get(name=LEARNER).permissions.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "learner", "outsider"])
def test_every_onboarding_address_refuses_anyone_without_the_permission(
    client, circle, newcomer, who, request
):
    if who == "learner":
        client.force_login(request.getfixturevalue("learner"))
    elif who == "outsider":
        client.force_login(UserFactory(username="utomstaende"))
    users_before = User.objects.count()
    requests = [
        ("get", LIST, {}),
        ("get", ADD, {}),
        ("post", ADD, {"first_name": "X", "email": "x@kommun.se"}),
        ("get", IMPORT, {}),
        ("post", IMPORT, {}),
        ("post", invite_url(newcomer), {}),
        ("get", invite_url(newcomer), {}),
    ]
    for method, url, data in requests:
        response = getattr(client, method)(url, data)
        if who == "anonymous":
            assert response.status_code == 302, (method, url)
            assert response.url.startswith("/konto/logga-in/"), (method, url)
        else:
            assert response.status_code == 403, (method, url)
    assert User.objects.count() == users_before
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_circle_leader_sees_only_the_learners_of_the_circles_they_lead(
    client, circle, circle_leader, learner, other_circle, newcomer, editor
):
    learner.first_name, learner.last_name = "Lisa", "Larsson"
    learner.save()
    CircleMembership.objects.create(circle=circle, user=other_circle.leader)
    CircleMembership.objects.create(circle=circle, user=editor)
    client.force_login(circle_leader)
    html = client.get(LIST).content.decode()
    # Stina is in Cirkel B; Olle and Erik are members but not learners' accounts.
    assert names_in(html) == {"Lisa Larsson", "Nina Ny"}
    assert "Inte inbjuden än" in html and "Aktivt: lösenordet är valt" in html
    html = client.get(LIST, {"q": "NINA"}).content.decode()
    assert names_in(html) == {"Nina Ny"}


@pytest.mark.django_db
def test_an_editor_sees_every_learner_account(
    client, circle, editor, other_circle, newcomer
):
    client.force_login(editor)
    html = client.get(LIST).content.decode()
    assert {"Kim", "Nina Ny"} <= names_in(html)  # lisa and stina are both "Kim"
    assert len(re.findall(r'<th scope="row">Kim</th>', html)) == 2
    html = client.get(LIST, {"cirkel": other_circle.uuid}).content.decode()
    assert len(re.findall(r'<th scope="row">', html)) == 1


@pytest.mark.django_db
def test_a_circle_leader_creates_a_learner_in_their_circle_and_invites_them(
    client, circle, circle_leader
):
    client.force_login(circle_leader)
    page = client.get(ADD).content.decode()
    assert f'value="{circle.uuid}"' in page
    response = client.post(
        ADD,
        {
            "first_name": "Cecilia",
            "last_name": "Öberg",
            "email": "Cecilia.Oberg@Kommun.se",
            "circle": circle.uuid,
            "send_invitation": "on",
        },
    )
    assert response.status_code == 302 and response.url == LIST
    user = User.objects.get(email="Cecilia.Oberg@Kommun.se")
    assert user.username == "cecilia.oberg@kommun.se"
    assert not user.has_usable_password()
    assert user.groups.filter(name=LEARNER).exists()
    assert list(user.circle_memberships.values_list("circle", flat=True)) == [circle.pk]
    (message,) = mail.outbox
    assert message.to == ["Cecilia.Oberg@Kommun.se"]
    assert "/konto/inbjudan/" in message.body
    assert user.invited_at is not None or User.objects.get(pk=user.pk).invited_at


@pytest.mark.django_db
def test_a_learner_can_be_created_without_sending_the_invitation_yet(
    client, circle, circle_leader
):
    client.force_login(circle_leader)
    client.post(
        ADD, {"first_name": "Ulf", "email": "ulf@kommun.se", "circle": circle.uuid}
    )
    user = User.objects.get(email="ulf@kommun.se")
    assert user.invited_at is None and mail.outbox == []
    html = client.get(LIST).content.decode()
    assert "Skicka inbjudan" in html
    client.post(invite_url(user))
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_circle_leader_cannot_add_a_learner_to_another_circle(
    client, circle, circle_leader, other_circle
):
    client.force_login(circle_leader)
    assert f'value="{other_circle.uuid}"' not in client.get(ADD).content.decode()
    response = client.post(
        ADD,
        {"first_name": "Ulf", "email": "ulf@kommun.se", "circle": other_circle.uuid},
    )
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    response = client.post(ADD, {"first_name": "Ulf", "email": "ulf@kommun.se"})
    assert "Det här fältet är obligatoriskt" in response.content.decode()
    assert not User.objects.filter(email="ulf@kommun.se").exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_an_editor_may_add_a_learner_to_no_circle(client, editor, circle):
    client.force_login(editor)
    response = client.post(
        ADD, {"first_name": "Ulf", "email": "ulf@kommun.se", "circle": ""}
    )
    assert response.status_code == 302
    user = User.objects.get(email="ulf@kommun.se")
    assert not user.circle_memberships.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("email", ["ny@kommun.se", "NY@Kommun.SE"])
def test_an_address_that_has_an_account_is_refused(
    client, circle, circle_leader, newcomer, email
):
    client.force_login(circle_leader)
    response = client.post(
        ADD, {"first_name": "Nils", "email": email, "circle": circle.uuid}
    )
    assert response.status_code == 200
    assert "Det finns redan ett konto med den här e-postadressen" in (
        response.content.decode()
    )
    assert User.objects.filter(first_name="Nils").count() == 0


@pytest.mark.django_db
def test_a_malformed_address_is_refused_with_a_message(client, circle, circle_leader):
    client.force_login(circle_leader)
    response = client.post(
        ADD, {"first_name": "Ulf", "email": "ulf@", "circle": circle.uuid}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Fyll i en giltig e-postadress" in html
    assert 'aria-invalid="true"' in html


@pytest.mark.django_db
def test_a_circle_leader_cannot_invite_a_learner_outside_their_circles(
    client, circle, circle_leader, other_circle
):
    stranger = other_circle.memberships.get().user
    stranger.email = "stina@kommun.se"
    stranger.set_unusable_password()
    stranger.save()
    client.force_login(circle_leader)
    assert client.post(invite_url(stranger)).status_code == 404
    assert mail.outbox == []


@pytest.mark.django_db
def test_nobody_can_invite_a_privileged_account(client, circle, editor):
    """An editor without a password yet is not a learner: no link can take it."""
    other_editor = UserFactory(username="eva", email="eva@kommun.se", roles=[EDITOR])
    other_editor.set_unusable_password()
    other_editor.save()
    CircleMembership.objects.create(circle=circle, user=other_editor)
    assert other_editor not in learner_accounts()
    client.force_login(editor)
    assert client.post(invite_url(other_editor)).status_code == 404
    assert mail.outbox == []


@pytest.mark.django_db
def test_an_account_with_a_password_gets_no_invitation(
    client, circle, circle_leader, learner
):
    learner.email = "lisa@kommun.se"
    learner.save()
    client.force_login(circle_leader)
    response = client.post(invite_url(learner), follow=True)
    assert "har redan valt ett lösenord" in response.content.decode()
    assert mail.outbox == []


@pytest.mark.django_db
def test_sending_again_keeps_the_lists_filter(client, circle, circle_leader, newcomer):
    client.force_login(circle_leader)
    response = client.post(invite_url(newcomer), {"next": "?q=nina"})
    assert response.url == LIST + "?q=nina"
    response = client.post(invite_url(newcomer), {"next": "//evil.example/"})
    assert response.url == LIST


@pytest.mark.django_db
def test_a_circle_leader_without_a_circle_is_told_so(client):
    leader = UserFactory(username="ny-ledare", roles=[CIRCLE_LEADER])
    client.force_login(leader)
    html = client.get(ADD).content.decode()
    assert "Du leder ingen studiecirkel än" in html
    assert '<form method="post" class="form"' not in html


@pytest.mark.django_db
def test_the_circle_list_and_the_admin_menu_lead_to_the_learners(
    client, circle, circle_leader, editor, learner
):
    client.force_login(circle_leader)
    assert LIST in client.get("/cirklar/").content.decode()
    assert client.get("/admin/").status_code == 302  # leaders still stay out
    client.force_login(editor)
    assert LIST in client.get("/admin/").content.decode()
    client.force_login(learner)
    assert LIST not in client.get("/cirklar/").content.decode()


@pytest.mark.parametrize(
    "email,taken,expected",
    [
        ("Anna.Ek@Kommun.se", set(), "anna.ek@kommun.se"),
        ("o'brien@kommun.se", set(), "obrien@kommun.se"),
        ("anna@kommun.se", {"anna@kommun.se"}, "anna@kommun.se-2"),
        ("anna@kommun.se", {"anna@kommun.se", "anna@kommun.se-2"}, "anna@kommun.se-3"),
    ],
)
def test_usernames_are_derived_from_the_address(email, taken, expected):
    assert username_for(email, set(taken)) == expected


@pytest.mark.django_db
def test_two_leaders_of_one_circle_name_are_told_apart_by_the_import(
    client, circle, circle_leader, course
):
    twin = StudyCircle(name="Cirkel A", leader=circle_leader)
    twin.save()
    twin.courses.set([course])
    client.force_login(circle_leader)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "lista.csv", b"namn;e-post;cirkel\nUlf Ek;ulf@kommun.se;Cirkel A\n"
    )
    html = client.post(IMPORT, {"file": upload}).content.decode()
    assert "Rad 2: flera studiecirklar heter ”Cirkel A”" in html
    assert not User.objects.filter(email="ulf@kommun.se").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"sida": "abc"},
        {"sida": "99999"},
        {"cirkel": "<script>alert(1)</script>"},
        {"cirkel": "00000000-0000-0000-0000-000000000000"},
        {"q": "x" * 5000},
        {"q": "%_\\'\""},
    ],
)
def test_hostile_list_parameters_are_harmless(
    client, circle, circle_leader, newcomer, params
):
    client.force_login(circle_leader)
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.django_db
def test_a_name_with_markup_is_shown_as_text(client, circle, circle_leader):
    client.force_login(circle_leader)
    client.post(
        ADD,
        {
            "first_name": "<img src=x onerror=alert(1)>",
            "email": "x@kommun.se",
            "circle": circle.uuid,
        },
    )
    html = client.get(LIST).content.decode()
    assert "<img src=x" not in html and "&lt;img src=x" in html


@pytest.mark.django_db
def test_an_unknown_learner_number_is_not_found(client, circle, circle_leader):
    client.force_login(circle_leader)
    assert client.post("/cirklar/deltagare/999999/bjud-in/").status_code == 404
