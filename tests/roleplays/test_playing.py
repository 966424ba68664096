import re

import pytest
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from progress.models import ActivityProgress
from progress.states import ProgressState
from roleplays.factories import make_scenario
from roleplays.models import RoleplayAttempt, Scenario
from roleplays.playing import scaled
from tests.conftest import place_on_topic

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


def start(client, scenario):
    """Start the call from a topic that places it (made on first use)."""
    parent = Page.objects.filter(depth=2).first() or Page.get_first_root_node()
    page = place_on_topic(parent, scenario, "roleplay", "scenario")
    response = client.post(f"/rollspel/{scenario.uuid}/starta/", {"page": page.pk})
    assert response.status_code == 302
    return RoleplayAttempt.objects.get(uuid=response.url.rstrip("/").split("/")[-1])


def choose(client, attempt, position):
    """Answer the step the learner sees now (the form carries it)."""
    attempt.refresh_from_db()
    return client.post(
        f"/rollspel/forsok/{attempt.uuid}/",
        {"choice": str(position), "step": attempt.current_step},
    )


def play(client, scenario, *positions):
    attempt = start(client, scenario)
    for position in positions:
        choose(client, attempt, position)
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
    assert "Du hanterade samtalet: 96 % av poängen (60 % krävs)." in html
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
    client.post(f"/rollspel/forsok/{attempt.uuid}/", {"choice": "0", "step": "brott"})
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
    page = place_on_topic(
        Page.objects.filter(depth=2).first() or Page.get_first_root_node(),
        scenario,
        "roleplay",
        "scenario",
    )
    html = client.get(
        f"/rollspel/{scenario.uuid}/kort/?page={page.pk}"
    ).content.decode()
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
        "pass_mark": "60",
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
    listing = client.get("/admin/snippets/roleplays/scenario/").content.decode()
    url = f"/admin/snippets/roleplays/scenario/diagram/{broken.pk}/"
    assert f'href="{url}"' in listing
    html = client.get(url).content.decode()
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


@pytest.mark.django_db
def test_a_double_click_makes_one_move_and_cannot_end_the_call_blind(
    client, learner, scenario
):
    client.force_login(learner)
    attempt = start(client, scenario)
    url = f"/rollspel/forsok/{attempt.uuid}/"
    # Two identical POSTs for the first step, as a double click sends them.
    for _ in range(2):
        client.post(url, {"choice": "0", "step": "start"})
    attempt.refresh_from_db()
    assert attempt.path == [{"step": "start", "choice": attempt.path[0]["choice"]}]
    assert attempt.current_step == "fraga" and not attempt.finished
    html = client.get(url).content.decode()
    assert "tidigare" in html  # the learner is told the second click did not count


@pytest.mark.django_db
def test_a_choice_without_its_step_is_refused(client, learner, scenario):
    client.force_login(learner)
    attempt = start(client, scenario)
    client.post(f"/rollspel/forsok/{attempt.uuid}/", {"choice": "0"})
    attempt.refresh_from_db()
    assert attempt.path == [] and attempt.current_step == "start"


@pytest.mark.django_db
def test_a_call_starts_only_from_a_visible_page_that_places_it(
    client, learner, scenario, course, private_course
):
    other = make_scenario(STEPS, CHOICES, live=True)
    elsewhere = place_on_topic(course, other, "roleplay", "scenario")
    client.force_login(learner)
    url = f"/rollspel/{scenario.uuid}/starta/"
    for page in ["", "abc", "999999", str(elsewhere.pk)]:
        assert client.post(url, {"page": page}).status_code == 404
    assert not RoleplayAttempt.objects.exists()
    placed = place_on_topic(course, scenario, "roleplay", "scenario")
    client.logout()
    outsider = client.post(url, {"page": placed.pk})
    assert outsider.status_code == 302 and "/konto/" in outsider.url
    assert not RoleplayAttempt.objects.exists()


@pytest.mark.django_db
def test_a_call_reused_in_two_courses_counts_in_each(
    client, learner, scenario, catalog
):
    from courses.factories import CoursePageFactory

    first = CoursePageFactory(parent=catalog, slug="kurs-a")
    second = CoursePageFactory(parent=catalog, slug="kurs-b")
    pages = [
        place_on_topic(c, scenario, "roleplay", "scenario") for c in (first, second)
    ]
    client.force_login(learner)
    for page in pages:
        response = client.post(f"/rollspel/{scenario.uuid}/starta/", {"page": page.pk})
        attempt = RoleplayAttempt.objects.get(
            uuid=response.url.rstrip("/").split("/")[-1]
        )
        choose(client, attempt, 0)
        choose(client, attempt, 0)
    summaries = ActivityProgress.objects.filter(user=learner).select_related("activity")
    assert {(p.activity.course_id, p.state) for p in summaries} == {
        (first.pk, ProgressState.PASSED),
        (second.pk, ProgressState.PASSED),
    }


@pytest.mark.django_db
def test_cards_follow_the_privacy_of_the_page_that_places_the_call(
    client, learner, scenario, course
):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    page = place_on_topic(course, scenario, "roleplay", "scenario")
    restriction = PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Socialtjänsten"))
    client.force_login(learner)
    url = f"/rollspel/{scenario.uuid}/kort/"
    assert client.get(url).status_code == 404  # no page named
    assert client.get(url, {"page": page.pk}).status_code == 404
    # A learner outside the group learns nothing, not even that the call exists.
    assert (
        client.post(f"/rollspel/{scenario.uuid}/starta/", {"page": page.pk}).status_code
        == 404
    )


@pytest.mark.django_db
def test_learners_are_not_offered_the_leaders_observation_link(
    client, learner, scenario, course
):
    page = place_on_topic(course, scenario, "roleplay", "scenario")
    client.force_login(learner)
    html = client.get(f"/rollspel/{scenario.uuid}/kort/", {"page": page.pk})
    assert "/observation/" not in html.content.decode()


@pytest.mark.django_db
def test_shuffled_answers_keep_their_order_on_reload_and_count_the_one_shown(
    client, learner, course
):
    scenario = make_scenario(STEPS, CHOICES, live=True, shuffle_choices=True)
    orders = set()
    for _ in range(12):
        attempt = start(client_for_learner(client, learner), scenario)
        url = f"/rollspel/forsok/{attempt.uuid}/"
        first = re.findall(
            r'lang="sv">([^<]+)</button>', client.get(url).content.decode()
        )
        again = re.findall(
            r'lang="sv">([^<]+)</button>', client.get(url).content.decode()
        )
        assert first == again
        orders.add(tuple(first))
        # The position the learner clicks is the answer they saw there.
        client.post(url, {"choice": "0", "step": "start"})
        attempt.refresh_from_db()
        chosen = scenario.choices.get(pk=attempt.path[0]["choice"])
        assert chosen.text == first[0]
    assert len(orders) == 2  # both orders occur over a dozen attempts


def client_for_learner(client, learner):
    client.force_login(learner)
    return client
