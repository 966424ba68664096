"""Every learner page that shows shared content shows this installation's values
where the content says [[telefon]]: escaped, line breaks kept, a missing fact as
its description (learners) or its placeholder (editors)."""

import json

import pytest
from django.utils.html import escape

from evaluations.models import Evaluation, Invitation, Question
from lectures.models import Cue
from quizzes.factories import make_question, make_quiz
from roleplays.factories import make_scenario
from tests.conftest import place_on_topic
from tests.quizzes.test_taking import start as start_quiz
from tests.roleplays.test_playing import choose
from tests.roleplays.test_playing import start as start_call

from .conftest import PHONE

MENU_HTML = "1. Äldreomsorg<br>2. Socialtjänst<br>9. Allmänna frågor"


def text_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def topic(course, facts):
    """A topic whose every block names local facts."""
    body = [
        {"type": "heading", "value": {"text": "Ring [[telefon]]", "level": "h2"}},
        {"type": "paragraph", "value": "<p>Talsvaret:</p><p>[[talsvar]]</p>"},
        {
            "type": "fact_box",
            "value": {
                "title": "Kontakt i [[kommun]]",
                "text": "<p>Mejla [[epost]]</p>",
                "figures": [{"value": "[[telefon]]", "label": "i [[kommun]]"}],
            },
        },
        {
            "type": "quote",
            "value": {"text": "Vi svarar på [[telefon]].", "attribution": "[[kommun]]"},
        },
        {
            "type": "further_reading",
            "value": {
                "title": "Läs mer om [[kommun]]",
                "links": [
                    {
                        "title": "Webbplatsen för [[kommun]]",
                        "page": None,
                        "url": "https://exempel.example/",
                        "description": "Telefon [[telefon]]",
                    }
                ],
            },
        },
    ]
    course.intro = "<p>En kurs för [[kommun]].</p>"
    course.audience = "Medarbetare i [[kommun]]"
    course.save_revision().publish()
    topic = course.get_children().first().specific
    topic.summary = "Numret är [[telefon]]."
    topic.body = json.dumps(body)
    topic.save_revision().publish()
    return topic


@pytest.mark.django_db
def test_a_topic_shows_the_local_values_in_every_block(client, learner, topic):
    client.force_login(learner)
    html = text_of(client.get(topic.url))
    assert "[[" not in html
    assert f"<h2>Ring {PHONE}</h2>" in html
    assert f"<p>{MENU_HTML}</p>" in html
    assert 'aria-label="Kontakt i Exempelkommun"' in html
    assert '<p class="fact-box__title">Kontakt i Exempelkommun</p>' in html
    assert f"<dt>{PHONE}</dt><dd>i Exempelkommun</dd>" in html
    assert f'<p class="lead">Numret är {PHONE}.</p>' in html
    assert f"<p>Vi svarar på {PHONE}.</p>" in html
    assert "<figcaption>Exempelkommun</figcaption>" in html
    assert "<h2>Läs mer om Exempelkommun</h2>" in html
    assert f"Webbplatsen för Exempelkommun</a> – Telefon {PHONE}" in html
    # The e-mail address is not filled in: learners read its description.
    assert (
        '<span class="localfact localfact--missing" data-localfact="epost">'
        "kontaktcentrets e-postadress</span>"
    ) in html


@pytest.mark.django_db
def test_the_course_page_and_catalog_show_the_local_values(client, learner, topic):
    client.force_login(learner)
    course = topic.get_parent().specific
    html = text_of(client.get(course.url))
    assert "<p>En kurs för Exempelkommun.</p>" in html
    assert "Medarbetare i Exempelkommun" in html
    assert "[[" not in html
    catalog = text_of(client.get("/"))
    assert "En kurs för Exempelkommun." in catalog
    assert "[[" not in catalog


@pytest.mark.django_db
def test_an_editor_sees_unfilled_facts_as_marked_placeholders(client, editor, topic):
    client.force_login(editor)
    html = text_of(client.get(topic.url))
    assert (
        '<mark class="localfact localfact--missing" data-localfact="epost">'
        "[[epost]]</mark>"
    ) in html
    assert f"<h2>Ring {PHONE}</h2>" in html


@pytest.mark.django_db
def test_a_value_with_markup_is_shown_as_text(client, learner, topic, facts):
    facts.telefon = '<script>alert("hej")</script>'
    facts.save()
    client.force_login(learner)
    html = text_of(client.get(topic.url))
    assert '<script>alert("hej")' not in html
    assert escape('<script>alert("hej")</script>') in html


