"""An invitation link lets a new learner set their own password: once, before it
expires, and only the newest link."""

import re
import smtplib
import time

import pytest
from django.contrib.auth import get_user_model
from django.core import mail, signing

from circles.models import CircleMembership
from users import invitations
from users.factories import UserFactory
from users.roles import LEARNER

User = get_user_model()
GOOD_PASSWORD = "Kaffe-och-kanelbulle-42"  # noqa: S105


@pytest.fixture
def newcomer(circle):
    user = UserFactory(
        username="cecilia.oberg@kommun.se",
        email="cecilia.oberg@kommun.se",
        first_name="Cecilia",
        last_name="Öberg",
        roles=[LEARNER],
    )
    user.set_unusable_password()
    user.save()
    CircleMembership.objects.create(circle=circle, user=user)
    return user


def invite(client, leader, user) -> str:
    """The circle leader sends the invitation; the link from the e-mail."""
    client.force_login(leader)
    before = len(mail.outbox)
    client.post(f"/cirklar/deltagare/{user.pk}/bjud-in/")
    assert len(mail.outbox) == before + 1
    client.logout()
    (link,) = re.findall(
        r"http://testserver(/konto/inbjudan/\S+/)", mail.outbox[-1].body
    )
    return link


def later(monkeypatch, days: float) -> None:
    """Move the clock the signatures are checked with ``days`` ahead."""
    now = time.time() + days * 86400
    monkeypatch.setattr(signing.time, "time", lambda: now)


@pytest.mark.django_db
def test_the_e_mail_is_in_swedish_with_the_link_username_circle_and_date(
    client, circle_leader, newcomer
):
    circle_leader.first_name, circle_leader.last_name = "Leo", "Ledare"
    circle_leader.save()
    invite(client, circle_leader, newcomer)
    (message,) = mail.outbox
    assert message.subject == "Välkommen till E-cirkel: välj ditt lösenord"
    assert message.to == ["cecilia.oberg@kommun.se"]
    assert message.body.startswith("Hej Cecilia Öberg!")
    assert (
        "Leo Ledare har skapat ett konto åt dig i E-cirkel, i studiecirkeln ”Cirkel A”"
        in (message.body)
    )
    assert "Ditt användarnamn är cecilia.oberg@kommun.se." in message.body
    assert re.search(r"till och med \d{1,2} \w+ \d{4}\.", message.body)


@pytest.mark.django_db
def test_an_invitation_link_sets_the_password_once_and_logs_in(
    client, circle_leader, newcomer
):
    link = invite(client, circle_leader, newcomer)
    page = client.get(link)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Välj ditt lösenord" in html and 'value="cecilia.oberg@kommun.se"' in html
    assert page["Cache-Control"].startswith("max-age=0")

    response = client.post(
        link, {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD}
    )
    assert response.status_code == 302 and response.url == "/"
    newcomer.refresh_from_db()
    assert newcomer.check_password(GOOD_PASSWORD)
    assert client.get("/min-utveckling/").status_code == 200  # logged in

    client.logout()
    again = client.get(link)
    assert again.status_code == 410
    assert "Ditt lösenord är redan valt" in again.content.decode()
    response = client.post(
        link,
        {"new_password1": "Ett-annat-losen-99", "new_password2": "Ett-annat-losen-99"},
    )
    assert response.status_code == 410
    newcomer.refresh_from_db()
    assert newcomer.check_password(GOOD_PASSWORD)
    response = client.post(
        "/konto/logga-in/",
        {"username": "cecilia.oberg@kommun.se", "password": GOOD_PASSWORD},
    )
    assert response.status_code == 302  # the chosen password logs in


@pytest.mark.django_db
@pytest.mark.parametrize(
    "password,message",
    [
        ("kort", "Det här lösenordet är för kort."),
        ("12345678901", "Detta lösenord är enbart numeriskt."),
        ("password123", "Detta lösenord är alldeles för vanligt."),
        ("cecilia.oberg", "Ditt lösenord är alltför likt"),
    ],
)
def test_the_password_validators_apply(
    client, circle_leader, newcomer, password, message
):
    link = invite(client, circle_leader, newcomer)
    response = client.post(link, {"new_password1": password, "new_password2": password})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'aria-invalid="true"' in html
    newcomer.refresh_from_db()
    assert not newcomer.has_usable_password()


@pytest.mark.django_db
def test_two_different_passwords_are_refused(client, circle_leader, newcomer):
    link = invite(client, circle_leader, newcomer)
    response = client.post(
        link, {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD + "x"}
    )
    assert "De två lösenordsfälten stämmer inte överens." in response.content.decode()
    newcomer.refresh_from_db()
    assert not newcomer.has_usable_password()


