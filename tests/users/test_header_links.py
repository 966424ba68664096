"""The header's role links ("Studiecirklar", "Redigera kurser") are kept per user in
the cache, cost no query on a page once kept, and go away on the next page when the
role that gave them is revoked."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from circles.models import StudyCircle
from users.roles import EDITOR

EDIT_LINK = "Redigera kurser"
CIRCLES_LINK = "Studiecirklar"


def header(client) -> str:
    html = client.get("/sok/").content.decode()
    return html[html.index('<header class="site-header">') : html.index("</header>")]


@pytest.mark.django_db
def test_an_editor_sees_the_admin_link_until_the_role_is_revoked(client, editor):
    client.force_login(editor)
    assert EDIT_LINK in header(client)
    editor.groups.remove(Group.objects.get(name=EDITOR))
    assert EDIT_LINK not in header(client)
    editor.groups.add(Group.objects.get(name=EDITOR))
    assert EDIT_LINK in header(client)


@pytest.mark.django_db
def test_clearing_a_users_groups_takes_the_links_away(client, editor):
    client.force_login(editor)
    assert EDIT_LINK in header(client)
    editor.groups.clear()
    assert EDIT_LINK not in header(client)


@pytest.mark.django_db
def test_removing_users_from_the_group_takes_their_links_away(client, editor):
    client.force_login(editor)
    assert EDIT_LINK in header(client)
    Group.objects.get(name=EDITOR).user_set.remove(editor)
    assert EDIT_LINK not in header(client)


@pytest.mark.django_db
def test_a_learner_who_comes_to_lead_a_circle_gets_the_circles_link(client, learner):
    client.force_login(learner)
    assert CIRCLES_LINK not in header(client)
    circle = StudyCircle.objects.create(name="Cirkel", leader=learner)
    assert CIRCLES_LINK in header(client)
    circle.delete()
    assert CIRCLES_LINK not in header(client)


@pytest.mark.django_db
def test_the_kept_links_cost_no_query(client, editor):
    client.force_login(editor)
    header(client)
    with CaptureQueriesContext(connection) as queries:
        header(client)
    sql = " ".join(q["sql"] for q in queries)
    assert "auth_permission" not in sql
    assert "circles_studycircle" not in sql