@pytest.mark.django_db
def test_the_page_preview_shows_unfilled_facts_as_placeholders(client, editor, topic):
    client.force_login(editor)
    # Wagtail's preview of the saved draft (request.is_preview).
    response = client.get(f"/admin/pages/{topic.pk}/view_draft/")
    html = text_of(response)
    assert '<mark class="localfact localfact--missing" data-localfact="epost">' in html


@pytest.mark.django_db
def test_a_lecture_shows_the_values_in_its_texts_and_transcript(
    client, learner, lecture, facts
):
    lecture.summary = "Ring [[telefon]]."
    lecture.description = "<p>Frågor? [[kommun]] svarar.</p>"
    lecture.save_revision().publish()
    chapter = lecture.chapters.first()
    chapter.title = "Talsvaret i [[kommun]]"
    chapter.save()
    cue = Cue.objects.filter(track__page=lecture).order_by("position").first()
    cue.text = "Välj i talsvaret:\n[[talsvar]]"
    cue.save()
    client.force_login(learner)
    html = text_of(client.get(lecture.url))
    assert f"Ring {PHONE}." in html
    assert "<p>Frågor? Exempelkommun svarar.</p>" in html
    assert "Talsvaret i Exempelkommun</a>" in html
    cue_text = f"Välj i talsvaret:<br>{MENU_HTML}"
    assert f'<span class="transcript__text">{cue_text}</span>' in html


@pytest.mark.django_db
def test_a_quiz_shows_the_values_in_every_text(client, learner, course, facts):
    question = make_question(
        "single",
        "Vilket nummer ringer man till [[kommun]]?",
        options=["[[telefon]]", "112"],
        right=["[[telefon]]"],
        explanation="[[kommun]] svarar på [[telefon]].",
    )
    choice = question.choices.get(text="[[telefon]]")
    choice.feedback = "Rätt: [[telefon]]."
    choice.save()
    matching = make_question(
        "matching",
        "Para ihop.",
        options=["Äldreomsorg", "Allmänt"],
        matches=["val 1 hos [[kommun]]", "val 9 hos [[kommun]]"],
    )
    quiz = make_quiz(
        [question, matching],
        shuffle_options=False,
        shuffle_questions=False,
        intro="Talsvaret hos [[kommun]]:\n[[talsvar]]",
    )
    topic = place_on_topic(course, quiz, "quiz", "quiz")
    client.force_login(learner)
    block = text_of(client.get(topic.url))
    assert f"<p>Talsvaret hos Exempelkommun:<br>{MENU_HTML}</p>" in block
    attempt = start_quiz(client, quiz, topic)
    html = text_of(client.get(f"/quiz/forsok/{attempt.uuid}/"))
    assert "Vilket nummer ringer man till Exempelkommun?" in html
    assert f'lang="sv">{PHONE}</label>' in html
    assert ">val 1 hos Exempelkommun</option>" in html
    assert "[[" not in html
    client.post(f"/quiz/forsok/{attempt.uuid}/", {"q0": "0", "submit": "1"})
    result = text_of(client.get(f"/quiz/forsok/{attempt.uuid}/"))
    assert f"Rätt: {PHONE}." in result
    assert f"Exempelkommun svarar på {PHONE}." in result
    assert "val 1 hos Exempelkommun" in result
    assert "[[" not in result


STEPS = [
    ("start", "Vad har ni för nummer i [[kommun]]?", False),
    ("slut", "Tack, då ringer jag [[telefon]].", True),
]
CHOICES = [("start", "Ring [[telefon]].", "slut", (2, 2, 2), False)]


