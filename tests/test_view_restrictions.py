"""Pages' view restrictions kept in the cache
(ecirkel.content.KeptViewRestrictionsMixin): no query on a page view, and every change
of a restriction, a move or a publish applies on the next request."""

import re
from unittest import mock

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail import hooks
from wagtail.models import Page, PageViewRestriction

from ecirkel import caching, sites
from users.factories import UserFactory
from users.roles import LEARNER


def topic_of(course, slug="fordelar"):
    return course.get_descendants().get(slug=slug).specific


def test_reading_kept_restrictions_asks_the_database_nothing(private_course):
    topic = topic_of(private_course)
    first = [r.pk for r in topic.get_view_restrictions()]
    assert first == [PageViewRestriction.objects.get().pk]
    with CaptureQueriesContext(connection) as captured:
        again = topic_of(private_course)  # a fresh instance, as the next request
        captured_before = len(captured)
        kept = list(again.get_view_restrictions())
        assert again.get_view_restrictions().exists()
    assert len(captured) == captured_before  # only the page itself was read
    assert [r.pk for r in kept] == first
    assert kept[0].restriction_type == PageViewRestriction.LOGIN


def test_an_unrestricted_page_is_answered_without_a_query(course):
    topic = topic_of(course)
    list(topic.get_view_restrictions())  # kept
    with CaptureQueriesContext(connection) as captured:
        assert list(topic.get_view_restrictions()) == []
        assert not topic.get_view_restrictions().exists()
    assert len(captured) == 0


def test_a_new_restriction_applies_on_the_next_request(client, course, learner):
    topic = topic_of(course)
    assert client.get(topic.url).status_code == 200  # restrictions now kept
    PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(topic.url)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    client.force_login(learner)
    assert client.get(topic.url).status_code == 200
    client.logout()
    PageViewRestriction.objects.all().delete()
    assert client.get(topic.url).status_code == 200


def test_a_group_restriction_is_judged_for_each_visitor(client, course, learner):
    topic = topic_of(course)
    group = Group.objects.create(name="Kontaktcenter Norr")
    restriction = PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(group)
    client.force_login(learner)
    refused = client.get(topic.url)  # Wagtail sends a non-member to log in
    assert refused.status_code == 302
    assert reverse("login") in refused["Location"]
    member = UserFactory(username="norr", roles=[LEARNER])
    member.groups.add(group)
    client.force_login(member)
    assert client.get(topic.url).status_code == 200
    # Taking the learner into the group changes no page: the kept restriction is
    # judged again for them.
    learner.groups.add(group)
    client.force_login(learner)
    assert client.get(topic.url).status_code == 200


def test_moving_a_page_out_of_a_restricted_course_frees_it(
    client, private_course, catalog
):
    from courses.factories import CoursePageFactory

    topic = topic_of(private_course, "forstudie")
    assert client.get(topic.url).status_code == 302
    open_course = CoursePageFactory(parent=catalog, title="Öppen", slug="oppen")
    Page.objects.get(pk=topic.pk).move(open_course, pos="last-child")
    moved = Page.objects.get(pk=topic.pk).specific
    assert client.get(moved.url).status_code == 200


def test_the_privacy_dialog_still_orders_the_restrictions(client, private_course):
    # Wagtail's privacy view orders what get_view_restrictions returns.
    admin = UserFactory(username="chef", is_superuser=True, is_staff=True)
    client.force_login(admin)
    topic = topic_of(private_course)
    response = client.get(reverse("wagtailadmin_pages:set_privacy", args=[topic.pk]))
    assert response.status_code == 200
    assert "Testkurs" in response.content.decode()  # restricted by its ancestor
    # The course's own dialog starts from its kept restriction: "login" chosen.
    client.get(private_course.url)  # the restrictions are kept now
    response = client.get(
        reverse("wagtailadmin_pages:set_privacy", args=[private_course.pk])
    )
    form = response.context["form"]
    assert form.initial["restriction_type"] == PageViewRestriction.LOGIN
    assert re.search(r'<input[^>]*value="login"[^>]*checked', response.json()["html"])


def test_a_move_during_a_request_does_not_keep_the_old_places_answer(
    client, course, catalog
):
    """A request read the page before an editor moved it under a login-only course
    and asks for its restrictions after the move committed: what it finds for the
    old place must not be what later visitors of the new place get."""
    from courses.factories import CoursePageFactory

    secret = CoursePageFactory(parent=catalog, title="Hemlig", slug="hemlig")
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.LOGIN
    )
    topic = topic_of(course, "forstudie")
    moved = []

    def editor_moves_now(page, request, serve_args, serve_kwargs):
        if not moved:
            moved.append(page.pk)
            Page.objects.get(pk=page.pk).move(secret, pos="last-child")

    with hooks.register_temporarily("before_serve_page", editor_moves_now):
        client.get(topic.url)
    assert moved == [topic.pk]
    new_place = Page.objects.get(pk=topic.pk).specific
    assert new_place.url == "/hemlig/forstudie/"
    for _ in range(3):
        response = client.get(new_place.url)
        assert response.status_code == 302
        assert reverse("login") in response["Location"]


def test_a_restriction_and_a_publish_during_a_request_are_read_together(client, course):
    """The request holds the content version it started with (ecirkel.caching), but
    a page it then reads from the database is judged by restrictions at least as
    new: another process that restricts the course and publishes a topic while the
    request runs must not get the new topic past the old answer."""
    learner = UserFactory(username="lisa", roles=[LEARNER])
    client.force_login(learner)
    url = topic_of(course).url
    assert client.get(url).status_code == 200  # the old answer is kept
    real_kept_site = sites.kept_site

    def another_process_meanwhile(request):
        site = real_kept_site(request)  # the request now holds the version
        held = list(caching._held.get())
        restriction = PageViewRestriction.objects.create(
            page=course, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.set([Group.objects.create(name="Ledningen")])
        topic = topic_of(course)
        topic.title = "Hemlig rubrik"
        topic.save_revision().publish()
        caching._held.get()[:] = held  # moved on in the other process, not here
        return site

    with mock.patch.object(sites, "kept_site", another_process_meanwhile):
        response = client.get(url)
    assert response.status_code in (302, 403, 404)
    assert "Hemlig rubrik" not in response.content.decode()


def test_a_restrictions_new_groups_apply_on_the_next_request(client, course, learner):
    """The privacy dialog saves a group restriction, then sets its groups; no signal
    moves the version on for the groups, so they must not be kept with it: who
    passes is judged against the restriction's groups as they are now."""
    topic = topic_of(course)
    first = Group.objects.create(name="Kontaktcenter Norr")
    second = Group.objects.create(name="Kontaktcenter Syd")
    learner.groups.add(second)
    restriction = PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(first)
    client.force_login(learner)
    assert client.get(topic.url).status_code == 302  # kept: only Norr
    restriction.groups.add(second)
    assert client.get(topic.url).status_code == 200
    restriction.groups.remove(second)
    assert client.get(topic.url).status_code == 302
