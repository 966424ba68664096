import re

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from progress.models import ActivityProgress
from progress.states import ProgressState
from roleplays.factories import make_scenario
from roleplays.models import RoleplayAttempt, Scenario
from roleplays.playing import scaled

STEPS = [
    ("start", "Hej, jag vill prata med min socialsekreterare.", False),
    ("fraga", "Det är bråttom.", False),
    ("bra", "Tack!", True),
    ("brott", "Va?", True),
]
CHOICES = [
    ("start", "Jag ser till att hon ringer upp.", "fraga", (2, 2, 2), False),
    ("start", "Ditt beslut är avslag.", "brott", (-1, -2, -2), True),
    ("fraga", "Jag flaggar det som brådskande.", "bra", (2, 1, 2), False),
]


@pytest.fixture
def scenario():
    return make_scenario(STEPS, CHOICES)


def play(client, scenario, *positions):
    response = client.post(f"/rollspel/{scenario.uuid}/starta/", {"page": ""})
    attempt = RoleplayAttempt.objects.get(uuid=response.url.rstrip("/").split("/")[-1])
    for position in positions:
        client.post(f"/rollspel/forsok/{attempt.uuid}/", {"choice": str(position)})
    attempt.refresh_from_db()
    return attempt


@pytest.mark.django_db
def test_a_good_call_is_scored_recorded_and_feeds_progress(client, learner, scenario):
    client.force_login(learner)
    attempt = play(client, scenario, 0, 0)
    assert attempt.finished and not attempt.broke_rule
    assert attempt.scores == {"empathy": 4, "correctness": 3, "routing": 4}
    assert [entry["step"] for entry in attempt.path] == ["start", "fraga"]
    html = client.get(f"/rollspel/forsok/{attempt.uuid}/").content.decode()
    assert "Du hanterade samtalet." in html
    assert (
        "Jag ser till att hon ringer upp." in html and "Det är bråttom." in html
    )  # transcript
    progress = ActivityProgress.objects.get(user=learner)
    assert progress.state == ProgressState.PASSED
    assert progress.best_score == scaled(attempt.scores, 2)
    assert progress.activity.kind == "roleplay"


@pytest.mark.django_db
def test_breaking_a_rule_fails_the_attempt_whatever_the_score(
    client, learner, scenario
):
    client.force_login(learner)
    attempt = play(client, scenario, 1)
    assert attempt.finished and attempt.broke_rule
    html = client.get(f"/rollspel/forsok/{attempt.uuid}/").content.decode()
    assert "Inte godkänt" in html and "Det här bröt mot en regel." in html
    assert ActivityProgress.objects.get(user=learner).state == ProgressState.COMPLETED


@pytest.mark.django_db
def test_feedback_is_shown_after_each_choice_and_bad_positions_are_ignored(
    client, learner, scenario
):
    client.force_login(learner)
    attempt = play(client, scenario, 0, 7)
    assert attempt.current_step == "fraga" and not attempt.finished
    html = client.get(f"/rollspel/forsok/{attempt.uuid}/").content.decode()
    assert "Återkoppling Jag ser till att hon ringer upp." in html
    assert html.count('name="choice"') == 1


@pytest.mark.django_db
def test_a_finished_attempt_cannot_change_and_a_new_one_restarts(
    client, learner, scenario
):
    client.force_login(learner)
    attempt = play(client, scenario, 1)
    client.post(f"/rollspel/forsok/{attempt.uuid}/", {"choice": "0"})
    attempt.refresh_from_db()
    assert len(attempt.path) == 1
    again = play(client, scenario)
    assert again.pk != attempt.pk and again.current_step == "start"


@pytest.mark.django_db
def test_nobody_opens_another_learners_attempt(client, learner, editor, scenario):
    client.force_login(learner)
    attempt = play(client, scenario)
    client.force_login(editor)
    assert client.get(f"/rollspel/forsok/{attempt.uuid}/").status_code == 404


def card(html, card_id):
    return re.search(
        rf'<section class="card" id="{card_id}".*?</section>', html, re.S
    ).group(0)


