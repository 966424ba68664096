"""Create the groups Deltagare, Cirkelledare and Redaktör with their permissions.

Permissions are normally created after all migrations have run, so the ones needed here
are fetched or created explicitly, as Wagtail's own migrations do.
"""

from django.db import migrations

from users.roles import (
    CIRCLE_LEADER,
    EDITOR,
    EDITOR_COLLECTION_PERMISSIONS,
    EDITOR_MODEL_PERMISSIONS,
    EDITOR_PAGE_PERMISSIONS,
    LEARNER,
)


def get_permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": codename.replace("_", " ").capitalize()},
    )
    return permission


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    Group.objects.get_or_create(name=LEARNER)
    Group.objects.get_or_create(name=CIRCLE_LEADER)
    editors, _ = Group.objects.get_or_create(name=EDITOR)

    editors.permissions.add(
        *(get_permission(apps, *spec) for spec in EDITOR_MODEL_PERMISSIONS)
    )
    root_page = Page.objects.filter(depth=1).first()
    if root_page is not None:
        for codename in EDITOR_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=editors,
                page=root_page,
                permission=get_permission(apps, "wagtailcore", "page", codename),
            )
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for spec in EDITOR_COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=editors,
                collection=root_collection,
                permission=get_permission(apps, *spec),
            )


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=[LEARNER, CIRCLE_LEADER, EDITOR]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
