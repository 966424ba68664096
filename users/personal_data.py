"""What is kept about a person as an account: the user row, and the tables of the
apps that are not ours and have a key to it (Django's, Wagtail's, django-axes').

Anonymising closes the account (name, e-mail and login go) and deletes what only
served the account: Wagtail's profile, API tokens, notification subscriptions,
editing sessions and unsaved form states, and django-axes' login records. What an
editor left in the content (pages, revisions, logs, comments, uploads, moderation)
stays: it is the site's history, and the name on it goes with the account.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ecirkel import personal_data
from ecirkel.personal_data import Delete, Keep, plain_row

ANONYMOUS_NAME = "Raderad användare"


def present_account(user, person) -> dict:
    row = plain_row(user, person, skip={"password"})
    row["groups"] = sorted(user.groups.values_list("name", flat=True))
    row["permissions"] = sorted(user.user_permissions.values_list("name", flat=True))
    return row


def close_account(rows, person) -> None:
    """Remove what identifies the person; their roles go too."""
    person.username = f"raderad-{person.pk}"
    person.first_name = ""
    person.last_name = ANONYMOUS_NAME
    person.email = ""
    person.is_active = False
    person.is_staff = False
    person.is_superuser = False
    person.set_unusable_password()
    person.save()
    person.groups.clear()
    person.user_permissions.clear()


personal_data.register(
    get_user_model(), ["pk"], present=present_account, erase=close_account
)

# --- Wagtail -------------------------------------------------------------------------

EDITORIAL = (
    "The site's editorial history: the rows stay, the editor's name goes with the "
    "account."
)

personal_data.register("wagtailusers.userprofile", ["user"], erase=Delete())
personal_data.register(
    "wagtailcore.apitoken", ["user"], leave_out=["key_hash"], erase=Delete()
)
personal_data.register("wagtailcore.pagesubscription", ["user"], erase=Delete())
personal_data.register("wagtailadmin.editingsession", ["user"], erase=Delete())
personal_data.register("wagtailadmin.formstate", ["user"], erase=Delete())
EDITORIAL_KEYS = {
    "wagtailcore.page": ["owner", "locked_by"],
    "wagtailcore.revision": ["user"],
    "wagtailcore.pagelogentry": ["user"],
    "wagtailcore.modellogentry": ["user"],
    "wagtailcore.comment": ["user", "resolved_by"],
    "wagtailcore.commentreply": ["user"],
    "wagtailcore.workflowstate": ["requested_by"],
    "wagtailcore.taskstate": ["finished_by"],
    "wagtailcore.uploadedfile": ["uploaded_by_user"],
    "wagtailimages.image": ["uploaded_by_user"],
    "wagtaildocs.document": ["uploaded_by_user"],
    "wagtailmedia.media": ["uploaded_by_user"],
}
for model, fields in EDITORIAL_KEYS.items():
    personal_data.register(model, fields, erase=Keep(EDITORIAL))

# --- django-axes ---------------------------------------------------------------------
# Login records name the account by username, not by a key. Failed logins may be
# someone else's attempt on the account, so their address and browser are left out;
# the request's headers and data are not about the person.


def same_username(person) -> Q:
    return Q(username=person.get_username())


REQUEST = ["ip_address", "user_agent", "http_accept", "get_data", "post_data"]
personal_data.register(
    "axes.accessattempt",
    match=same_username,
    title=_("Failed logins"),
    leave_out=REQUEST,
    erase=Delete(),
)
# Not written with AXES_DISABLE_ACCESS_LOG = True and the failure log off (settings),
# declared for an installation that turns them on.
personal_data.register(
    "axes.accessfailurelog", match=same_username, leave_out=REQUEST, erase=Delete()
)
personal_data.register(
    "axes.accesslog",
    match=same_username,
    leave_out=["http_accept", "session_hash"],
    erase=Delete(),
)
