from .models import Scenario, ScenarioChoice, Step


def make_scenario(steps, choices, **fields):
    """steps: (key, says, is_end); choices: (at, text, to, (e, c, r), breaks)."""
    defaults = {
        "title": "Testsamtal",
        "summary": "Ett samtal.",
        "department": "Allmänt",
        "caller_name": "Sven",
        "caller_goal": "HEMLIGT-MÅL",
        "caller_mood": "arg",
        "caller_background": "HEMLIG-BAKGRUND",
        "caller_lines": "HEMLIG-REPLIK",
        "handler_rules": "REGEL-SEKRETESS",
        "handler_routing": "ROUTING-EXPERT",
        "shuffle_choices": False,  # tests pick answers by position
    }
    scenario = Scenario(**{**defaults, **fields})
    scenario.steps = [
        Step(key=k, caller_says=says, is_end=end, outcome=f"Utfall {k}", sort_order=n)
        for n, (k, says, end) in enumerate(steps)
    ]
    scenario.choices = [
        ScenarioChoice(
            step_key=at,
            text=text,
            leads_to=to,
            feedback=f"Återkoppling {text}",
            empathy=e,
            correctness=c,
            routing=r,
            breaks_rule=breaks,
            sort_order=n,
        )
        for n, (at, text, to, (e, c, r), breaks) in enumerate(choices)
    ]
    scenario.save()
    return scenario
