"""Results: counts, percentages and mean; never below three responses, per course and
per circle, nor by difference; leaders see their own circles; answers are inert."""

import re

import pytest

from users.factories import UserFactory
from users.roles import LEARNER

from .conftest import make_evaluation, respond


def url(evaluation, circle=None):
    query = f"?cirkel={circle.pk}" if circle else ""
    return f"/utvardering/{evaluation.uuid}/resultat/{query}"


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.django_db
def test_the_editor_sees_counts_percentages_and_mean(client, editor, evaluation):
    for values, text in ([5, 4], "Bra"), ([5, 2], "Allt"), ([3, None], ""), ([4], ""):
        respond(evaluation, values, text)
    client.force_login(editor)
    response = client.get(url(evaluation))
    html = response.content.decode()
    text = text_of(html)
    assert response.status_code == 200
    assert "4 svar." in text
    # "Kursen var bra": 5, 5, 3, 4 → 2 × 5 (50 %), 1 × 4 (25 %), 1 × 3 (25 %); mean 4.25
    assert "5. Instämmer helt 2 50 %" in text
    assert "4. Instämmer 1 25 %" in text
    assert "3. Varken eller 1 25 %" in text
    assert "1. Instämmer inte alls 0 0 %" in text
    assert "Medelvärde (1–5) 4,2" in text or "Medelvärde (1–5) 4,3" in text
    # "Lagom lång": 4 and 2 (two answered) → mean 3.0
    assert "Medelvärde (1–5) 3,0" in text
    assert html.count('role="img"') == 2 and html.count("<title id=") == 2
    assert "Instämmer helt: 2 (50 %)" in html  # the chart's text alternative
    assert "<li>Allt</li>" in html and "<li>Bra</li>" in html


@pytest.mark.django_db
def test_two_responses_show_nothing_but_the_minimum(
    client, editor, circle_leader, circle, evaluation
):
    for _ in range(2):
        respond(evaluation, [5, 5], "Hemligt", circle=circle)
    for user, address in (
        (editor, url(evaluation)),
        (circle_leader, url(evaluation, circle)),
    ):
        client.force_login(user)
        html = client.get(address).content.decode()
        assert "Resultat visas när minst 3 har svarat." in html
        assert "<svg" not in html and "<table" not in html
        assert "Hemligt" not in html and "2 svar" not in html


@pytest.mark.django_db
def test_the_minimum_applies_to_each_circle(
    client, editor, circle, other_circle, evaluation
):
    for _ in range(3):
        respond(evaluation, [4], "Från A", circle=circle)
    for _ in range(3):
        respond(evaluation, [2], "Från B", circle=other_circle)
    respond(evaluation, [1], "", circle=other_circle)
    client.force_login(editor)
    html = client.get(url(evaluation, circle)).content.decode()
    assert "3 svar." in text_of(html) and "Från A" in html and "Från B" not in html
    html = client.get(url(evaluation)).content.decode()
    assert "7 svar." in text_of(html)
    # One more circle with two: shown neither alone nor by difference.
    third = make_circle("Cirkel C", evaluation.course)
    for _ in range(2):
        respond(evaluation, [5], "Från C", circle=third)
    html = client.get(url(evaluation, third)).content.decode()
    assert "Resultat visas när minst 3 har svarat." in html and "Från C" not in html


def make_circle(name, course):
    from circles.models import StudyCircle

    circle = StudyCircle(name=name, leader=UserFactory(roles=[LEARNER]))
    circle.courses.set([course])
    circle.save()
    return circle


@pytest.mark.django_db
def test_the_course_total_is_withheld_when_it_would_single_out_by_difference(
    client, editor, circle, evaluation
):
    """Circle A shows 3 responses; with one more outside it, the course total minus
    circle A would be that one person's answers."""
    for _ in range(3):
        respond(evaluation, [4], "", circle=circle)
    respond(evaluation, [1], "Ensam", circle=None)
    client.force_login(editor)
    html = client.get(url(evaluation)).content.decode()
    assert "Resultaten för hela kursen visas inte ännu" in html
    assert "<svg" not in html and "Ensam" not in html
    for _ in range(2):
        respond(evaluation, [2], "", circle=None)
    html = client.get(url(evaluation)).content.decode()
    assert "6 svar." in text_of(html) and "Ensam" in html


@pytest.mark.django_db
def test_a_leader_sees_their_own_circles_only(
    client, learner, circle_leader, circle, other_circle, evaluation
):
    for _ in range(3):
        respond(evaluation, [4], "", circle=circle)
        respond(evaluation, [2], "", circle=other_circle)
    client.force_login(circle_leader)
    response = client.get(url(evaluation))  # their circle, chosen for them
    assert response.status_code == 200 and response.context["circle"] == circle
    assert "Hela kursen" not in response.content.decode()
    assert "Cirkel B" not in response.content.decode()
    assert client.get(url(evaluation, circle)).status_code == 200
    assert client.get(url(evaluation, other_circle)).status_code == 404
    client.force_login(learner)
    assert client.get(url(evaluation)).status_code == 404
    assert client.get(url(evaluation, circle)).status_code == 404


@pytest.mark.django_db
def test_results_never_name_who_answered_an_anonymous_evaluation(
    client, editor, circle_leader, circle, course
):
    named = make_evaluation(course, anonymous=False)
    people = [UserFactory(username=f"p{i}", first_name=f"Person{i}") for i in range(3)]
    for person in people:
        respond(named, [4], f"Svar {person.first_name}", circle=circle, user=person)
    client.force_login(editor)
    html = client.get(url(named)).content.decode()
    assert "Person0" in html  # named evaluations: editors see names
    client.force_login(circle_leader)
    html = client.get(url(named, circle)).content.decode()
    assert "Svar Person0" in html and "– Person0" not in html  # leaders never do
    named.anonymous = True  # made anonymous afterwards: no names either
    named.save()
    client.force_login(editor)
    html = client.get(url(named)).content.decode()
    assert "– Person0" not in html


@pytest.mark.django_db
def test_question_and_answer_text_is_inert_in_the_page_and_the_chart(
    client, editor, course
):
    evil = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    evaluation = make_evaluation(course, statements=[evil + " påstående"], texts=[evil])
    for _ in range(3):
        respond(evaluation, [3], evil)
    client.force_login(editor)
    html = client.get(url(evaluation)).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert "<script" not in svg and "&lt;script&gt;" in svg


@pytest.mark.django_db
def test_the_circle_report_links_to_its_circles_results(
    client, circle_leader, circle, evaluation
):
    client.force_login(circle_leader)
    html = client.get(f"/cirklar/{circle.uuid}/").content.decode()
    assert f"/utvardering/{evaluation.uuid}/resultat/?cirkel={circle.pk}" in html
    assert "Resultat från kursutvärderingen" in html
