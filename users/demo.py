"""The demo accounts, one per role, and the demo learner's colleagues (who cannot log
in; they give the circle leader's report some rows). A part of ``manage.py load_demo``
(see ``ecirkel.demo``); it prints the accounts and their passwords after every run."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from ecirkel.demo import DemoPart, register
from users.roles import CIRCLE_LEADER, EDITOR, LEARNER

ACCOUNTS = [
    # (username, password, first name, last name, group, is_superuser)
    ("deltagare", "deltagare", "Dana", "Deltagare", LEARNER, False),
    ("cirkelledare", "cirkelledare", "Cilla", "Cirkelledare", CIRCLE_LEADER, False),
    ("redaktor", "redaktor", "Rasmus", "Redaktör", EDITOR, False),
    ("admin", "admin", "Ada", "Administratör", None, True),
]
COLLEAGUES = [
    # (username, first name, last name): learners in the demo circle
    ("amina", "Amina", "Haddad"),
    ("bertil", "Bertil", "Lindqvist"),
    ("cecilia", "Cecilia", "Öberg"),
]


def key(username: str) -> str:
    return f"account:{username}"


def load(loader) -> None:
    User = get_user_model()
    for username, password, first, last, group, superuser in ACCOUNTS:

        def make(
            username=username,
            password=password,
            first=first,
            last=last,
            group=group,
            superuser=superuser,
        ):
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                # A reserved domain: mail from the demo shows on the console only.
                email=f"{username}@example.org",
                is_staff=superuser,
                is_superuser=superuser,
            )
            user.set_password(password)
            user.save()
            if group:
                user.groups.add(Group.objects.get(name=group))
            return loader.counted(user, f"Created the demo account {username}.")

        loader.ensure(
            key(username),
            User,
            User.objects.filter(username=username).first,
            make,
            in_first_demo=True,
        )
    for username, first, last in COLLEAGUES:

        def make(username=username, first=first, last=last):
            # An address as the accounts above have: the admin's account form
            # requires one, so without it an admin could not edit them.
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@example.org",
            )
            user.set_unusable_password()
            user.save()
            user.groups.add(Group.objects.get(name=LEARNER))
            return loader.counted(user)

        loader.ensure(
            key(username), User, User.objects.filter(username=username).first, make
        )


def summary(loader) -> list[str]:
    """The demo accounts as they are now: renamed, deleted or as the demo made them."""
    lines = ["Demo accounts (username / password the demo gave it):"]
    for username, password, *_names, group, superuser in ACCOUNTS:
        user = loader.objects.get(key(username))
        role = "superuser" if superuser else group
        if user is None:
            lines.append(
                f"  {username}: deleted on this site; the demo does not make it again."
            )
        elif user.username != username:
            lines.append(
                f"  {user.username} / {password}  ({role}; renamed from {username})"
            )
        else:
            lines.append(f"  {username} / {password}  ({role})")
    return lines


register(DemoPart("users", load, summary=summary))
