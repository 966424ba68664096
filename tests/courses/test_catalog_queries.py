"""The catalog (the site's front page) for a logged-in learner: what is the same
for everyone comes from the cache, so a warm catalog costs only the learner's own
queries, however many courses it lists."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.factories import CoursePageFactory, TopicPageFactory


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_a_warm_catalog_costs_the_same_few_queries_for_one_course_or_many(
    client, course, learner
):
    client.force_login(learner)
    client.get("/")
    few = queries(client, "/")
    for number in range(5):
        extra = CoursePageFactory(parent=course.get_parent(), slug=f"kurs-{number}")
        TopicPageFactory(parent=extra)
    client.get("/")
    assert queries(client, "/") == few
    # The session, the user, Wagtail's site, page and privacy lookups and the
    # header's; none for the courses.
    assert few <= 10
