"""An editor follows another installation's catalog and imports a course from it
with the keyboard alone; the catalog screens pass axe-core (WCAG 2.1 AA). The other
installation's catalog is a small HTTP server on loopback. The list of catalogs
fits a phone."""

import re

import pytest
from playwright.sync_api import expect

from catalogs.models import CatalogToken, Subscription
from imports.models import ImportJob
from tests.browser.conftest import (
    assert_no_axe_violations,
    assert_tables_fit,
    log_in,
)
from tests.catalogs.feeds import course_entry, feed_bytes
from tests.catalogs.servers import Answer, Server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def other_catalog():
    with Server() as server:
        entry = course_entry(
            server.url("/delning/paket/a.zip"),
            title="Svåra samtal",
            summary="Att ta emot arga och oroliga invånare.",
        )
        server.routes["/delning/katalog.json"] = Answer(body=feed_bytes(entry))
        yield server


def settled(page):
    """The page once Wagtail's messages have faded in (axe would measure their
    colours half-way)."""
    page.wait_for_timeout(600)
    return page


def tab_to(page, wanted, limit=120) -> None:
    """Press Tab until the focused element's accessible text or id matches."""
    for _press in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement;"
            " return e ? (e.id + ' ' + (e.innerText || e.value || '')).trim() : ''; }"
        )
        if re.search(wanted, focused):
            return
    pytest.fail(f"Tab never reached {wanted!r}")


def test_an_editor_subscribes_and_imports_with_the_keyboard(page, demo, other_catalog):
    log_in(page, "redaktor", "redaktor", "/admin/katalogprenumerationer/")
    expect(
        page.get_by_role("heading", name="Andras kataloger", level=1)
    ).to_be_visible()
    assert_no_axe_violations(settled(page))

    page.goto("/admin/katalogprenumerationer/new/")
    assert_no_axe_violations(settled(page))
    tab_to(page, r"^id_url")
    page.keyboard.type(other_catalog.url("/delning/katalog.json"))
    page.keyboard.press("Enter")

    # The browse page: the catalog was read on opening.
    expect(page.get_by_role("heading", name="Svåra samtal", level=3)).to_be_visible()
    expect(page.get_by_text("Exempelkommunen").first).to_be_visible()
    expect(page.get_by_text("Inte importerad")).to_be_visible()
    assert_no_axe_violations(settled(page))

    tab_to(page, r"^\s*Importera$")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/admin/kursimport/[0-9a-f-]+/$"))
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DOWNLOADING
    assert job.source_url == other_catalog.url("/delning/paket/a.zip")
    assert Subscription.objects.get().courses.count() == 1


def test_fetch_now_and_the_last_error_with_the_keyboard(page, demo, other_catalog):
    subscription = Subscription.objects.create(
        url=other_catalog.url("/delning/katalog.json")
    )
    log_in(
        page,
        "redaktor",
        "redaktor",
        f"/admin/katalogprenumerationer/{subscription.pk}/",
    )
    expect(page.get_by_role("heading", name="Svåra samtal", level=3)).to_be_visible()
    other_catalog.routes["/delning/katalog.json"] = Answer(body=b"<html>")
    tab_to(page, r"Hämta nu")
    page.keyboard.press("Enter")
    expect(
        page.get_by_text("Katalogen kunde inte hämtas förra gången:")
    ).to_be_visible()
    expect(page.get_by_text("inte giltig JSON").first).to_be_visible()
    # The courses from the last good reading stay.
    expect(page.get_by_role("heading", name="Svåra samtal", level=3)).to_be_visible()
    assert_no_axe_violations(settled(page))


def test_an_editor_makes_a_catalog_token_and_sees_it_once(page, demo):
    log_in(page, "redaktor", "redaktor", "/admin/katalognycklar/new/")
    assert_no_axe_violations(settled(page))
    tab_to(page, r"^id_label")
    page.keyboard.type("Grannkommunen")
    page.keyboard.press("Enter")
    message = page.get_by_text("Katalognyckel för ”Grannkommunen”")
    expect(message).to_be_visible()
    token = CatalogToken.objects.get()
    assert token.prefix in message.inner_text()
    assert_no_axe_violations(settled(page))
    page.reload()
    expect(page.get_by_text("Katalognyckel för ”Grannkommunen”")).to_have_count(0)


def test_the_list_of_catalogs_fits_a_phone(page, demo, other_catalog):
    """At 375 px each catalog is a block under its name, its facts labelled; a
    long address wraps."""
    Subscription.objects.create(
        url="https://en-mycket-lang-adress.exempelkommunen.example.se/delning/"
        "katalog.json"
    )
    Subscription.objects.create(
        url=other_catalog.url("/delning/katalog.json"), name="Grannkommunen"
    )
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, "redaktor", "redaktor", "/admin/katalogprenumerationer/")
    assert_tables_fit(page)
    row = page.get_by_role("row", name="Grannkommunen")
    expect(row.get_by_text("Adress")).to_be_visible()
    expect(row.get_by_text(other_catalog.url("/delning/katalog.json"))).to_be_visible()
    expect(row.get_by_text("Katalognyckel")).to_be_visible()
    assert_no_axe_violations(settled(page))
    page.set_viewport_size({"width": 1280, "height": 800})
    assert_tables_fit(page)
    expect(row.get_by_text("Adress")).to_be_hidden()
