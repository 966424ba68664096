"""The three roles of E-cirkel and what each may do.

The groups are created by a data migration (``users/migrations/0002_create_roles``)
so that every installation has them; demo accounts are made only by
``manage.py load_demo``.
"""

from django.utils.translation import gettext_lazy as _

LEARNER = "Deltagare"
CIRCLE_LEADER = "Cirkelledare"
EDITOR = "Redaktör"

ROLE_NAMES = {
    LEARNER: _("Learner"),
    CIRCLE_LEADER: _("Circle leader"),
    EDITOR: _("Editor"),
}

# Model permissions per group, as (app_label, model, codename).
EDITOR_MODEL_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("wagtailimages", "image", "add_image"),
    ("wagtailimages", "image", "change_image"),
    ("wagtailimages", "image", "choose_image"),
    ("wagtaildocs", "document", "add_document"),
    ("wagtaildocs", "document", "change_document"),
    ("wagtaildocs", "document", "choose_document"),
    ("taggit", "tag", "add_tag"),
    ("taggit", "tag", "change_tag"),
]
# Page permissions editors get on the whole page tree.
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page"]
# Collection permissions editors get on the root collection (images and documents).
EDITOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", "add_image"),
    ("wagtailimages", "image", "change_image"),
    ("wagtailimages", "image", "choose_image"),
    ("wagtaildocs", "document", "add_document"),
    ("wagtaildocs", "document", "change_document"),
    ("wagtaildocs", "document", "choose_document"),
]
