import unicodedata

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Letters that Unicode does not decompose into a base letter and an accent.
UNDECOMPOSED = str.maketrans(
    {"æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)


def fold(text: str) -> str:
    """``text`` for matching: lowercase, accents dropped (å, ä → a; ö → o; é → e),
    white space collapsed. Python does it, so it is the same on every database."""
    text = unicodedata.normalize("NFKD", text.casefold()).translate(UNDECOMPOSED)
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(text.split())


def matching(query: str, prefix: str = "") -> Q:
    """A filter for users whose name or username holds every word of ``query``,
    whatever the case and accents, on any database. ``prefix`` reaches the user
    through a relation (``"user__"``)."""
    condition = Q()
    for word in fold(query).split():
        condition &= Q(**{f"{prefix}search_key__contains": word})
    return condition


class UserQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for user in objs:
            user.refresh_search_key()
        return super().bulk_create(objs, *args, **kwargs)

    def matching(self, query: str):
        """Users whose name or username holds every word of ``query``."""
        return self.filter(matching(query))


class SearchableUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """E-cirkel's user. Own model from the first migration so fields can be added."""

    # Kept in sync on every save (and bulk_create): see fold(). SQLite's LIKE folds
    # only ASCII letters, so "öberg" would not find "Öberg" without it.
    search_key = models.CharField(max_length=500, blank=True, editable=False)
    invited_at = models.DateTimeField(
        _("invitation sent"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the last invitation to set a password was sent."),
    )

    objects = SearchableUserManager()

    class Meta(AbstractUser.Meta):
        permissions = [
            (
                "manage_learners",
                "Can create and invite learner accounts in the circles they lead",
            )
        ]

    def refresh_search_key(self) -> None:
        self.search_key = fold(
            " ".join([self.first_name, self.last_name, self.get_username()])
        )[:500]

    def save(self, *args, **kwargs):
        self.refresh_search_key()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "search_key" not in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_key"}
        super().save(*args, **kwargs)
