"""Observed pair sessions in the circle report and its exports.

An observation is evidence about the practice call where it is placed: it shows on
that topic as "Observerat: 2/1/2" (bemötande / correct information / routing) and in
the exports, by the learner's name. It does not open or complete the topic for a
learner who never did: a call (or quiz) placed on a page counts toward the page only
when it is passed, and an observation is never a pass.
"""

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from circles.models import CircleMembership
from courses.models import CompletionRequirement
from progress.completion import progress_for
from progress.states import ProgressState, states_for
from roleplays import playing
from roleplays.factories import make_scenario
from users.factories import UserFactory

STEPS = [("start", "Hej", False), ("bra", "Tack", True), ("brott", "Va?", True)]
CHOICES = [
    ("start", "Ringer upp", "bra", (2, 2, 2), False),
    ("start", "Läser ur akten", "brott", (-2, -2, -2), True),
]


@pytest.fixture
def call(placed, course):
    scenario = make_scenario(
        STEPS, CHOICES, live=True, title="Han har ringt i två veckor"
    )
    return scenario, placed(scenario)


@pytest.fixture
def cecilia(circle):
    cecilia = UserFactory(username="cecilia", first_name="Cecilia", last_name="Öberg")
    CircleMembership.objects.create(circle=circle, user=cecilia)
    return cecilia


def observe(client, scenario, topic, learner, scores=(2, 1, 2), notes="Lugn röst."):
    response = client.post(
        f"/rollspel/{scenario.uuid}/observation/",
        {
            "page": topic.pk,
            "learner": learner.pk,
            "empathy": str(scores[0]),
            "correctness": str(scores[1]),
            "routing": str(scores[2]),
            "notes": notes,
        },
    )
    assert response.status_code == 302


def row_cells(html: str, name: str) -> list[str]:
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</th>(.*?)</tr>", html, re.S)
    (rest,) = [rest for row_name, rest in rows if row_name == name]
    return [
        " ".join(re.sub(r"<[^>]+>", " ", cell).split())
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", rest, re.S)
    ]


def row_names(html: str) -> list[str]:
    return re.findall(r'<th scope="row">(.*?)</th>', html)


def headers(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>.*", "", h).strip()
        for h in re.findall(r'<th scope="col">(.*?)</th>', html, re.S)
    ]


@pytest.mark.django_db
def test_an_observed_session_shows_on_the_calls_topic_by_the_learners_name(
    client, circle, circle_leader, cecilia, call
):
    scenario, topic = call
    client.force_login(circle_leader)
    observe(client, scenario, topic, cecilia)
    html = client.get(f"/cirklar/{circle.uuid}/").content.decode()
    column = headers(html).index(topic.title) - 1  # after the learner's name
    cells = row_cells(html, "Cecilia Öberg")
    assert cells[column] == "Ej påbörjad Observerat: 2/1/2"
    assert cells[0] == "0 %"
    assert "Observerat" not in " ".join(row_cells(html, "Kim"))  # lisa, not observed


@pytest.mark.django_db
def test_several_observations_show_how_many_and_the_latest_scores(
    client, circle, circle_leader, cecilia, call
):
    scenario, topic = call
    client.force_login(circle_leader)
    observe(client, scenario, topic, cecilia, scores=(0, 0, -1))
    observe(client, scenario, topic, cecilia, scores=(2, 2, 1))
    html = client.get(f"/cirklar/{circle.uuid}/").content.decode()
    column = headers(html).index(topic.title) - 1
    assert row_cells(html, "Cecilia Öberg")[column] == (
        "Ej påbörjad Observerat 2 gånger, senast: 2/2/1"
    )


@pytest.mark.django_db
def test_an_observation_neither_opens_nor_completes_the_topic(
    client, circle_leader, cecilia, call, course
):
    """Before: the observation's "completed" on the call made the topic "Klar
    (67 %)" and met its requirement, for a learner who never opened it."""
    scenario, topic = call
    client.force_login(circle_leader)
    observe(client, scenario, topic, cecilia, scores=(1, 1, 0))
    assert states_for(cecilia, [topic.pk]) == {}
    (progress,) = progress_for(cecilia, [course])
    assert progress.done == 0
    assert not progress.started


@pytest.mark.django_db
def test_an_observation_never_meets_a_must_pass_requirement_but_a_passed_call_does(
    client, circle_leader, cecilia, call, course
):
    scenario, topic = call
    CompletionRequirement.objects.create(course=course, page=topic, must_pass=True)
    client.force_login(circle_leader)
    observe(client, scenario, topic, cecilia, scores=(2, 2, 2))
    (progress,) = progress_for(cecilia, [course])
    assert (progress.total, progress.done) == (1, 0)

    attempt = playing.start(scenario, cecilia, topic)
    playing.choose(attempt, 0, "start")
    (progress,) = progress_for(cecilia, [course])
    assert progress.complete
    assert states_for(cecilia, [topic.pk]) == {topic.pk: ProgressState.PASSED}


