"""Editors see which local facts a course uses and which are unfilled: the report
"Lokala uppgifter i kurser" and a warning on a page's edit view."""

import json

import pytest

from evaluations.models import Evaluation, Question
from localfacts.facts import current
from localfacts.models import LocalFact
from localfacts.usage import course_usage
from quizzes.factories import make_question, make_quiz
from roleplays.factories import make_scenario
from tests.conftest import place_on_topic

REPORT = "/admin/lokala-uppgifter/"


@pytest.fixture
def used(course, facts):
    """A course whose pages, drafts and placed content use local facts."""
    topic = course.get_children().first().specific
    topic.body = json.dumps(
        [
            {
                "type": "paragraph",
                "value": "<p>Ring [[telefon]] eller besök [[medborgarkontor]].</p>",
            }
        ]
    )
    topic.save_revision().publish()
    # A draft not yet published also counts: the editor is writing it.
    draft = topic.get_latest_revision_as_object()
    draft.summary = "Öppet [[oppettider]]."
    draft.save_revision()
    drawn = make_question("single", "Vad heter [[bygglov_telefon]]?", tags=["Talsval"])
    quiz = make_quiz(
        [make_question("single", "Vilket val? [[talsvar]]")],
        draws=[("Talsval", 1)],
        intro="Om [[kommun]].",
    )
    place_on_topic(course, quiz, "quiz", "quiz")
    scenario = make_scenario(
        [("start", "Hej", False), ("slut", "Hej då", True)],
        [("start", "Ring [[epost_bygg]].", "slut", (1, 1, 1), False)],
    )
    place_on_topic(course, scenario, "roleplay", "scenario")
    evaluation = Evaluation(course=course, title="Utvärdering", introduction="")
    evaluation.questions = [
        Question(kind=Question.Kind.TEXT, text="Hittade du [[webbplats]]?")
    ]
    evaluation.save()
    return {"topic": topic, "quiz": quiz, "scenario": scenario, "drawn": drawn}


@pytest.mark.django_db
def test_usage_finds_facts_in_pages_drafts_and_the_content_placed_on_them(course, used):
    usage = course_usage(course)
    assert usage.names == [
        "bygglov_telefon",  # a question the quiz may draw by tag (a hook)
        "epost_bygg",  # a practice call's choice (an inline row)
        "kommun",  # the quiz's introduction (a referenced snippet)
        "medborgarkontor",
        "oppettider",  # only in a draft
        "talsvar",  # a fixed question of the quiz (referenced by the quiz)
        "telefon",
        "webbplats",  # the course's evaluation (a snippet referring to the course)
    ]
    assert usage.where["telefon"] == {used["topic"].title}
    assert [where for where in usage.where["talsvar"] if "Vilket val?" in where]
    facts = current(course.get_site())
    assert usage.unfilled(facts) == [
        "epost_bygg",
        "medborgarkontor",
        "oppettider",
        "webbplats",
    ]


@pytest.mark.django_db
def test_the_report_lists_each_courses_facts_with_the_unfilled_ones_marked(
    client, editor, course, used
):
    client.force_login(editor)
    response = client.get(REPORT)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lokala uppgifter i kurser" in html
    assert course.title in html
    assert "4 uppgifter som kursen använder är inte ifyllda." in html
    assert html.count('class="localfacts-report__unfilled"') == 4
    assert "<code>[[telefon]]</code>" in html and "08-465 004 00" in html
    assert "Okänd: uppgiften finns inte i den här installationen" in html  # epost_bygg
    assert "Inte ifylld" in html  # medborgarkontor, a known fact
    assert f"/admin/settings/localfacts/localfacts/{course.get_site().pk}/" in html
    one = client.get(REPORT, {"course": course.pk}).content.decode()
    assert "Visa alla kurser" in one


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["learner", "circle_leader"])
def test_only_editors_open_the_report(client, who, request, course):
    client.force_login(request.getfixturevalue(who))
    response = client.get(REPORT)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_the_course_edit_view_warns_about_unfilled_facts(client, editor, course, used):
    client.force_login(editor)
    html = client.get(f"/admin/pages/{course.pk}/edit/").content.decode()
    assert (
        "Kursen använder lokala uppgifter som inte är ifyllda i den här "
        "installationen: [[epost_bygg]], [[medborgarkontor]], [[oppettider]], "
        "[[webbplats]]."
    ) in html
    assert f"{REPORT}?course={course.pk}" in html
    topic = client.get(f"/admin/pages/{used['topic'].pk}/edit/").content.decode()
    assert (
        "Sidan använder lokala uppgifter som inte är ifyllda i den här "
        "installationen: [[medborgarkontor]], [[oppettider]]."
    ) in topic


@pytest.mark.django_db
def test_no_warning_once_every_fact_is_filled_in(client, editor, course, used, facts):
    facts.medborgarkontor = "Stortorget 1"
    facts.oppettider = "8–17"
    facts.webbplats = "https://exempel.example/"
    facts.save()
    LocalFact.objects.create(
        setting=facts, name="epost_bygg", value="bygg@exempel.example"
    )
    client.force_login(editor)
    html = client.get(f"/admin/pages/{course.pk}/edit/").content.decode()
    assert "som inte är ifyll" not in html
    report = client.get(REPORT).content.decode()
    assert "Alla uppgifter som kursen använder är ifyllda." in report
