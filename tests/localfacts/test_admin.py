"""Editors fill in the facts in Settings → Local facts; nobody else may."""

import pytest
from wagtail.models import Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from localfacts.models import LocalFacts
from localfacts.standard import STANDARD_FACTS


def url(site) -> str:
    return f"/admin/settings/localfacts/localfacts/{site.pk}/"


def form_data(extra=(), **values) -> dict:
    data = {fact.name: "" for fact in STANDARD_FACTS}
    data.update(values)
    data["extra_facts"] = inline_formset(
        [{"name": n, "description": d, "value": v} for n, d, v in extra]
    )
    return nested_form_data(data)


@pytest.mark.django_db
def test_an_editor_fills_in_the_facts_and_an_extra_one(client, editor, catalog):
    site = Site.objects.get(is_default_site=True)
    client.force_login(editor)
    page = client.get(url(site))
    assert page.status_code == 200
    assert "Kontaktcentrets telefonnummer" in page.content.decode()
    assert "Skrivs [[telefon]] i kursinnehållet." in page.content.decode()
    response = client.post(
        url(site),
        form_data(
            [("simhall", "simhallens öppettider", "Lördag 9–15")],
            kommun="Exempelkommun",
            telefon="08-465 004 00",
            talsvar="1. Äldreomsorg\r\n2. Socialtjänst",
        ),
    )
    assert response.status_code == 302
    setting = LocalFacts.for_site(site)
    assert setting.telefon == "08-465 004 00"
    assert [(f.name, f.value) for f in setting.extra_facts.all()] == [
        ("simhall", "Lördag 9–15")
    ]


@pytest.mark.django_db
def test_a_bad_or_doubled_extra_name_is_refused_and_nothing_saved(
    client, editor, catalog
):
    site = Site.objects.get(is_default_site=True)
    client.force_login(editor)
    response = client.post(
        url(site),
        form_data([("Simhall", "", "x"), ("telefon", "", "y")], telefon="1"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Skriv namnet med små bokstäver" in html
    assert "är en standarduppgift" in html
    response = client.post(
        url(site), form_data([("simhall", "", "x"), ("simhall", "", "y")], telefon="1")
    )
    assert response.status_code == 200
    assert LocalFacts.for_site(site).telefon == ""
    assert not LocalFacts.for_site(site).extra_facts.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["learner", "circle_leader"])
def test_learners_and_circle_leaders_cannot_open_the_setting(client, who, request):
    client.force_login(request.getfixturevalue(who))
    site = Site.objects.get(is_default_site=True)
    response = client.get(url(site))
    assert response.status_code in (302, 403)
    assert "/admin/login/" in response.get("Location", "/admin/login/")
