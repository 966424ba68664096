"""Create the groups Deltagare, Cirkelledare and Redaktör, and give editors Wagtail's
own permissions: the admin, the whole page tree, images, documents and tags.

E-cirkel's apps grant their own permissions in their own migrations
(``users.roles.grant``).
"""

from django.db import migrations

from users.roles import CIRCLE_LEADER, EDITOR, LEARNER, grant, permission

PAGE_ACTIONS = ["add", "change", "publish", "lock"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in (LEARNER, CIRCLE_LEADER, EDITOR):
        Group.objects.get_or_create(name=name)


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=[LEARNER, CIRCLE_LEADER, EDITOR]).delete()


def grant_page_tree(apps, schema_editor):
    """Editors may add, change, publish and lock every page (the root's children)."""
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    root_page = Page.objects.filter(depth=1).first()
    if root_page is None:
        return
    editors = Group.objects.get(name=EDITOR)
    for action in PAGE_ACTIONS:
        GroupPagePermission.objects.get_or_create(
            group=editors,
            page=root_page,
            permission=permission(apps, "wagtailcore", "page", f"{action}_page"),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.RunPython(create_groups, remove_groups),
        grant(EDITOR, "wagtailadmin", "admin", ["access_admin"]),
        grant(EDITOR, "wagtailimages", "image", ["add", "change", "choose"], on_root_collection=True),
        grant(EDITOR, "wagtaildocs", "document", ["add", "change", "choose"], on_root_collection=True),
        grant(EDITOR, "taggit", "tag", ["add", "change"]),
        migrations.RunPython(grant_page_tree, migrations.RunPython.noop),
    ]
