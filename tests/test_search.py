"""Site search finds every kind of learner content the visitor may view, links a quiz
or practice call to the topic that places it, never searches what could give away an
answer, and shows the matching words in context, escaped."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from courses.factories import TopicPageFactory
from quizzes.factories import make_question, make_quiz
from roleplays.factories import make_scenario
from tests.conftest import place_on_topic

STEPS = [
    ("start", "Hej, det är Karin. Min hemtjänst kom inte i morse.", False),
    ("slut", "Tack, då väntar jag.", True),
]
CHOICES = [
    ("start", "HEMLIGT-SVAR: jag ringer samordnaren.", "slut", (2, 2, 2), False),
]


def results(html: str) -> list[str]:
    """Each hit as text: tags removed, white space folded."""
    return [
        " ".join(re.sub(r"<[^>]+>", " ", hit).split())
        for hit in re.findall(r'<li class="search-result">(.*?)</li>', html, re.S)
    ]


def search(client, query: str) -> str:
    response = client.get("/sok/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def retitled(topic, title):
    """The topic under a title of its own (place_on_topic names it after the call)."""
    topic.title, topic.summary = title, f"Om {title.lower()}."
    topic.save()
    return topic


@pytest.fixture
def call(course):
    scenario = make_scenario(
        STEPS,
        CHOICES,
        title="Äldre direkt: hemtjänsten kom inte",
        summary="En äldre kvinna ringer: hemtjänsten har inte kommit.",
    )
    topic = place_on_topic(course, scenario, "roleplay", "scenario", slug="aldre")
    return scenario, retitled(topic, "Medborgarservice")


@pytest.fixture
def quiz(course):
    question = make_question(
        text="Vilket val gäller FRAGETEXT?",
        options=["1 Äldreomsorg", "4 Bygg"],
        right=["4 Bygg"],
    )
    question.choices.update(feedback="ALTERNATIVRESPONS")
    quiz = make_quiz(
        [question],
        title="Talsvaret",
        intro="Vart går samtalet om trygghetslarmet? Fråga en handläggare.",
    )
    topic = place_on_topic(course, quiz, "quiz", "quiz", slug="talsvar")
    return quiz, retitled(topic, "Organisation av KC")


@pytest.mark.django_db
def test_hemtjanst_finds_the_practice_call_and_links_to_its_topic(client, call):
    scenario, topic = call
    html = search(client, "hemtjänst")
    hits = results(html)
    assert len(hits) == 1
    assert hits[0].startswith("Övningssamtal: Äldre direkt: hemtjänsten kom inte")
    assert f"i ämnet {topic.title}" in hits[0]
    assert f'href="/testkurs/aldre/#roleplay-{scenario.pk}"' in html
    # The matching words in context, marked.
    assert "Äldre direkt: <mark>hemtjänsten</mark> kom inte" in html
    assert "hemtjänsten</mark> har inte kommit" in html


@pytest.mark.django_db
def test_what_the_caller_says_is_searched(client, call):
    scenario, _topic = call
    html = search(client, "morse")
    assert f"#roleplay-{scenario.pk}" in html
    assert "Min hemtjänst kom inte i <mark>morse</mark>." in html


@pytest.mark.django_db
def test_a_hit_on_a_later_line_shows_no_more_than_the_opening(client, call):
    """The end of a call is what the learner is to find out by playing it: a search
    for a word of the last line finds the call but shows only its opening."""
    scenario, _topic = call
    html = search(client, "väntar")
    assert f"#roleplay-{scenario.pk}" in html
    assert "då väntar jag" not in html and "Min hemtjänst kom inte i morse." in html


@pytest.mark.django_db
def test_an_edited_line_is_found_at_once_and_the_old_one_no_longer(client, call):
    scenario, _topic = call
    scenario = type(scenario).objects.get(pk=scenario.pk)
    steps = list(scenario.steps.all())
    steps[0].caller_says = "Hej, det är Karin. Ingen har skottat snön."
    scenario.steps = steps  # as the admin's form sets them, then saves
    scenario.save()
    assert len(results(search(client, "skottat"))) == 1
    assert results(search(client, "morse")) == []


@pytest.mark.django_db
def test_a_quiz_is_found_by_its_introduction_and_links_to_its_topic(client, quiz):
    quiz, _topic = quiz
    html = search(client, "trygghetslarmet")
    assert results(html)[0].startswith("Quiz: Talsvaret i ämnet")
    assert f'href="/testkurs/talsvar/#quiz-{quiz.pk}"' in html
    assert "om <mark>trygghetslarmet</mark>?" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "secret", ["FRAGETEXT", "ALTERNATIVRESPONS", "HEMLIGT-SVAR", "HEMLIG-REPLIK"]
)
def test_questions_options_feedback_and_the_handlers_answers_are_not_searched(
    client, quiz, call, secret
):
    # Question text, option feedback, the handler's choices and the caller's card
    # could tell which answer is right: they are never searched or shown.
    html = search(client, secret)
    assert results(html) == []
    assert secret not in html.split('<p role="status">', 1)[1]


@pytest.mark.django_db
def test_an_unpublished_quiz_or_one_placed_nowhere_is_not_found(client, course):
    draft = make_quiz([], title="Utkastquiz om larm")
    draft.live = False
    draft.save()
    place_on_topic(course, draft, "quiz", "quiz")
    make_quiz([], title="Oplacerat quiz om larm")
    hits = results(search(client, "larm"))
    assert [hit for hit in hits if hit.startswith("Quiz")] == []


@pytest.mark.django_db
def test_a_quiz_the_live_page_no_longer_places_is_not_found(client, quiz):
    quiz, topic = quiz
    topic.body = "[]"
    topic.save_revision()  # a draft without the quiz; the live page still has it
    assert len(results(search(client, "trygghetslarmet"))) == 1
    topic.save_revision().publish()
    assert results(search(client, "trygghetslarmet")) == []


@pytest.mark.django_db
def test_a_login_only_course_is_searched_only_for_those_logged_in(
    client, learner, private_course, call, quiz
):
    for query in ("hemtjänst", "trygghetslarmet", "Förstudie"):
        assert results(search(client, query)) == []
    client.force_login(learner)
    assert len(results(search(client, "hemtjänst"))) == 1
    assert len(results(search(client, "trygghetslarmet"))) == 1
    assert len(results(search(client, "Förstudie"))) == 1


@pytest.mark.django_db
def test_a_group_only_topic_is_hidden_from_learners_outside_the_group(
    client, learner, course, call
):
    _scenario, topic = call
    group = Group.objects.create(name="Äldreomsorgen")
    restriction = PageViewRestriction.objects.create(
        page=topic, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([group])
    client.force_login(learner)
    assert results(search(client, "hemtjänst")) == []
    assert results(search(client, "Medborgarservice")) == []  # nor the topic
    learner.groups.add(group)
    assert len(results(search(client, "hemtjänst"))) == 1


@pytest.mark.django_db
def test_a_page_hit_shows_the_text_around_the_match(client, course):
    filler = " ".join(["Ett kontaktcenter svarar på frågor."] * 12)
    TopicPageFactory(
        parent=course,
        title="Telefontider",
        slug="telefontider",
        summary="När svarar vi?",
        body=(
            '[{"type": "paragraph", "value": "<p>'
            + filler
            + ' Bygglovsenheten har telefontid 8&ndash;9.</p>"}]'
        ),
    )
    html = search(client, "telefontid")
    (hit,) = [h for h in results(html) if h.startswith("Telefontider")]
    assert "… " in hit and "Bygglovsenheten har telefontid 8–9." in hit
    assert "<mark>telefontid</mark> 8–9." in html
    assert "&ndash;" not in hit


@pytest.mark.django_db
def test_markup_in_titles_and_text_is_shown_as_text_never_run(client, course):
    scenario = make_scenario(
        STEPS,
        CHOICES,
        title="<script>alert('titel')</script> hemtjänst",
        summary="<img src=x onerror=alert(1)> om hemtjänst",
    )
    place_on_topic(course, scenario, "roleplay", "scenario", slug="xss")
    html = search(client, "hemtjänst")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert (
        "&lt;script&gt;alert(&#x27;titel&#x27;)&lt;/script&gt; <mark>hemtjänst" in html
    )
    assert "&lt;img src=x onerror=alert(1)&gt; om <mark>hemtjänst</mark>" in html


@pytest.mark.django_db
def test_a_query_that_looks_like_markup_is_echoed_as_text(client, call):
    html = search(client, "<script>hemtjänst</script>")
    assert 'value="&lt;script&gt;hemtjänst&lt;/script&gt;"' in html
    assert "<script>hemtjänst" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"hemtjänst',
        "(",
        "AND OR NOT",
        "NEAR(a b)",
        "*",
        "hemtj*",
        "-hemtjänst",
        "x' OR 1=1 --",
        "a\x00b",
        "ärende^2",
        "ö" * 5000,
        "%",
        "\\",
    ],
)
def test_hostile_queries_get_an_answer_not_an_error(client, call, query):
    response = client.get("/sok/", {"q": query})
    assert response.status_code == 200
    assert "träff" in response.content.decode()


@pytest.mark.django_db
def test_a_lecture_moment_shows_what_is_said_with_the_match_marked(client, lecture):
    html = search(client, "kontaktcenter")
    assert "?t=" in html
    assert re.search(r"“[^”]*<mark>[Kk]ontaktcenter\w*</mark>", html)


@pytest.mark.django_db
def test_search_speaks_english_when_english_is_chosen(client, call, quiz):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = search(client, "hemtjänst")
    assert "Quizzes and practice calls" in html
    assert results(html)[0].startswith("Practice call: Äldre direkt")
    assert "in the topic" in html


@pytest.mark.django_db
def test_on_postgresql_swedish_word_forms_find_each_other(client, quiz):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("Swedish stemming is PostgreSQL's full-text search")
    html = search(client, "handläggaren")  # the intro says "handläggare"
    assert "Fråga en <mark>handläggare</mark>." in html
