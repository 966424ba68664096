"""Whose work a circle leader may assess: registered with ``ecirkel.learners`` by
``CirclesConfig.ready``, so content apps (role-plays) can ask without importing
circles."""

from django.contrib.auth import get_user_model

from .models import CircleMembership, StudyCircle


def learners_led(user, course):
    """Learners whose work this user may assess in ``course``: members of the
    circles they lead that follow the course; editors, members of every circle that
    follows it."""
    circles = StudyCircle.objects.visible_to(user).filter(courses=course)
    members = CircleMembership.objects.filter(circle__in=circles).values("user")
    return (
        get_user_model()
        .objects.filter(pk__in=members)
        .order_by("first_name", "username")
    )
