"""The setting "Lokala uppgifter": what ``facts.current`` returns, per site and
per request, and how the extra facts are checked."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import RequestFactory
from wagtail.models import Site

from localfacts.facts import current, is_editor, signature
from localfacts.models import LocalFact, LocalFacts

from .conftest import MENU, PHONE


@pytest.mark.django_db
def test_current_gives_the_filled_in_facts_with_plain_line_ends(facts):
    found = current(Site.objects.get(is_default_site=True))
    assert found == {
        "kommun": "Exempelkommun",
        "telefon": PHONE,
        "talsvar": MENU,
        "bygglov_telefon": "08-465 004 10",
    }
    assert "oppettider" not in found and "oppettider" in found.defined
    assert found.labels == {"bygglov_telefon": "bygglovsenhetens telefonnummer"}


@pytest.mark.django_db
def test_current_reads_once_per_request(facts, django_assert_num_queries):
    request = RequestFactory().get("/", SERVER_NAME="localhost")
    first = current(request)
    with django_assert_num_queries(0):
        assert current(request) is first


@pytest.mark.django_db
def test_a_saved_change_shows_on_the_next_request(facts):
    request = RequestFactory().get("/", SERVER_NAME="localhost")
    assert current(request)["telefon"] == PHONE
    facts.telefon = "0771-00 00 00"
    facts.save()
    assert current(RequestFactory().get("/"))["telefon"] == "0771-00 00 00"
    assert signature(current(None)) != signature({"telefon": PHONE})


@pytest.mark.django_db
def test_each_site_has_its_own_facts(facts, catalog):
    other = Site.objects.create(hostname="annan.example", port=80, root_page=catalog)
    setting = LocalFacts.for_site(other)
    setting.telefon = "031-390 06 00"
    setting.save()
    assert current(other)["telefon"] == "031-390 06 00"
    request = RequestFactory().get("/", SERVER_NAME="annan.example")
    assert current(request)["telefon"] == "031-390 06 00"
    assert current(None)["telefon"] == PHONE  # the default site


@pytest.mark.django_db
def test_an_extra_fact_needs_a_placeholder_name_not_a_standard_one(facts):
    for bad in ["Telefon", "1a", "två_ord", "a-b", "a" * 51]:
        with pytest.raises(ValidationError) as error:
            LocalFact(setting=facts, name=bad, value="x").full_clean()
        assert "name" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        LocalFact(setting=facts, name="telefon", value="x").full_clean()
    assert "standarduppgift" in " ".join(error.value.message_dict["name"])
    LocalFact(setting=facts, name="simhall_2", value="x").full_clean()


@pytest.mark.django_db
def test_two_extra_facts_cannot_share_a_name(facts):
    with pytest.raises(IntegrityError), transaction.atomic():
        LocalFact.objects.create(setting=facts, name="bygglov_telefon", value="y")


@pytest.mark.django_db
def test_editors_and_previews_see_missing_facts_as_placeholders(editor, learner):
    request = RequestFactory().get("/")
    request.user = learner
    assert not is_editor(request)
    request.user = editor
    assert is_editor(request)
    preview = RequestFactory().get("/")
    preview.user = learner
    preview.is_preview = True
    assert is_editor(preview)
    assert not is_editor(None)
