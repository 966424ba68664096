"""Helpers for the data migrations that give the editors' group model permissions.

Permissions are normally created after all migrations have run, so they are fetched or
created here, as Wagtail's own migrations do. (A module whose name starts with "_" is not
a migration.)
"""

from users.roles import EDITOR


def grant(app_label: str, model: str, codenames: list[str]):
    def forwards(apps, schema_editor):
        Group = apps.get_model("auth", "Group")
        ContentType = apps.get_model("contenttypes", "ContentType")
        Permission = apps.get_model("auth", "Permission")
        editors = Group.objects.filter(name=EDITOR).first()
        if editors is None:
            return
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        for codename in codenames:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=codename,
                defaults={"name": codename.replace("_", " ").capitalize()},
            )
            editors.permissions.add(permission)

    return forwards


def revoke(app_label: str, codenames: list[str]):
    def backwards(apps, schema_editor):
        Group = apps.get_model("auth", "Group")
        editors = Group.objects.filter(name=EDITOR).first()
        if editors is not None:
            editors.permissions.remove(
                *editors.permissions.filter(
                    content_type__app_label=app_label, codename__in=codenames
                )
            )

    return backwards
