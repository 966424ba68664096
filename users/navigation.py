"""Which links the site header offers a logged-in user, kept in the cache briefly.

The header showed "Studiecirklar" to whoever may view circles or leads one, and
"Redigera kurser" to whoever may enter the admin: two permission queries and a
"leads a circle" query on every logged-in page. The answer is kept per user in the
shared cache for ``TIMEOUT`` seconds, and forgotten at once when the user's groups,
permissions, account or circles change, so a revoked role loses its links on the
next page (a change the signals below do not see, such as a group's own
permissions, takes at most ``TIMEOUT`` seconds).
"""

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

TIMEOUT = 60


def _key(user_id) -> str:
    return f"ecirkel:header-links:{user_id}"


def header_links(user) -> dict[str, bool]:
    """{"circles": …, "admin": …} for ``user`` (all False for anonymous visitors)."""
    if user is None or not user.is_authenticated:
        return {"circles": False, "admin": False}
    key = _key(user.pk)
    links = cache.get(key)
    if links is None:
        links = {
            "circles": user.has_perm("circles.view_studycircle")
            or user.circles_led.exists(),
            "admin": user.has_perm("wagtailadmin.access_admin"),
        }
        cache.set(key, links, TIMEOUT)
    return links


def forget(*user_ids) -> None:
    cache.delete_many([_key(user_id) for user_id in user_ids if user_id])


def _memberships_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if isinstance(instance, get_user_model()):
        forget(instance.pk)
    elif pk_set:  # a group (or permission) whose users were added or removed
        forget(*pk_set)
    elif action == "post_clear" and hasattr(instance, "user_set"):
        forget(*instance.user_set.values_list("pk", flat=True))


def _user_saved(sender, instance, **kwargs):
    forget(instance.pk)


def _circle_changed(sender, instance, **kwargs):
    forget(instance.leader_id)


def connect() -> None:
    from circles.models import StudyCircle

    User = get_user_model()
    for through in (User.groups.through, User.user_permissions.through):
        m2m_changed.connect(
            _memberships_changed,
            sender=through,
            dispatch_uid=f"users.navigation:{through._meta.label}",
        )
    post_save.connect(_user_saved, sender=User, dispatch_uid="users.navigation:user")
    for signal in (post_save, post_delete):
        signal.connect(
            _circle_changed,
            sender=StudyCircle,
            dispatch_uid=f"users.navigation:circle:{signal is post_save}",
        )
