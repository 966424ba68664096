"""The demo study circle: the demo learner and three colleagues, led by the demo
circle leader, following the demo course. Made together with its members, once. A
part of ``manage.py load_demo`` (see ``ecirkel.demo``)."""

from circles.models import CircleMembership, StudyCircle
from ecirkel.demo import DemoPart, demo_uuid, register

CIRCLE = {
    "key": "nyanstallda-hosten-2026",
    "name": "Kontaktcentret – nyanställda hösten 2026",
    "course": "kontaktcenter-i-kommunen",
    "leader": "cirkelledare",
    "members": ["deltagare", "amina", "bertil", "cecilia"],
}


def load(loader) -> None:
    data = CIRCLE
    key_uuid = demo_uuid(f"circle-{data['key']}")
    course = loader.objects.get(f"course:{data['course']}")
    leader = loader.objects.get(f"account:{data['leader']}")

    def find():
        circles = StudyCircle.objects.all()
        return (
            circles.filter(uuid=key_uuid).first()
            or circles.filter(name=data["name"]).first()
            # Made by the loader before the records, and renamed since.
            or (
                circles.filter(leader=leader, courses=course)
                .order_by("created_at")
                .first()
                if leader is not None and course is not None
                else None
            )
        )

    def make():
        if leader is None or course is None:
            return None
        circle = StudyCircle(uuid=key_uuid, name=data["name"], leader=leader)
        circle.courses.set([course])
        members = [loader.objects.get(f"account:{name}") for name in data["members"]]
        circle.memberships = [
            CircleMembership(user=user) for user in members if user is not None
        ]
        circle.save()  # parental relations are written on save
        return loader.counted(
            circle,
            f"Created the study circle “{circle.name}”.",
            count=1 + len(circle.memberships.all()),
        )

    loader.ensure(f"circle:{data['key']}", StudyCircle, find, make)


register(DemoPart("circles", load, after=("courses", "users")))
