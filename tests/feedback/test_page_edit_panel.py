"""A page's edit view tells editors its average rating and its open feedback, with
links to the inbox and to each open item's handling view."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission

from feedback.models import Feedback
from users.factories import UserFactory

from .conftest import make_feedback


def edit_page(client, page):
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    return response.text


@pytest.fixture
def rated(topic, course):
    return [
        make_feedback(topic, course, rating=2),
        make_feedback(topic, course, rating=5, status=Feedback.Status.IN_PROGRESS),
        make_feedback(topic, course, rating=4, status=Feedback.Status.RESOLVED),
        make_feedback(topic, course, status=Feedback.Status.REJECTED),
    ]


def test_the_edit_view_shows_the_average_rating_and_the_open_count(
    client, editor, topic, rated
):
    client.force_login(editor)
    text = edit_page(client, topic)
    assert "Snittbetyg 3,7 av 5 (3 betyg)." in text
    assert "Öppna synpunkter på sidan: 2." in text
    assert f"{reverse('feedback_inbox:index')}?page={topic.pk}" in text


def test_the_edit_view_links_to_each_open_item_only(client, editor, topic, rated):
    client.force_login(editor)
    text = edit_page(client, topic)
    new, in_progress, resolved, rejected = rated
    for item in (new, in_progress):
        assert reverse("feedback_inbox:edit", args=[item.pk]) in text
    for item in (resolved, rejected):
        assert reverse("feedback_inbox:edit", args=[item.pk]) not in text


def test_the_menu_tells_open_items_apart(client, editor, topic, course):
    """Two open error reports on one page: the "…" menu shows each one's date and
    first words, and the quiz one says it is about the quiz."""
    make_feedback(topic, course, text="Telefontiden på sidan är fel sedan i våras.")
    make_feedback(
        topic,
        course,
        text="Fråga tre har två rätta svar.",
        subject=Feedback.Subject.QUIZ,
        subject_title="KC i siffror",
    )
    client.force_login(editor)
    text = edit_page(client, topic)
    today = timezone.localdate().isoformat()
    assert (
        f"Synpunkt {today}: Fel i innehållet, ny – ”Telefontiden på sidan är fel sedan"
        in text
    )
    assert "– ”Fråga tre har två rätta svar.” (Quiz: KC i siffror)" in text


def test_a_page_without_feedback_says_nothing(client, editor, course):
    client.force_login(editor)
    text = edit_page(client, course)
    assert "Snittbetyg" not in text
    assert "Öppna synpunkter" not in text


def test_editors_without_feedback_permission_see_nothing(client, topic, rated):
    writer = UserFactory(username="skribent", is_superuser=False)
    writer.user_permissions.add(Permission.objects.get(codename="access_admin"))
    group = Group.objects.create(name="Skribenter")
    GroupPagePermission.objects.create(
        group=group,
        page=topic,
        permission=Permission.objects.get(codename="change_page"),
    )
    writer.groups.add(group)
    client.force_login(writer)
    text = edit_page(client, topic)
    assert "Snittbetyg" not in text
    assert reverse("feedback_inbox:edit", args=[rated[0].pk]) not in text
