"""Editors decide which of their courses are offered to other installations and
under which license (CourseSharing). Exporting a course needs no permission of its
own: whoever may edit the course page may export it."""

from django.db import migrations

from users.roles import EDITOR, grant


class Migration(migrations.Migration):
    dependencies = [
        ("sharing", "0001_initial"),
        ("users", "0002_create_roles"),
    ]

    operations = [
        grant(EDITOR, "sharing", "coursesharing", ["add", "change", "delete", "view"])
    ]
