"""Forgotten passwords: a link by e-mail, one answer for every address, throttled."""

import re

import pytest
from django.conf import settings
from django.core import mail

from users.factories import UserFactory
from users.password_reset import RATE_PER_ADDRESS, RATE_PER_CLIENT
from users.roles import EDITOR, LEARNER

RESET = "/konto/glomt-losenord/"
DONE = "/konto/glomt-losenord/skickat/"
PER_ADDRESS = int(RATE_PER_ADDRESS.split("/")[0])
PER_CLIENT = int(RATE_PER_CLIENT.split("/")[0])
TOO_MANY = "För många begäranden om nytt lösenord."


@pytest.fixture
def lisa(db):
    return UserFactory(username="lisa", email="lisa@kommun.se", roles=[LEARNER])


def ask(client, address, client_address="10.1.2.3"):
    return client.post(RESET, {"email": address}, REMOTE_ADDR=client_address)


def reset_link(message) -> str:
    return re.search(r"http://testserver(/konto/nytt-losenord/\S+/)", message.body)[1]


def logs_in(client, username, password, address="10.1.2.3") -> bool:
    client.post(
        "/konto/logga-in/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )
    logged_in = "_auth_user_id" in client.session
    client.logout()
    return logged_in


@pytest.mark.django_db
def test_the_login_page_links_to_the_reset_form(client):
    html = client.get("/konto/logga-in/").content.decode()
    assert f'<a href="{RESET}">Glömt lösenordet?</a>' in html
    form = client.get(RESET)
    assert form.status_code == 200
    assert "E-postadress" in form.content.decode()


@pytest.mark.django_db
def test_a_learner_resets_the_password_by_the_link_in_the_email(client, lisa):
    response = ask(client, "lisa@kommun.se")
    assert response.status_code == 302 and response.url == DONE
    assert "Titta i din e-post" in client.get(DONE).content.decode()
    (message,) = mail.outbox
    assert message.to == ["lisa@kommun.se"]
    assert message.subject == "Nytt lösenord till E-cirkel"
    assert "Ditt användarnamn är lisa." in message.body
    assert "Länken fungerar en gång, i 3 dagar." in message.body
    link = reset_link(message)
    form = client.get(link, follow=True)
    assert "Välj ett nytt lösenord" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {
            "new_password1": "Ny-fras-for-kc-2026",
            "new_password2": "Ny-fras-for-kc-2026",
        },
    )
    assert done.status_code == 302 and done.url == "/konto/nytt-losenord/klart/"
    assert "Ditt nya lösenord är sparat" in client.get(done.url).content.decode()
    assert logs_in(client, "lisa", "Ny-fras-for-kc-2026")
    assert not logs_in(client, "lisa", "losenord-123")
    # The link works once.
    again = client.get(link, follow=True).content.decode()
    assert "Länken fungerar inte" in again and "Be om en ny länk" in again


@pytest.mark.django_db
def test_an_unknown_address_gets_the_same_answer_and_no_email(client, lisa):
    known = ask(client, "lisa@kommun.se")
    unknown = ask(client, "ingen@kommun.se")
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert len(mail.outbox) == 1  # only Lisa's


@pytest.mark.django_db
def test_the_address_is_matched_without_regard_to_case(client, lisa):
    ask(client, "  LISA@Kommun.SE ")
    assert [m.to for m in mail.outbox] == [["lisa@kommun.se"]]


@pytest.mark.django_db
def test_an_inactive_account_gets_no_email(client, lisa):
    lisa.is_active = False
    lisa.save()
    assert ask(client, "lisa@kommun.se").url == DONE
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["lisa@kommun.se", "ingen@kommun.se"])
def test_requests_for_one_address_are_throttled_whether_it_exists_or_not(
    client, lisa, address
):
    for n in range(PER_ADDRESS):
        assert ask(client, address, f"10.0.0.{n}").status_code == 302
    sent = len(mail.outbox)
    response = ask(client, address.upper(), "10.0.0.99")
    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()
    assert len(mail.outbox) == sent  # nothing more was sent
    # Another address is not affected.
    assert ask(client, "annan@kommun.se", "10.0.0.98").status_code == 302


@pytest.mark.django_db
def test_requests_from_one_client_are_throttled_across_addresses(client, lisa):
    for n in range(PER_CLIENT):
        assert ask(client, f"person{n}@kommun.se").status_code == 302
    response = ask(client, "lisa@kommun.se")
    assert response.status_code == 429 and mail.outbox == []


@pytest.mark.django_db
def test_the_throttle_message_is_in_english_when_english_is_chosen(client, lisa):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _ in range(PER_ADDRESS):
        ask(client, "lisa@kommun.se")
    html = ask(client, "lisa@kommun.se").content.decode()
    assert "Too many requests for a new password." in html
    assert mail.outbox[0].subject == "A new password for E-cirkel"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    [
        "inte en adress",
        "lisa@kommun.se\nBcc: alla@kommun.se",
        "a" * 250 + "@kommun.se",
        "",
    ],
)
def test_hostile_or_malformed_addresses_get_a_message_and_no_email(
    client, lisa, address
):
    response = ask(client, address)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-invalid="true"' in html and 'class="form__error"' in html
    assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "link",
    [
        "/konto/nytt-losenord/MQ/fel-token/",
        "/konto/nytt-losenord/%00%27/x/",
        "/konto/nytt-losenord/" + "A" * 500 + "/abc-def/",
    ],
)
def test_a_forged_or_broken_link_is_refused_with_a_way_on(client, lisa, link):
    response = client.get(link)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Länken fungerar inte" in html and 'href="/konto/glomt-losenord/"' in html
    assert 'name="new_password1"' not in html


@pytest.mark.django_db
def test_a_weak_new_password_is_refused_with_the_reason(client, lisa):
    ask(client, "lisa@kommun.se")
    form = client.get(reset_link(mail.outbox[0]), follow=True)
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": "123", "new_password2": "123"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="password1-error"' in html or 'id="password2-error"' in html
    assert logs_in(client, "lisa", "losenord-123")


@pytest.mark.django_db
def test_a_new_password_lifts_the_login_lock_on_the_account(client, lisa):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        logs_in(client, "lisa", "gissning")
    assert not logs_in(client, "lisa", "losenord-123")  # locked
    ask(client, "lisa@kommun.se")
    form = client.get(reset_link(mail.outbox[0]), follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {
            "new_password1": "Ny-fras-for-kc-2026",
            "new_password2": "Ny-fras-for-kc-2026",
        },
    )
    assert logs_in(client, "lisa", "Ny-fras-for-kc-2026")


@pytest.mark.django_db
def test_the_admin_reset_form_is_throttled_too(client):
    UserFactory(username="erik", email="erik@kommun.se", roles=[EDITOR])
    for n in range(PER_ADDRESS):
        response = client.post(
            "/admin/password_reset/",
            {"email": "erik@kommun.se"},
            REMOTE_ADDR=f"10.9.0.{n}",
        )
        assert response.status_code == 302
    response = client.post("/admin/password_reset/", {"email": "erik@kommun.se"})
    assert response.status_code == 429
    assert len(mail.outbox) == PER_ADDRESS
