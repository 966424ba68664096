"""A large course's circle report folds topics under their main topic; the page and
the CSV take the same queries for 3 learners as for many, and the CSV has it all."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from circles import reports
from circles.models import CircleMembership
from courses.factories import generate_topics
from courses.models import TopicPage
from progress.activities import activity_for_page
from progress.recording import Result, record
from users.factories import UserFactory

# Session, user, the header's links, the circle, its courses (with their
# evaluations), counting and reading one page of learners, the requirements they
# have met (one grouped query: cheaper than a subquery per learner), their totals
# per main topic, and the marks and observed calls of an open main topic.
MAX_QUERIES = 12


@pytest.fixture
def big(course, circle, learner):
    """The circle's course grows to 64 topics: 4 + 6 main topics of 10 (> 40)."""
    topics = generate_topics(course, 60, per_branch=9)
    first = topics[0]  # "Huvudämne 0" with "Ämne 1" … "Ämne 9"
    for topic in topics[1:4]:
        record(learner, activity_for_page(topic), "completed")
    record(learner, activity_for_page(topics[4]), "passed", result=Result(score=0.5))
    record(learner, activity_for_page(topics[5]), "experienced")
    return first


def get(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
        body = b"".join(response.streaming_content) if response.streaming else None
    assert response.status_code == 200
    html = body.decode("utf-8-sig") if body else response.content.decode()
    return html, len(queries)


def headers(html):
    return [
        re.sub(r"<[^>]+>", "", th).strip()
        for th in re.findall(r'<th scope="col"[^>]*>(.*?)</th>', html, re.S)
    ]


def row_of(html, user):
    name = user.get_full_name() or user.get_username()
    row = re.search(rf'<th scope="row">{name}</th>(.*?)</tr>', html, re.S).group(1)
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]


@pytest.mark.django_db
def test_a_large_course_folds_its_topics_under_main_topics_with_totals(
    client, circle_leader, circle, learner, big
):
    client.force_login(circle_leader)
    html, _queries = get(client, f"/cirklar/{circle.uuid}/")
    heads = headers(html)
    # The course's own four topics stand alone or fold (Vad är KC? has two).
    assert heads[:2] == ["Deltagare", "Kursens framsteg"]
    assert "Huvudämne 0 Visa 10 ämnen i Huvudämne 0" in heads
    assert "Ämne 1" not in heads
    assert len(heads) < 15
    cells = row_of(html, learner)
    index = heads.index("Huvudämne 0 Visa 10 ämnen i Huvudämne 0")
    assert cells[index - 1] == "4 av 10 klara"  # 3 completed, 1 passed
    assert 'matrix__cell--started"' in html
    assert "Nedladdningarna har alla ämnen" in html


@pytest.mark.django_db
def test_a_main_topic_opens_on_demand_without_javascript(
    client, circle_leader, circle, learner, big
):
    client.force_login(circle_leader)
    html, _queries = get(client, f"/cirklar/{circle.uuid}/", {"open": big.pk})
    heads = headers(html)
    start = heads.index("Huvudämne 0 Fäll ihop ämnena i Huvudämne 0")
    assert heads[start + 1 : start + 10] == [f"Ämne {n}" for n in range(1, 10)]
    cells = row_of(html, learner)[start - 1 : start + 9]
    assert cells[:7] == [
        "Ej påbörjad",
        "Klar",
        "Klar",
        "Klar",
        "Godkänd (50 %)",
        "Påbörjad",
        "Ej påbörjad",
    ]
    # The other main topics stay folded; the link folds this one again.
    assert "Huvudämne 10 Visa 10 ämnen i Huvudämne 10" in heads
    assert re.search(r'href="\?[^"]*"[^>]*>Fäll ihop', html)


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["abc", "999999", "-1"])
def test_an_unknown_main_topic_leaves_every_main_topic_folded(
    client, circle_leader, circle, big, value
):
    client.force_login(circle_leader)
    html, _queries = get(client, f"/cirklar/{circle.uuid}/", {"open": value})
    assert "Fäll ihop" not in html and "Visa 10 ämnen" in html


@pytest.mark.django_db
def test_the_large_report_takes_the_same_few_queries_for_3_and_60_learners(
    client, circle_leader, circle, big
):
    client.force_login(circle_leader)
    url = f"/cirklar/{circle.uuid}/"
    get(client, url)  # the cached headers
    small_folded = get(client, url)[1]
    small_open = get(client, url, {"open": big.pk})[1]
    first_topics = TopicPage.objects.child_of(big)
    for n in range(60):
        user = UserFactory(username=f"extra{n:02d}")
        CircleMembership.objects.create(circle=circle, user=user)
        record(user, activity_for_page(first_topics[n % 9]), "completed")
    # Memberships are rows edited inline in a circle (a snippet): saving them moves
    # the content version on, so the first request builds the columns again.
    get(client, url)
    large_folded = get(client, url)[1]
    large_open = get(client, url, {"open": big.pk})[1]
    assert small_folded == large_folded <= MAX_QUERIES
    assert small_open == large_open <= MAX_QUERIES


@pytest.mark.django_db
def test_the_csv_of_a_large_circle_has_every_learner_and_topic_in_bounded_queries(
    client, circle_leader, circle, learner, big, monkeypatch
):
    monkeypatch.setattr(reports, "EXPORT_CHUNK", 25)
    client.force_login(circle_leader)
    url = f"/cirklar/{circle.uuid}/export.csv"
    get(client, url)  # the cached columns
    body, one_chunk = get(client, url)
    assert len(list(csv.reader(io.StringIO(body), delimiter=";"))) == 2
    for n in range(60):
        CircleMembership.objects.create(
            circle=circle, user=UserFactory(username=f"extra{n:02d}")
        )
    get(client, url)  # the columns again (new memberships move the version on)
    body, three_chunks = get(client, url)
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    topics = TopicPage.objects.live().descendant_of(circle.courses.get()).count()
    assert topics == 64
    assert len(rows) == 62  # the header and 61 learners
    assert all(len(row) == 3 + 2 * topics for row in rows)
    lisa = next(row for row in rows if row[0] == learner.get_username())
    assert lisa.count("Klar") == 3 and lisa.count("Godkänd") == 1
    # One query for the members, one per chunk of 25 for their marks: never one
    # per learner.
    assert three_chunks - one_chunk == 2, (one_chunk, three_chunks)
