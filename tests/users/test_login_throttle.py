"""Failed logins are throttled per account and per address, on both login forms."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from users.factories import UserFactory
from users.roles import EDITOR, LEARNER

LOGIN_FORMS = ["/konto/logga-in/", "/admin/login/"]
LOCKED_SV = "För många misslyckade inloggningsförsök."
LOCKED_EN = "Too many failed login attempts."


def log_in(client, url, username, password, address="10.1.2.3", **extra):
    return client.post(
        url,
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **extra,
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def admin_user(db):
    return UserFactory(username="ada", is_superuser=True, is_staff=True)


@pytest.mark.django_db
@pytest.mark.parametrize("url", LOGIN_FORMS)
def test_thirty_wrong_passwords_lock_the_account_even_for_the_right_one(
    client, url, admin_user
):
    for _ in range(30):
        log_in(client, url, "ada", "gissning")
    response = log_in(client, url, "ada", "losenord-123")
    assert response.status_code == 429
    assert not logged_in(client)
    html = response.content.decode()
    assert LOCKED_SV in html
    assert "15 minuter" in html
    assert 'name="username"' in html  # the same login page, in the site's design


@pytest.mark.django_db
@pytest.mark.parametrize("url", LOGIN_FORMS)
def test_a_few_mistakes_do_not_lock_anyone_out(client, url, admin_user):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = log_in(client, url, "ada", "gissning")
        assert response.status_code == 200
    response = log_in(client, url, "ada", "losenord-123")
    assert response.status_code == 302
    assert logged_in(client)


@pytest.mark.django_db
def test_the_lockout_message_follows_the_chosen_language(client, learner):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, LOGIN_FORMS[0], "lisa", "fel")
    html = log_in(client, LOGIN_FORMS[0], "lisa", "losenord-123").content.decode()
    assert LOCKED_EN in html and "15 minutes" in html
    assert "ask an administrator to unlock" in html


@pytest.mark.django_db
def test_an_account_stays_locked_from_another_address(client, learner):
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, LOGIN_FORMS[0], "lisa", "fel", address=f"10.0.0.{n + 1}")
    response = log_in(client, LOGIN_FORMS[0], "lisa", "losenord-123", "10.9.9.9")
    assert response.status_code == 429
    assert not logged_in(client)


@pytest.mark.django_db
def test_an_address_guessing_many_accounts_is_locked_for_every_account(client, learner):
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, LOGIN_FORMS[0], f"gissat{n}", "fel", address="10.6.6.6")
    locked = log_in(client, LOGIN_FORMS[0], "lisa", "losenord-123", "10.6.6.6")
    assert locked.status_code == 429
    # The account itself is not locked: from elsewhere it logs in.
    other = log_in(client, LOGIN_FORMS[0], "lisa", "losenord-123", "10.7.7.7")
    assert other.status_code == 302 and logged_in(client)


@pytest.mark.django_db
def test_the_lock_ends_by_itself_after_the_cool_off(client, learner):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, LOGIN_FORMS[0], "lisa", "fel")
    assert log_in(client, LOGIN_FORMS[0], "lisa", "losenord-123").status_code == 429
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.first().attempt_time
        - settings.AXES_COOLOFF_TIME
        - timedelta(minutes=1)
    )
    assert log_in(client, LOGIN_FORMS[0], "lisa", "losenord-123").status_code == 302


@pytest.mark.django_db
def test_an_administrator_unlocks_an_account_with_the_command(client, learner):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, LOGIN_FORMS[0], "lisa", "fel")
    call_command("axes_reset_username", "lisa", verbosity=0)
    response = log_in(client, LOGIN_FORMS[0], "lisa", "losenord-123")
    assert response.status_code == 302 and logged_in(client)


@pytest.mark.django_db
def test_an_administrator_unlocks_an_account_in_the_wagtail_admin(
    client, learner, admin_user
):
    learner_client = client.__class__()
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(learner_client, LOGIN_FORMS[0], "lisa", "fel", f"10.0.0.{n % 2 + 1}")
    locked = log_in(learner_client, LOGIN_FORMS[0], "lisa", "losenord-123", "10.0.0.1")
    assert locked.status_code == 429
    assert AccessAttempt.objects.filter(username="lisa").count() == 2

    client.force_login(admin_user)
    listing = client.get(reverse("login_lockouts:index"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Inloggningsspärrar" in html and "lisa" in html and "10.0.0.1" in html
    attempt = AccessAttempt.objects.filter(username="lisa").first()
    unlock_url = reverse("login_lockouts:delete", args=[attempt.pk])
    assert unlock_url in html
    found = client.get(reverse("login_lockouts:index"), {"q": "lisa"})
    assert found.status_code == 200 and "10.0.0.2" in found.content.decode()
    confirm = client.get(unlock_url).content.decode()
    assert "Lås upp" in confirm and "lisa" in confirm

    response = client.post(unlock_url)
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="lisa").exists()
    unlocked = log_in(learner_client, LOGIN_FORMS[0], "lisa", "losenord-123")
    assert unlocked.status_code == 302


@pytest.mark.django_db
def test_lockouts_can_be_unlocked_but_not_added_or_edited_in_the_admin(
    client, admin_user
):
    client.force_login(admin_user)
    assert client.get("/admin/login-lockouts/new/").status_code in {302, 403, 404}
    menu = client.get("/admin/").content.decode()
    assert reverse("login_lockouts:index") in menu


@pytest.mark.django_db
@pytest.mark.parametrize("role", [LEARNER, EDITOR])
def test_only_administrators_see_the_lockouts(client, role, learner):
    AccessAttempt.objects.create(
        username="lisa",
        ip_address="10.0.0.1",
        user_agent="",
        failures_since_start=10,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/konto/logga-in/",
    )
    client.force_login(UserFactory(username="someone", roles=[role]))
    response = client.get(reverse("login_lockouts:index"))
    assert response.status_code in {302, 403}
    attempt = AccessAttempt.objects.get()
    client.post(reverse("login_lockouts:delete", args=[attempt.pk]))
    assert AccessAttempt.objects.exists()


@pytest.mark.django_db
def test_behind_the_proxy_the_address_is_the_one_the_proxy_saw(
    client, learner, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "127.0.0.1"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(
            client,
            LOGIN_FORMS[0],
            "nobody",
            "fel",
            address=proxy,
            HTTP_X_FORWARDED_FOR="1.2.3.4, 10.6.6.6",  # the first entry is forged
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
        "10.6.6.6"
    }
    # Another learner behind the same proxy is not locked out.
    response = log_in(
        client,
        LOGIN_FORMS[0],
        "lisa",
        "losenord-123",
        address=proxy,
        HTTP_X_FORWARDED_FOR="10.7.7.7",
    )
    assert response.status_code == 302
