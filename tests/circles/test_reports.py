import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from circles.models import CircleMembership
from courses.models import TopicPage
from progress.activities import activity_for_page
from progress.recording import Result, record
from users.factories import UserFactory


def act(slug):
    return activity_for_page(TopicPage.objects.get(slug=slug))


@pytest.fixture
def report(circle, learner):
    """Lisa has completed two topics and started one; Anna has done nothing."""
    learner.first_name, learner.last_name = "Lisa", "Larsson"
    learner.save()
    record(learner, act("vad-ar-kc"), "completed")
    record(learner, act("fordelar"), "passed", result=Result(score=0.85))
    record(learner, act("forstudie"), "experienced")
    anna = UserFactory(username="anna", first_name="Anna", last_name="Andersson")
    CircleMembership.objects.create(circle=circle, user=anna)
    return circle


def cells(html):
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</th>(.*?)</tr>", html, re.S)
    return {
        name: [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", rest, re.S)
        ]
        for name, rest in rows
    }


@pytest.mark.django_db
def test_the_matrix_shows_states_and_scores_per_learner_and_topic(
    client, circle_leader, report
):
    client.force_login(circle_leader)
    html = client.get(f"/cirklar/{report.uuid}/").content.decode()
    headers = re.findall(r'<th scope="col">(.*?)</th>', html)
    assert headers[:2] == ["Deltagare", "Kursens framsteg"]
    assert headers[2:] == ["Vad är KC?", "Fördelar", "Nackdelar", "Förstudie"]
    table = cells(html)
    assert table["Lisa Larsson"] == [
        "50 %",
        "Klar",
        "Godkänd (85 %)",
        "Ej påbörjad",
        "Påbörjad",
    ]
    assert table["Anna Andersson"] == ["0 %"] + ["Ej påbörjad"] * 4


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query,expected",
    [
        ({"q": "lis"}, {"Lisa Larsson"}),
        ({"status": "not_started"}, {"Anna Andersson"}),
        ({"status": "in_progress"}, {"Lisa Larsson"}),
        ({"status": "complete"}, set()),
        ({"status": "nonsense"}, {"Lisa Larsson", "Anna Andersson"}),
    ],
)
def test_the_matrix_filters_learners(client, circle_leader, report, query, expected):
    client.force_login(circle_leader)
    html = client.get(f"/cirklar/{report.uuid}/", query).content.decode()
    assert set(cells(html)) == expected


@pytest.mark.django_db
def test_a_learner_who_completed_everything_is_complete(
    client, circle_leader, report, learner
):
    for slug in ("nackdelar", "forstudie"):
        record(learner, act(slug), "completed")
    client.force_login(circle_leader)
    html = client.get(
        f"/cirklar/{report.uuid}/", {"status": "complete"}
    ).content.decode()
    assert set(cells(html)) == {"Lisa Larsson"}


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_the_report_takes_the_same_queries_for_a_small_and_a_large_circle(
    client, circle_leader, report, other_circle
):
    client.force_login(circle_leader)
    url = f"/cirklar/{report.uuid}/"
    queries_for(client, url)
    small = queries_for(client, url)
    for n in range(120):  # more than two pages of learners, each with progress
        user = UserFactory(username=f"extra{n}")
        CircleMembership.objects.create(circle=report, user=user)
        record(user, act("vad-ar-kc"), "completed")
    # New memberships (rows of a circle, a snippet) move the content version on: the
    # first request builds the cached columns again, as the first one above did.
    queries_for(client, url)
    large = queries_for(client, url)
    assert small == large
    html = client.get(url).content.decode()
    assert "Sida 1 av 3" in html


HEADER = [
    "Användarnamn",
    "Namn",
    "Kursens framsteg %",
    "Vad är KC?",
    "Vad är KC? – poäng %",
    "Fördelar",
    "Fördelar – poäng %",
    "Nackdelar",
    "Nackdelar – poäng %",
    "Förstudie",
    "Förstudie – poäng %",
]


