"""Every progress state has a rendering of its own, with its name in text, wherever a
state is shown: the mindmap and its legend, the topic page, Min utveckling and the
circle report. (How they look in a browser: tests/browser/test_mindmap_states.py.)"""

import re

import pytest
from django.conf import settings

from courses.models import TopicPage
from progress.activities import activity_for_page
from progress.recording import Result, record
from progress.states import ProgressState

STYLESHEET = (
    settings.BASE_DIR / "ecirkel" / "static" / "ecirkel" / "css" / "ecirkel.css"
)
SWEDISH = {
    "not_started": "Ej påbörjad",
    "started": "Påbörjad",
    "completed": "Klar",
    "passed": "Godkänd",
}


@pytest.fixture
def states(learner, course):
    """The learner has started, completed and passed a topic each of four."""
    for slug, verb in [
        ("vad-ar-kc", "experienced"),
        ("fordelar", "completed"),
        ("nackdelar", "passed"),
    ]:
        result = Result(score=0.75) if verb == "passed" else None
        topic = TopicPage.objects.get(slug=slug)
        record(learner, activity_for_page(topic), verb, result=result)
    return {
        "vad-ar-kc": "started",
        "fordelar": "completed",
        "nackdelar": "passed",
        "forstudie": "not_started",
    }


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_the_stylesheet_gives_every_state_a_look_of_its_own():
    css = STYLESHEET.read_text(encoding="utf-8")
    base = re.search(r"^\.state-dot \{(.*?)\}", css, re.S | re.M).group(1)
    assert "border-radius: 50%" in base  # not started: an empty ring
    for state in ("started", "completed", "passed"):
        rule = re.search(rf"^\.state-dot--{state} \{{(.*?)\}}", css, re.S | re.M)
        assert rule, f"no rule for {state}"
    assert "clip-path" in re.search(
        r"^\.state-dot--passed \{(.*?)\}", css, re.S | re.M
    ).group(1)
    assert re.search(r"^\.state-dot--completed::after \{", css, re.M)


@pytest.mark.django_db
def test_the_mindmap_names_each_state_on_its_node_and_in_the_legend(
    client, learner, course, states
):
    client.force_login(learner)
    html = client.get(course.url).content.decode()
    legend = re.search(r'<ul class="legend".*?</ul>', html, re.S).group(0)
    assert text(legend) == " ".join(SWEDISH[state] for state in ProgressState)
    for slug, state in states.items():
        link = re.search(
            rf'<a class="mindmap__node mindmap__node--{state}" '
            rf'href="[^"]*/{slug}/".*?</a>',
            html,
            re.S,
        )
        assert link, (slug, state)
        assert f"state-dot--{state}" in link.group(0)
        assert f"({SWEDISH[state].lower()})" in text(link.group(0))


@pytest.mark.django_db
def test_the_topic_page_says_when_the_learner_has_passed_it(
    client, learner, course, states
):
    client.force_login(learner)
    passed = client.get(TopicPage.objects.get(slug="nackdelar").url)
    assert "Du är godkänd på det här ämnet." in passed.content.decode()
    assert "state-dot--passed" in passed.content.decode()
    completed = client.get(TopicPage.objects.get(slug="fordelar").url)
    assert "Du är klar med det här ämnet." in completed.content.decode()


@pytest.mark.django_db
def test_min_utveckling_names_each_state_beside_its_symbol(
    client, learner, course, states
):
    client.force_login(learner)
    html = client.get("/min-utveckling/").content.decode()
    for state in states.values():
        cell = re.search(
            rf'<td><span class="state-dot state-dot--{state}".*?</td>', html
        )
        assert cell and SWEDISH[state] in text(cell.group(0)), state


@pytest.mark.django_db
def test_the_circle_report_names_each_state_beside_its_symbol(
    client, circle_leader, circle, states
):
    client.force_login(circle_leader)
    html = client.get(f"/cirklar/{circle.uuid}/").content.decode()
    for state in states.values():
        cell = re.search(
            rf'<td class="matrix__cell matrix__cell--{state}">.*?</td>', html, re.S
        )
        assert cell and f"state-dot--{state}" in cell.group(0), state
        assert text(cell.group(0)).startswith(SWEDISH[state]), state
