import pytest

from progress.models import ActivityProgress
from progress.states import ProgressState
from roleplays import playing
from roleplays.factories import make_scenario
from roleplays.models import ObservedSession
from roleplays.statistics import by_department, scenario_statistics
from users.factories import UserFactory

STEPS = [("start", "Hej", False), ("bra", "Tack", True), ("brott", "Va?", True)]
CHOICES = [
    ("start", "Ringer upp", "bra", (2, 2, 2), False),
    ("start", "Läser ur akten", "brott", (-2, -2, -2), True),
]


@pytest.mark.django_db
def test_a_circle_leader_records_an_observed_session_for_a_member(
    client, circle, circle_leader, learner, placed
):
    scenario = make_scenario(STEPS, CHOICES, live=True)
    topic = placed(scenario)
    client.force_login(circle_leader)
    url = f"/rollspel/{scenario.uuid}/observation/"
    page = client.get(url, {"page": topic.pk}).content.decode()
    assert f'value="{learner.pk}"' in page
    response = client.post(
        url,
        {
            "page": topic.pk,
            "learner": learner.pk,
            "empathy": "2",
            "correctness": "1",
            "routing": "2",
            "notes": "Lugn röst.",
        },
    )
    assert response.status_code == 302
    session = ObservedSession.objects.get()
    assert (session.learner, session.observer, session.empathy) == (
        learner,
        circle_leader,
        2,
    )
    progress = ActivityProgress.objects.get(user=learner)
    assert progress.state == ProgressState.COMPLETED
    assert progress.activity.page_id == topic.pk and session.page_id == topic.pk
    # The observer's points are evidence about the session, not the learner's result:
    # the best score of the call is what the learner scored playing it (none yet).
    assert progress.best_score is None


@pytest.mark.django_db
def test_leaders_score_only_their_own_members_and_learners_none(
    client, circle, circle_leader, other_circle, learner, placed
):
    scenario = make_scenario(STEPS, CHOICES, live=True)
    topic = placed(scenario)
    stranger = other_circle.memberships.get().user
    client.force_login(circle_leader)
    response = client.post(
        f"/rollspel/{scenario.uuid}/observation/",
        {
            "page": topic.pk,
            "learner": stranger.pk,
            "empathy": "0",
            "correctness": "0",
            "routing": "0",
        },
    )
    assert response.status_code == 200 and not ObservedSession.objects.exists()
    client.force_login(learner)
    url = f"/rollspel/{scenario.uuid}/observation/?page={topic.pk}"
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_an_observation_needs_a_page_that_places_the_call(
    client, circle, circle_leader, learner, course
):
    scenario = make_scenario(STEPS, CHOICES, live=True)
    elsewhere = course.get_topics().first()
    client.force_login(circle_leader)
    data = {
        "learner": learner.pk,
        "empathy": "2",
        "correctness": "2",
        "routing": "2",
    }
    url = f"/rollspel/{scenario.uuid}/observation/"
    assert client.post(url, data).status_code == 404
    assert client.post(url, {**data, "page": elsewhere.pk}).status_code == 404
    assert not ObservedSession.objects.exists()


@pytest.mark.django_db
def test_statistics_count_choices_per_step_and_find_the_common_wrong_path(placed):
    scenario = make_scenario(STEPS, CHOICES, live=True, department="Socialtjänst")
    page = placed(scenario)
    for n, position in enumerate([1, 1, 0]):
        attempt = playing.start(scenario, UserFactory(username=f"p{n}"), page)
        playing.choose(attempt, position, "start")
    stats = scenario_statistics(scenario)
    assert stats["attempts"] == 3 and stats["failed"] == 2
    (row,) = stats["steps"]
    assert [(c.text, count) for c, count, _share in row["choices"]] == [
        ("Ringer upp", 1),
        ("Läser ur akten", 2),
    ]
    path, times = stats["wrong_path"]
    assert [c.text for c in path] == ["Läser ur akten"] and times == 2
    assert list(by_department()) == ["Socialtjänst"]


@pytest.mark.django_db
def test_editors_see_the_statistics_pages(client, editor):
    scenario = make_scenario(STEPS, CHOICES, live=True)
    client.force_login(editor)
    assert client.get("/admin/rollspel/statistik/").status_code == 200
    assert (
        "Ringer upp"
        in client.get(f"/admin/rollspel/statistik/{scenario.pk}/").content.decode()
    )
