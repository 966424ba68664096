"""Fill every user's search key, and let circle leaders and editors bring learners in.

Circle leaders manage the learners of the circles they lead; editors, who may change
every circle, all learners (users/onboarding.py decides the scope by permission).
"""

from django.db import migrations

from users.models import fold
from users.roles import CIRCLE_LEADER, EDITOR

GROUPS = [CIRCLE_LEADER, EDITOR]


def fill_search_keys(apps, schema_editor):
    User = apps.get_model("users", "User")
    for user in User.objects.only("pk", "first_name", "last_name", "username"):
        key = fold(" ".join([user.first_name, user.last_name, user.username]))[:500]
        User.objects.filter(pk=user.pk).update(search_key=key)


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="users", model="user")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="manage_learners",
        defaults={
            "name": "Can create and invite learner accounts in the circles they lead"
        },
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="users", codename="manage_learners"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0007_search_key_invitations_and_manage_learners"),
    ]

    operations = [
        migrations.RunPython(fill_search_keys, migrations.RunPython.noop),
        migrations.RunPython(grant, revoke),
    ]