@pytest.mark.django_db
def test_a_failed_call_does_not_complete_its_topic_either(cecilia, call, course):
    scenario, topic = call
    attempt = playing.start(scenario, cecilia, topic)
    playing.choose(attempt, 1, "start")  # breaks a rule: the call fails
    assert states_for(cecilia, [topic.pk]) == {}
    (progress,) = progress_for(cecilia, [course])
    assert progress.done == 0


@pytest.mark.django_db
def test_the_status_filter_counts_observations_the_same_way(
    client, circle, circle_leader, cecilia, call, course
):
    scenario, topic = call
    CompletionRequirement.objects.create(course=course, page=topic)
    client.force_login(circle_leader)
    observe(client, scenario, topic, cecilia)
    html = client.get(
        f"/cirklar/{circle.uuid}/", {"status": "complete"}
    ).content.decode()
    assert "Cecilia Öberg" not in row_names(html)
    html = client.get(
        f"/cirklar/{circle.uuid}/", {"status": "in_progress"}
    ).content.decode()
    assert "Cecilia Öberg" in row_names(html)  # she took part in a pair session


def sessions_csv(client, circle, **params) -> list[list[str]]:
    response = client.get(f"/cirklar/{circle.uuid}/observerade.csv", params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    # The file's name in the interface language (Swedish by default).
    assert "-observerade-samtal.csv" in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body, newline=""), delimiter=";"))


@pytest.mark.django_db
def test_observed_sessions_are_in_their_own_csv_by_name(
    client, circle, circle_leader, cecilia, call
):
    scenario, topic = call
    circle_leader.first_name, circle_leader.last_name = "Leo", "Ledare"
    circle_leader.save()
    client.force_login(circle_leader)
    observe(client, scenario, topic, cecilia, notes="=1+1 lugn")
    rows = sessions_csv(client, circle)
    assert rows[0] == [
        "Användarnamn",
        "Namn",
        "Ämne",
        "Övningssamtal",
        "Datum",
        "Observatör",
        "Bemötande",
        "Rätt information",
        "Rätt väg (ROSA)",
        "Anteckningar",
    ]
    (row,) = rows[1:]
    assert row[:4] == ["cecilia", "Cecilia Öberg", topic.title, scenario.title]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", row[4])
    assert row[5:] == ["Leo Ledare", "2", "1", "2", "'=1+1 lugn"]
    assert sessions_csv(client, circle, q="lisa")[1:] == []


@pytest.mark.django_db
def test_the_xlsx_has_a_sheet_of_observed_sessions_with_numbers(
    client, circle, circle_leader, cecilia, call
):
    scenario, topic = call
    client.force_login(circle_leader)
    observe(client, scenario, topic, cecilia)
    response = client.get(f"/cirklar/{circle.uuid}/export.xlsx")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["Utveckling", "Observerade samtal"]
    sheet = workbook["Observerade samtal"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Användarnamn", "Namn", "Ämne", "Övningssamtal")
    (row,) = rows[1:]
    assert row[:4] == ("cecilia", "Cecilia Öberg", topic.title, scenario.title)
    assert row[4].year >= 2024  # a real date
    assert row[6:9] == (2, 1, 2)
    assert sheet.freeze_panes == "C2"


@pytest.mark.django_db
def test_leaders_see_no_other_circles_observations(
    client, circle, circle_leader, other_circle, call
):
    scenario, topic = call
    stranger = other_circle.memberships.get().user
    client.force_login(other_circle.leader)
    observe(client, scenario, topic, stranger)
    client.force_login(circle_leader)
    assert sessions_csv(client, circle)[1:] == []
    assert client.get(f"/cirklar/{other_circle.uuid}/observerade.csv").status_code == (
        404
    )


@pytest.mark.django_db
def test_the_observation_form_lists_learners_by_name(
    client, circle, circle_leader, cecilia, learner, call
):
    scenario, topic = call
    learner.first_name, learner.last_name = "Lisa", "Larsson"
    learner.save()
    nameless = UserFactory(username="utan.namn", first_name="", last_name="")
    CircleMembership.objects.create(circle=circle, user=nameless)
    client.force_login(circle_leader)
    html = client.get(
        f"/rollspel/{scenario.uuid}/observation/", {"page": topic.pk}
    ).content.decode()
    learners = re.search(r'<select name="learner".*?</select>', html, re.S).group()
    options = re.findall(r'<option value="\d+">(.*?)</option>', learners)
    assert options == ["Lisa Larsson (lisa)", "Cecilia Öberg (cecilia)", "utan.namn"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role,own,other",
    [
        (None, 302, 302),
        ("learner", 404, 404),
        ("circle_leader", 200, 404),
        ("editor", 200, 200),
    ],
)
def test_who_may_download_the_observed_sessions(
    client, circle, other_circle, role, own, other, request
):
    if role:
        client.force_login(request.getfixturevalue(role))
    for circle_, expected in ((circle, own), (other_circle, other)):
        response = client.get(f"/cirklar/{circle_.uuid}/observerade.csv")
        assert response.status_code == expected, (role, circle_)
        if expected == 302:
            assert response.url.startswith("/konto/logga-in/")