@pytest.mark.django_db
def test_csv_export_has_every_learner_with_a_state_and_a_score_column_per_topic(
    client, circle_leader, report
):
    client.force_login(circle_leader)
    response = client.get(f"/cirklar/{report.uuid}/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[0] == HEADER
    by_user = {row[0]: row for row in rows[1:]}
    assert by_user["lisa"] == [
        "lisa",
        "Lisa Larsson",
        "50",
        "Klar",
        "",
        "Godkänd",
        "85",
        "Ej påbörjad",
        "",
        "Påbörjad",
        "",
    ]
    assert by_user["anna"][2:] == ["0"] + ["Ej påbörjad", ""] * 4


def xlsx(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


@pytest.mark.django_db
def test_xlsx_export_matches_the_csv_with_numbers_as_numbers(
    client, circle_leader, report
):
    client.force_login(circle_leader)
    workbook = xlsx(client, f"/cirklar/{report.uuid}/export.xlsx", q="lisa")
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert rows[1:] == [
        (
            "lisa",
            "Lisa Larsson",
            50,
            "Klar",
            None,
            "Godkänd",
            85,
            "Ej påbörjad",
            None,
            "Påbörjad",
            None,
        )
    ]
    lisa = list(sheet.iter_rows(min_row=2, max_row=2))[0]
    assert lisa[2].data_type == "n" and lisa[6].data_type == "n"  # sortable, summable
    assert lisa[5].data_type == "s"  # the state is its own text column


@pytest.mark.django_db
def test_the_xlsx_header_is_frozen_bold_filtered_and_the_columns_fit(
    client, circle_leader, report
):
    """Before: every column 13 wide (openpyxl's default), nothing frozen."""
    client.force_login(circle_leader)
    for sheet in xlsx(client, f"/cirklar/{report.uuid}/export.xlsx").worksheets:
        header = next(sheet.iter_rows(max_row=1))
        assert sheet.freeze_panes == "C2"  # the header row and the learner's name
        assert sheet.auto_filter.ref == f"A1:{header[-1].column_letter}1"
        assert all(cell.font.b and cell.alignment.wrap_text for cell in header)
        widths = {
            cell.column_letter: sheet.column_dimensions[cell.column_letter].width
            for cell in header
        }
        assert widths["A"] >= 20 and widths["B"] >= 25  # username, name
        assert all(width >= 10 for width in widths.values())
        assert sheet.row_dimensions[1].height >= 30  # room for wrapped titles
    progress = xlsx(client, f"/cirklar/{report.uuid}/export.xlsx").active
    assert progress.column_dimensions["D"].width == 14  # a state: "Ej påbörjad"
    assert progress.column_dimensions["E"].width == 11  # a score


@pytest.mark.django_db
def test_export_streams_in_chunks_of_learners(
    client, circle_leader, report, monkeypatch
):
    from circles import reports

    monkeypatch.setattr(reports, "EXPORT_CHUNK", 1)
    client.force_login(circle_leader)
    body = b"".join(
        client.get(f"/cirklar/{report.uuid}/export.csv").streaming_content
    ).decode("utf-8-sig")
    assert len(body.strip().splitlines()) == 3


@pytest.mark.django_db
def test_the_csv_counts_requirements_as_the_report_page_does(
    client, circle_leader, report, course
):
    """The page counts each learner's met requirements in the database, the CSV from
    the marks it reads (circles.reports.members, counts=False): the same numbers,
    must-pass rules included."""
    from courses.models import CompletionRequirement

    # Two requirements: Fördelar must be passed (Lisa passed it), Förstudie must be
    # passed (Lisa only opened it; Olle completed it without a pass).
    CompletionRequirement.objects.create(
        course=course, page=TopicPage.objects.get(slug="fordelar"), must_pass=True
    )
    CompletionRequirement.objects.create(
        course=course, page=TopicPage.objects.get(slug="forstudie"), must_pass=True
    )
    course.save_revision().publish()
    olle = UserFactory(username="olle", first_name="Olle", last_name="Olsson")
    CircleMembership.objects.create(circle=report, user=olle)
    record(olle, act("forstudie"), "completed")
    record(olle, act("fordelar"), "passed")

    client.force_login(circle_leader)
    html = client.get(f"/cirklar/{report.uuid}/").content.decode()
    page = {name: row[0] for name, row in cells(html).items()}
    response = client.get(f"/cirklar/{report.uuid}/export.csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    exported = {
        row[1]: f"{row[2]} %"
        for row in list(csv.reader(io.StringIO(body), delimiter=";"))[1:]
    }
    assert (
        page
        == exported
        == {
            "Lisa Larsson": "50 %",
            "Olle Olsson": "50 %",
            "Anna Andersson": "0 %",
        }
    )
