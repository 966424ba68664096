"""The three roles of E-cirkel, and how an app gives a role its permissions.

A role is a group of permissions; code asks ``user.has_perm(...)`` (or a Wagtail
permission policy), never which group a user is in. The groups are created by the
data migration ``users/migrations/0002_create_roles`` so that every installation has
them; demo accounts are made only by ``manage.py load_demo``.

Each app grants the permissions it defines to the roles that need them, in a data
migration of its own that depends on ``("users", "0002_create_roles")``::

    from users.roles import EDITOR, grant

    operations = [grant(EDITOR, "circles", "studycircle", ["add", "change", "view"])]
"""

from django.db import migrations
from django.utils.translation import gettext_lazy as _

LEARNER = "Deltagare"
CIRCLE_LEADER = "Cirkelledare"
EDITOR = "Redaktör"

ROLE_NAMES = {
    LEARNER: _("Learner"),
    CIRCLE_LEADER: _("Circle leader"),
    EDITOR: _("Editor"),
}


def grant(
    role: str,
    app_label: str,
    model: str,
    actions: list[str],
    *,
    on_root_collection: bool = False,
) -> migrations.RunPython:
    """A migration operation that gives ``role`` the permissions ``actions`` on
    ``app_label.model``, and takes them away when the migration is reversed.

    An action is a default one ("add", "change", "delete", "view", Wagtail's
    "publish") or a custom permission's full codename ("manage_learners").
    With ``on_root_collection`` the role also gets them on the root collection,
    where Wagtail checks images, documents and media.

    Permissions are normally created only after all migrations have run, so they are
    fetched or created here, as Wagtail's own migrations do. The role's group is
    created if it is missing, so the order of the apps' migrations does not matter.
    """
    codenames = [codename(action, model) for action in actions]

    def forwards(apps, schema_editor):
        Group = apps.get_model("auth", "Group")
        group, _created = Group.objects.get_or_create(name=role)
        permissions = [permission(apps, app_label, model, name) for name in codenames]
        group.permissions.add(*permissions)
        if on_root_collection:
            Collection = apps.get_model("wagtailcore", "Collection")
            GroupCollectionPermission = apps.get_model(
                "wagtailcore", "GroupCollectionPermission"
            )
            root = Collection.objects.filter(depth=1).first()
            for perm in permissions if root is not None else []:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root, permission=perm
                )

    def backwards(apps, schema_editor):
        Permission = apps.get_model("auth", "Permission")
        permissions = Permission.objects.filter(
            content_type__app_label=app_label,
            content_type__model=model,
            codename__in=codenames,
        )
        if on_root_collection:
            GroupCollectionPermission = apps.get_model(
                "wagtailcore", "GroupCollectionPermission"
            )
            GroupCollectionPermission.objects.filter(
                group__name=role, permission__in=permissions
            ).delete()
        Group = apps.get_model("auth", "Group")
        for group in Group.objects.filter(name=role):
            group.permissions.remove(*permissions)

    return migrations.RunPython(forwards, backwards)


DEFAULT_ACTIONS = {"add", "change", "delete", "view", "publish", "lock", "choose"}


def codename(action: str, model: str) -> str:
    return f"{action}_{model}" if action in DEFAULT_ACTIONS else action


def permission(apps, app_label: str, model: str, codename: str):
    """The permission, created with the name Django would give it if it is new."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _created = ContentType.objects.get_or_create(
        app_label=app_label, model=model
    )
    found, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": permission_name(apps, app_label, model, codename)},
    )
    return found


def permission_name(apps, app_label: str, model: str, codename: str) -> str:
    try:
        opts = apps.get_model(app_label, model)._meta
    except LookupError:
        return codename.replace("_", " ").capitalize()
    custom = dict(opts.permissions)
    if codename in custom:
        return str(custom[codename])
    action = codename.removesuffix(f"_{model}")
    return f"Can {action} {opts.verbose_name_raw}"