@pytest.mark.django_db
def test_a_practice_call_shows_the_values_in_every_text(client, learner, facts):
    scenario = make_scenario(
        STEPS,
        CHOICES,
        summary="En invånare i [[kommun]] frågar.",
        caller_goal="Få numret till [[kommun]].",
        caller_lines="Vilket nummer?\nÄr det [[telefon]]?",
        handler_routing="Talsvaret:\n[[talsvar]]",
        handler_rules="Ge numret [[telefon]].",
        observer_notes="Sade hen [[telefon]]?",
    )
    step = scenario.steps.get(key="start")
    step.narration = "Det ringer i [[kommun]]."
    step.save()
    end = scenario.steps.get(key="slut")
    end.outcome = "Invånaren ringer [[telefon]]."
    end.save()
    choice = scenario.choices.first()
    choice.feedback = "Bra, [[telefon]] är rätt."
    choice.save()
    client.force_login(learner)
    attempt = start_call(client, scenario)
    html = text_of(client.get(f"/rollspel/forsok/{attempt.uuid}/"))
    assert "En invånare i Exempelkommun frågar." in html
    assert "Vad har ni för nummer i Exempelkommun?" in html
    assert "<em>Det ringer i Exempelkommun.</em>" in html
    assert f'lang="sv">Ring {PHONE}.</button>' in html
    assert "[[" not in html
    choose(client, attempt, 0)
    done = text_of(client.get(f"/rollspel/forsok/{attempt.uuid}/"))
    assert f"Tack, då ringer jag {PHONE}." in done
    assert f"Invånaren ringer {PHONE}." in done
    assert f"Bra, {PHONE} är rätt." in done
    assert "[[" not in done
    cards = text_of(
        client.get(f"/rollspel/{scenario.uuid}/kort/?page={attempt.page_id}")
    )
    assert "Få numret till Exempelkommun." in cards
    assert f"<li>Är det {PHONE}?</li>" in cards
    assert f"<p>Talsvaret:<br>{MENU_HTML}</p>" in cards
    assert f"<li>Ge numret {PHONE}.</li>" in cards
    assert f"<li>☐ Sade hen {PHONE}?</li>" in cards
    assert "[[" not in cards


@pytest.mark.django_db
def test_a_course_evaluation_shows_the_values(client, learner, course, facts):
    evaluation = Evaluation(
        course=course,
        title="Kursutvärdering",
        introduction="Hjälp oss i [[kommun]].",
    )
    evaluation.questions = [
        Question(kind=Question.Kind.LIKERT, text="Jag vet numret [[telefon]]"),
        Question(kind=Question.Kind.TEXT, text="Vad saknar du i [[kommun]]?"),
    ]
    evaluation.save()
    Invitation.objects.create(evaluation=evaluation, user=learner)
    client.force_login(learner)
    html = text_of(client.get(f"/utvardering/{evaluation.uuid}/"))
    assert "Hjälp oss i Exempelkommun." in html
    assert f"<legend>Jag vet numret {PHONE}" in html
    assert "Vad saknar du i Exempelkommun?" in html
    assert "[[" not in html


@pytest.mark.django_db
def test_search_snippets_show_the_values(client, learner, topic):
    client.force_login(learner)
    html = text_of(client.get("/sok/", {"q": "numret"}))
    assert f"Numret är {PHONE}" in html.replace("<mark>", "").replace("</mark>", "")
    assert "[[telefon]]" not in html


@pytest.mark.django_db
def test_a_block_rendered_without_a_request_shows_the_default_sites_values(topic):
    """Wagtail renders a block without context too (``block.render()``): then the
    default site's facts, as a learner sees them."""
    html = "".join(str(block.render()) for block in topic.body)
    assert f"<h2>Ring {PHONE}</h2>" in html
    assert 'aria-label="Kontakt i Exempelkommun"' in html
    assert "kontaktcentrets e-postadress" in html


@pytest.mark.django_db
def test_text_without_placeholders_reads_no_facts(rf, django_assert_num_queries):
    from django.template import Context, Template

    template = Template("{% load localfacts %}{{ text|localfacts:request }}")
    with django_assert_num_queries(0):
        out = template.render(Context({"text": "<b>Hej</b>", "request": rf.get("/")}))
    assert out == "&lt;b&gt;Hej&lt;/b&gt;"


@pytest.mark.django_db
def test_the_kept_transcript_follows_the_facts_and_who_reads_it(
    client, learner, editor, lecture, facts
):
    """lectures' transcript is rendered once and kept: by the facts' values and by
    whether the reader fills them in, so each sees their own."""
    cue = Cue.objects.filter(track__page=lecture).order_by("position").first()
    cue.text = "Ring [[telefon]] eller mejla [[epost]]."
    cue.save()  # (publishing would read the cues from the caption file again)

    client.force_login(learner)
    assert f"Ring {PHONE} eller mejla" in text_of(client.get(lecture.url))
    client.force_login(editor)
    editor_html = text_of(client.get(lecture.url))
    assert 'data-localfact="epost">[[epost]]</mark>' in editor_html
    client.force_login(learner)
    learner_html = text_of(client.get(lecture.url))
    assert "[[epost]]" not in learner_html

    facts.telefon = "08-123 45 67"
    facts.save()
    assert "Ring 08-123 45 67 eller mejla" in text_of(client.get(lecture.url))
