"""Departments: stored by their Swedish names, shown in the reader's language."""

import pytest
from django.utils import translation

from ecirkel.departments import DEPARTMENTS
from roleplays.factories import make_scenario
from roleplays.models import Scenario
from roleplays.statistics import by_department

SWEDISH_NAMES = [
    "Äldreomsorg",
    "Socialtjänst",
    "Förskola/skola",
    "Bygg och miljö",
    "Kultur och fritid",
    "Allmänt",
]


def test_the_stored_values_are_the_swedish_names_as_before():
    assert [value for value, _label in DEPARTMENTS] == SWEDISH_NAMES
    assert Scenario._meta.get_field("department").choices == DEPARTMENTS


def test_the_names_are_english_source_strings_translated_to_swedish():
    with translation.override("en"):
        english = [str(label) for _value, label in DEPARTMENTS]
    with translation.override("sv"):
        swedish = [str(label) for _value, label in DEPARTMENTS]
    assert english == [
        "Elderly care",
        "Social services",
        "Preschool and school",
        "Building and environment",
        "Culture and leisure",
        "General",
    ]
    assert swedish == SWEDISH_NAMES


@pytest.mark.django_db
def test_statistics_group_scenarios_under_the_readers_name_of_the_department():
    make_scenario([("start", "Hej", True)], [], live=True, department="Socialtjänst")
    with translation.override("en"):
        assert list(by_department()) == ["Social services"]
    with translation.override("sv"):
        assert list(by_department()) == ["Socialtjänst"]
    assert Scenario.objects.get().department == "Socialtjänst"
