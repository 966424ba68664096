"""The five demo practice calls (``content.py``): a part of ``manage.py load_demo``
(see ``ecirkel.demo``). The course's topics show them by key ("scenario:<key>")."""

from ecirkel.demo import DemoPart, demo_uuid, register
from roleplays.models import Scenario, ScenarioChoice, Step

from .content import SCENARIOS


def load(loader) -> None:
    for data in SCENARIOS:
        key_uuid = demo_uuid(f"scenario-{data['key']}")
        loader.ensure(
            f"scenario:{data['key']}",
            Scenario,
            Scenario.objects.filter(uuid=key_uuid).first,
            lambda data=data, key_uuid=key_uuid: make_scenario(loader, data, key_uuid),
        )


def make_scenario(loader, data, key_uuid) -> Scenario:
    name, background, goal, mood, lines = data["caller"]
    rules, routing = data["handler"]
    scenario = Scenario(
        uuid=key_uuid,
        title=data["title"],
        summary=data["summary"],
        department=data["department"],
        caller_name=name,
        caller_background=background,
        caller_goal=goal,
        caller_mood=mood,
        caller_lines=lines,
        handler_rules=rules,
        handler_routing=routing,
        observer_notes=data["observer"],
    )
    scenario.steps = [
        Step(
            key=key,
            caller_says=says,
            narration=narration,
            is_end=end,
            outcome=outcome,
            sort_order=n,
        )
        for n, (key, says, narration, end, outcome) in enumerate(data["steps"])
    ]
    scenario.choices = [
        ScenarioChoice(
            step_key=at,
            text=text,
            leads_to=to,
            feedback=feedback,
            empathy=e,
            correctness=c,
            routing=r,
            breaks_rule=breaks,
            sort_order=n,
        )
        for n, (at, text, to, feedback, (e, c, r), breaks) in enumerate(data["choices"])
    ]
    scenario.save()
    scenario.save_revision().publish()
    loader.created += 1
    loader.log(f"Created the practice call “{scenario.title}”.")
    return scenario


register(DemoPart("roleplays", load))
