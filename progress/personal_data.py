"""A person's data: export everything (GDPR art. 15 and 20), or anonymise them.

"Everything" is found, not listed: every table in the project with a foreign key to the
user model, Wagtail's included, so a table added later is exported without a change
here.
"""

import json

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

# Fields of the user row that are secrets, not personal data to hand out.
SECRET_USER_FIELDS = {"password"}
ANONYMOUS_NAME = "Raderad användare"


def user_tables():
    """(model, field name) for every concrete foreign key or one-to-one to the user."""
    User = get_user_model()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                field.concrete
                and (field.many_to_one or field.one_to_one)
                and field.related_model is User
            ):
                yield model, field.name


def export(user) -> dict:
    User = get_user_model()
    (row,) = serializers.serialize("python", User.objects.filter(pk=user.pk))
    profile = {k: v for k, v in row["fields"].items() if k not in SECRET_USER_FIELDS}
    profile["groups"] = list(user.groups.values_list("name", flat=True))
    tables: dict[str, list] = {}
    for model, field in user_tables():
        rows = model._base_manager.filter(**{field: user})
        if rows.exists():
            key = f"{model._meta.app_label}.{model._meta.model_name}"
            tables.setdefault(key, []).extend(
                {"id": item["pk"], **item["fields"]}
                for item in serializers.serialize("python", rows)
            )
    data = {"user": {"id": user.pk, **profile}, "tables": tables}
    # Round-trip through JSON so dates, UUIDs and decimals come out as strings.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


@transaction.atomic
def anonymise(user) -> None:
    """Remove what identifies the person; keep their progress for statistics."""
    from certificates.models import Certificate
    from progress.models import Statement

    user.username = f"raderad-{user.pk}"
    user.first_name = ""
    user.last_name = ANONYMOUS_NAME
    user.email = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    # A certificate is a named proof for one person: it goes.
    Certificate.objects.filter(user=user).delete()
    # Free text from clients may hold anything; scores, verbs and times stay.
    Statement.objects.filter(actor=user).exclude(context={}).update(context={})
    # The circle leader's notes on a pair session are free text about the person.
    apps.get_model("roleplays", "ObservedSession").objects.filter(learner=user).update(
        notes=""
    )
    profile_model = apps.get_model("wagtailusers", "UserProfile")
    profile_model.objects.filter(user=user).delete()
