import pytest
from wagtail.models import Site

from localfacts.models import LocalFact, LocalFacts

PHONE = "08-465 004 00"
MENU = "1. Äldreomsorg\n2. Socialtjänst\n9. Allmänna frågor"


@pytest.fixture
def facts(catalog):
    """The default site's local facts: a name, a phone number and a talsvar menu of
    three lines filled in; the rest empty; one extra fact."""
    setting = LocalFacts.for_site(Site.objects.get(is_default_site=True))
    setting.kommun = "Exempelkommun"
    setting.telefon = PHONE
    setting.talsvar = MENU.replace("\n", "\r\n")  # as a browser sends a textarea
    setting.save()
    LocalFact.objects.create(
        setting=setting,
        name="bygglov_telefon",
        description="bygglovsenhetens telefonnummer",
        value="08-465 004 10",
    )
    return setting
