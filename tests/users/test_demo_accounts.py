"""The demo's accounts can be edited in the admin as they come."""

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict
from wagtail.users.forms import UserEditForm

from users.models import User


@pytest.mark.django_db
def test_every_demo_account_passes_the_admins_account_form():
    call_command("load_demo", verbosity=0)
    users = User.objects.all()
    assert {"deltagare", "amina", "bertil", "cecilia"} <= {u.username for u in users}
    for user in users:
        data = model_to_dict(
            user, fields=["username", "email", "first_name", "last_name"]
        )
        data.update(
            is_active=True,
            is_superuser=user.is_superuser,
            groups=list(user.groups.values_list("pk", flat=True)),
        )
        form = UserEditForm(data, instance=user)
        assert form.is_valid(), (user.username, form.errors)
