"""The five demo practice calls (``content.py``): a part of ``manage.py load_demo``
(see ``ecirkel.demo``). The course's topics show them by key ("scenario:<key>")."""

from ecirkel.demo import DemoPart, demo_uuid, register
from roleplays.models import Scenario, ScenarioChoice, Step
from roleplays.scoring import DIMENSIONS

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


# The fields the tuples of content.py fill, in their order.
CALLER = (
    "caller_name",
    "caller_background",
    "caller_goal",
    "caller_mood",
    "caller_lines",
)
HANDLER = ("handler_rules", "handler_routing")
STEP = ("key", "caller_says", "narration", "is_end", "outcome")
CHOICE = ("step_key", "text", "leads_to", "feedback", "scores", "breaks_rule")


def fields(names, values) -> dict:
    return dict(zip(names, values, strict=True))


def make_scenario(loader, data, key_uuid) -> Scenario:
    scenario = Scenario(
        uuid=key_uuid,
        title=data["title"],
        summary=data["summary"],
        department=data["department"],
        observer_notes=data["observer"],
        **fields(CALLER, data["caller"]),
        **fields(HANDLER, data["handler"]),
    )
    scenario.steps = [
        Step(sort_order=n, **fields(STEP, step)) for n, step in enumerate(data["steps"])
    ]
    choices = []
    for n, choice in enumerate(data["choices"]):
        values = fields(CHOICE, choice)
        scores = fields([name for name, _label in DIMENSIONS], values.pop("scores"))
        choices.append(ScenarioChoice(sort_order=n, **values, **scores))
    scenario.choices = choices
    scenario.save()
    scenario.save_revision().publish()
    return loader.counted(scenario, f"Created the practice call “{scenario.title}”.")


register(DemoPart("roleplays", load))
