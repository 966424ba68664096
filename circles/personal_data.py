"""What the study circles keep about a person: the circles they lead and those they
take part in (the registry: ``ecirkel.personal_data``). A leader's own data is the
circle, not its members' data."""

from django.utils.translation import gettext_lazy as _

from ecirkel import personal_data
from ecirkel.personal_data import Keep, Refuse


def present_led_circle(circle, person) -> dict:
    return {
        "name": circle.name,
        "courses": [course.title for course in circle.courses.all()],
        "created_at": circle.created_at,
    }


def present_membership(membership, person) -> dict:
    return {"circle": membership.circle.name, "joined_at": membership.joined_at}


personal_data.register(
    "circles.studycircle",
    ["leader"],
    title=_("Study circles you lead"),
    present=present_led_circle,
    prefetch_related=["courses"],
    # A circle needs a leader (the key protects it).
    erase=Refuse("%(person)s leads study circles; give them another leader first."),
)
personal_data.register(
    "circles.circlemembership",
    ["user"],
    title=_("Study circles you take part in"),
    present=present_membership,
    select_related=["circle"],
    erase=Keep("The circle's statistics count its members, anonymously."),
)
personal_data.about_others(
    "circles.circlemembership",
    "circle",
    "The members of a circle the person leads are the members' data.",
)
