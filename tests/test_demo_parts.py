"""`load_demo` composes the demo parts each app keeps beside its own code."""

from dataclasses import replace

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from circles.models import StudyCircle
from courses.models import DemoRecord, TopicPage
from ecirkel import demo
from ecirkel.demo import DemoLoader, DemoPart, in_order, registered_parts
from lectures.models import LecturePage
from progress.models import Statement
from quizzes.models import Question, Quiz
from roleplays.models import Scenario
from users.models import User

# The app whose ``demo`` module registers each part.
PARTS = {
    "courses": "courses",
    "courses.bodies": "courses",
    "courses.owner": "courses",
    "lectures": "lectures",
    "quizzes": "quizzes",
    "roleplays": "roleplays",
    "users": "users",
    "progress": "progress",
    "circles": "circles",
    "evaluations": "evaluations",
    "feedback": "feedback",
    "localfacts": "localfacts",
}


def names(parts) -> list[str]:
    return [part.name for part in parts]


def test_every_app_with_demo_content_registers_its_own_part():
    parts = registered_parts()
    assert set(names(parts)) == set(PARTS)
    for part in parts:
        app = PARTS[part.name]
        assert part.load.__module__.split(".")[0] == app, part.name


def test_each_part_runs_after_the_parts_it_needs():
    order = names(registered_parts())
    for part in registered_parts():
        for needed in part.after:
            assert needed in order, f"{part.name} waits for unknown {needed}"
            assert order.index(needed) < order.index(part.name), part.name
    # The pages before what is placed on them, the bodies after what they show.
    assert order.index("courses") < order.index("lectures")
    for shown in ("lectures", "quizzes", "roleplays"):
        assert order.index(shown) < order.index("courses.bodies")
    assert order.index("users") < order.index("circles")


def test_load_demo_loads_every_apps_part_once_in_order(db, monkeypatch):
    parts = registered_parts()
    loaded = []

    def spy(part):
        def load(loader):
            loaded.append(part.name)
            part.load(loader)

        return replace(part, load=load)

    monkeypatch.setattr(demo, "_parts", {part.name: spy(part) for part in parts})
    call_command("load_demo", verbosity=0)
    assert loaded == names(parts)
    # What each part makes is there.
    assert TopicPage.objects.count() == 20
    assert LecturePage.objects.count() == 1
    assert Quiz.objects.count() == 4 and Question.objects.count() >= 30
    assert Scenario.objects.count() == 5
    assert User.objects.filter(username="amina").exists()
    assert Statement.objects.filter(actor__username="amina").exists()
    assert StudyCircle.objects.get().memberships.count() == 4


def test_a_demo_without_an_apps_part_loads_the_rest_and_gets_it_later(db):
    parts = [part for part in registered_parts() if part.name != "circles"]
    DemoLoader(DemoRecord).run(parts)
    assert not StudyCircle.objects.exists()
    assert User.objects.filter(username="cirkelledare").exists()
    # As when the app is installed later: the next run adds its part only.
    assert DemoLoader(DemoRecord).run(registered_parts()) == 5  # circle, 4 members
    assert StudyCircle.objects.get().leader.username == "cirkelledare"


def test_the_colleagues_progress_is_recorded_once(db):
    call_command("load_demo", verbosity=0)
    statements = Statement.objects.count()
    assert statements > 0
    call_command("load_demo", verbosity=0)
    assert Statement.objects.count() == statements


def part(name, *after):
    return DemoPart(name, lambda loader: None, after=after)


def test_parts_keep_their_order_unless_they_wait_for_another():
    parts = [part("b", "c"), part("a"), part("c"), part("d", "elsewhere")]
    assert names(in_order(parts)) == ["a", "c", "b", "d"]


def test_parts_that_wait_for_each_other_are_refused():
    with pytest.raises(ImproperlyConfigured, match="wait for each other"):
        in_order([part("a", "b"), part("b", "a")])
