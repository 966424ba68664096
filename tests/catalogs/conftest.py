import pytest

from catalogs.models import CatalogSettings, CatalogToken
from sharing.models import CourseSharing, SharingSettings


@pytest.fixture
def shared_course(course):
    """The test course, offered in the catalog by a named organisation."""
    organisation = SharingSettings.for_site(course.get_site())
    organisation.organisation = "Testkommun"
    organisation.organisation_url = "https://testkommun.example.se"
    organisation.save()
    CourseSharing.objects.create(
        course=course, shareable=True, attribution="Testkommun"
    )
    return course


@pytest.fixture
def public_catalog(catalog):
    settings = CatalogSettings.for_site(catalog.get_site())
    settings.published = True
    settings.access = CatalogSettings.Access.PUBLIC
    settings.save()
    return settings


@pytest.fixture
def token_catalog(public_catalog):
    public_catalog.access = CatalogSettings.Access.TOKEN
    public_catalog.save()
    token = CatalogToken(label="Grannkommunen")
    secret = token.generate()
    token.save()
    return secret
