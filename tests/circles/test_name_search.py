"""The report's name filter ignores case and accents on every database.

SQLite's LIKE folds only ASCII letters, so the filter compares a search key kept on
the user (lowercase, accents folded: å ä → a, ö → o) with the query folded the same
way. These tests run on SQLite and, with DATABASE_URL, on PostgreSQL.
"""

import re

import pytest

from circles.models import CircleMembership
from users.factories import UserFactory
from users.models import fold


@pytest.mark.parametrize(
    "text,folded",
    [
        ("Öberg", "oberg"),
        ("ÅSA Älvdal", "asa alvdal"),
        ("Ærø Øster", "aero oster"),
        ("Strauß", "strauss"),
        ("Sámi Čávkkis", "sami cavkkis"),
        ("  Anna   Ek ", "anna ek"),
    ],
)
def test_folding_drops_case_and_accents(text, folded):
    assert fold(text) == folded


@pytest.fixture
def cecilia(circle):
    cecilia = UserFactory(username="cecilia", first_name="Cecilia", last_name="Öberg")
    CircleMembership.objects.create(circle=circle, user=cecilia)
    anna = UserFactory(username="anna", first_name="Anna", last_name="Åberg")
    CircleMembership.objects.create(circle=circle, user=anna)
    return cecilia


def names(html: str) -> set[str]:
    return set(re.findall(r'<th scope="row">(.*?)</th>', html))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ["öberg", "oberg", "ÖBERG", "Öberg", "OBERG", "cecilia öberg", "öberg cec", "CECI"],
)
def test_the_name_filter_finds_cecilia_oberg_whatever_the_case_and_accents(
    client, circle_leader, cecilia, query
):
    client.force_login(circle_leader)
    html = client.get(
        f"/cirklar/{cecilia.circle_memberships.get().circle.uuid}/", {"q": query}
    ).content.decode()
    assert names(html) == {"Cecilia Öberg"}


@pytest.mark.django_db
def test_the_name_filter_tells_aberg_from_oberg(client, circle_leader, cecilia):
    client.force_login(circle_leader)
    circle = cecilia.circle_memberships.get().circle
    html = client.get(f"/cirklar/{circle.uuid}/", {"q": "åberg"}).content.decode()
    assert names(html) == {"Anna Åberg"}
    html = client.get(f"/cirklar/{circle.uuid}/", {"q": "berg"}).content.decode()
    assert names(html) == {"Anna Åberg", "Cecilia Öberg"}


@pytest.mark.django_db
def test_the_search_key_follows_a_renamed_user(client, circle_leader, cecilia):
    cecilia.last_name = "Ängström"
    cecilia.save()
    client.force_login(circle_leader)
    circle = cecilia.circle_memberships.get().circle
    html = client.get(f"/cirklar/{circle.uuid}/", {"q": "angstrom"}).content.decode()
    assert names(html) == {"Cecilia Ängström"}
    html = client.get(f"/cirklar/{circle.uuid}/", {"q": "oberg"}).content.decode()
    assert names(html) == set()


@pytest.mark.django_db
def test_users_made_in_bulk_get_their_search_key(client, circle_leader, circle):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    (bulk,) = User.objects.bulk_create([User(username="b", last_name="Öst")])
    bulk = User.objects.get(username="b")
    assert bulk.search_key == "ost b"