@pytest.mark.django_db
def test_the_link_expires_after_seven_days(
    client, circle_leader, newcomer, monkeypatch
):
    link = invite(client, circle_leader, newcomer)
    later(monkeypatch, 6.9)
    assert client.get(link).status_code == 200
    later(monkeypatch, 7.1)
    response = client.get(link)
    assert response.status_code == 410
    assert "Inbjudan har gått ut" in response.content.decode()
    response = client.post(
        link, {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD}
    )
    assert response.status_code == 410
    newcomer.refresh_from_db()
    assert not newcomer.has_usable_password()


@pytest.mark.django_db
def test_the_expiry_is_configurable(
    client, circle_leader, newcomer, monkeypatch, settings
):
    settings.INVITATION_EXPIRY_DAYS = 1
    link = invite(client, circle_leader, newcomer)
    assert "till och med" in mail.outbox[-1].body
    later(monkeypatch, 1.1)
    response = client.get(link)
    assert response.status_code == 410
    assert "En inbjudningslänk gäller i 1 dag." in response.content.decode()
    client.force_login(circle_leader)
    assert "Länken fungerar en gång, i 1 dag." in (
        client.get("/cirklar/deltagare/ny/").content.decode()
    )


@pytest.mark.django_db
def test_the_list_shows_an_expired_invitation_and_offers_to_send_again(
    client, circle_leader, newcomer, monkeypatch
):
    invite(client, circle_leader, newcomer)
    client.force_login(circle_leader)
    html = client.get("/cirklar/deltagare/").content.decode()
    assert "Inbjuden; länken gäller till" in html and "Skicka igen" in html
    from datetime import timedelta

    User.objects.filter(pk=newcomer.pk).update(
        invited_at=newcomer.circle_memberships.get().joined_at - timedelta(days=8)
    )
    html = client.get("/cirklar/deltagare/").content.decode()
    assert "Inbjudan har gått ut" in html


@pytest.mark.django_db
def test_a_new_invitation_replaces_the_old_link(
    client, circle_leader, newcomer, monkeypatch
):
    first = invite(client, circle_leader, newcomer)
    later(monkeypatch, 0.01)  # the next invitation is sent a little later
    second = invite(client, circle_leader, newcomer)
    assert first != second
    response = client.get(first)
    assert response.status_code == 410
    assert "En nyare inbjudan har skickats" in response.content.decode()
    assert client.get(second).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        "eyJ1IjoxfQ:1tXyZa:forged",
        signing.dumps({"u": 1, "s": "x"}),  # signed, but not as an invitation
        signing.dumps("not a dict", salt=invitations.SALT),
        signing.dumps({"u": "1 OR 1=1", "s": ""}, salt=invitations.SALT),
    ],
)
def test_a_forged_or_broken_link_is_refused(client, newcomer, token):
    response = client.get(f"/konto/inbjudan/{token}/")
    assert response.status_code == 404
    assert "Länken fungerar inte" in response.content.decode()


@pytest.mark.django_db
def test_a_tampered_link_for_another_account_is_refused(
    client, circle_leader, newcomer, learner
):
    link = invite(client, circle_leader, newcomer)
    _payload, signature = link.split("/")[-2].split(":", 1)
    forged = signing.b64_encode(f'{{"u":{learner.pk},"s":"x"}}'.encode()).decode()
    assert client.get(f"/konto/inbjudan/{forged}:{signature}/").status_code == 404


@pytest.mark.django_db
def test_a_deactivated_account_cannot_use_its_link(client, circle_leader, newcomer):
    link = invite(client, circle_leader, newcomer)
    User.objects.filter(pk=newcomer.pk).update(is_active=False)
    assert client.get(link).status_code == 404


@pytest.mark.django_db
def test_a_failed_e_mail_leaves_the_account_uninvited(
    client, circle_leader, newcomer, monkeypatch
):
    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({})

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    client.force_login(circle_leader)
    response = client.post(f"/cirklar/deltagare/{newcomer.pk}/bjud-in/", follow=True)
    assert "Ingen inbjudan kunde skickas till Cecilia Öberg" in (
        response.content.decode()
    )
    newcomer.refresh_from_db()
    assert newcomer.invited_at is None


def test_opened_while_someone_else_is_logged_in_the_page_says_so(
    client, circle_leader, newcomer
):
    link = invite(client, circle_leader, newcomer)
    assert "Du är inloggad som" not in client.get(link).content.decode()
    client.force_login(circle_leader)
    html = client.get(link).content.decode()
    assert (
        "Inbjudan gäller cecilia.oberg@kommun.se: när du väljer lösenordet loggas du "
        "ut och in på det kontot." in html
    )