@pytest.mark.django_db
def test_each_printed_card_shows_only_what_its_role_may_know(client, learner, scenario):
    client.force_login(learner)
    html = client.get(f"/rollspel/{scenario.uuid}/kort/").content.decode()
    caller, handler, observer = (
        card(html, c) for c in ("caller-card", "handler-card", "observer-card")
    )
    for secret in ("HEMLIGT-MÅL", "HEMLIG-BAKGRUND", "HEMLIG-REPLIK"):
        assert secret in caller and secret not in handler and secret not in observer
    for rule in ("REGEL-SEKRETESS", "ROUTING-EXPERT"):
        assert rule in handler and rule not in caller and rule not in observer
    assert "Bemötande" in observer and "-2 till 2" in observer


@pytest.mark.django_db
def test_the_editor_cannot_publish_a_script_that_never_ends(client, editor, scenario):
    client.force_login(editor)
    base = {
        "title": "Nytt samtal",
        "summary": "S",
        "department": "Allmänt",
        "caller_name": "A",
        "caller_background": "",
        "caller_goal": "G",
        "caller_mood": "M",
        "caller_lines": "",
        "handler_rules": "R",
        "handler_routing": "X",
        "observer_notes": "",
    }
    steps = inline_formset(
        [
            {
                "key": "start",
                "caller_says": "Hej",
                "narration": "",
                "is_end": "",
                "outcome": "",
            },
            {
                "key": "slut",
                "caller_says": "",
                "narration": "",
                "is_end": "on",
                "outcome": "Klart",
            },
        ]
    )
    loop = inline_formset(
        [
            {
                "step_key": "start",
                "text": "Hm",
                "leads_to": "start",
                "feedback": "F",
                "empathy": 0,
                "correctness": 0,
                "routing": 0,
                "breaks_rule": "",
            }
        ]
    )
    url = "/admin/snippets/roleplays/scenario/add/"
    data = nested_form_data({**base, "steps": steps, "choices": loop})
    response = client.post(url, {**data, "action-publish": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ingen väg från starten leder till" in html and "slut" in html
    assert not Scenario.objects.filter(title="Nytt samtal").exists()

    fixed = inline_formset(
        [
            {
                "step_key": "start",
                "text": "Hej då",
                "leads_to": "slut",
                "feedback": "F",
                "empathy": 1,
                "correctness": 1,
                "routing": 1,
                "breaks_rule": "",
            }
        ]
    )
    data = nested_form_data({**base, "steps": steps, "choices": fixed})
    assert client.post(url, {**data, "action-publish": "1"}).status_code == 302
    assert Scenario.objects.get(title="Nytt samtal").live


@pytest.mark.django_db
def test_the_diagram_draws_every_step_and_marks_problems(client, editor):
    broken = make_scenario(
        [("start", "Hej", False), ("ensam", "", True), ("slut", "", True)],
        [("start", "Svar <b>", "slut", (0, 0, 0), False)],
    )
    client.force_login(editor)
    html = client.get(f"/admin/rollspel/{broken.pk}/diagram/").content.decode()
    assert html.count("<rect") == 3
    assert 'stroke="#a4000f"' in html  # "ensam" cannot be reached
    assert "Svar &lt;b&gt;" in html


@pytest.mark.django_db
def test_a_step_can_carry_a_recording_of_the_caller(
    client, learner, scenario, settings, tmp_path
):
    from django.core.files.base import ContentFile
    from wagtailmedia.models import get_media_model

    settings.MEDIA_ROOT = tmp_path
    audio = get_media_model().objects.create(
        title="Replik", type="audio", file=ContentFile(b"ID3", name="replik.mp3")
    )
    step = scenario.steps.get(key="start")
    step.audio = audio
    step.save()
    client.force_login(learner)
    attempt = play(client, scenario)
    html = client.get(f"/rollspel/forsok/{attempt.uuid}/").content.decode()
    assert re.search(
        r'<audio controls preload="none" src="[^"]+replik[^"]*\.mp3"', html
    )
