"""Min utveckling's requirement tables: the rows are cached for everyone, the states
and scores are each learner's own, and a publish shows on the next request."""

import re
from decimal import Decimal

import pytest

from courses.models import TopicPage
from progress.activities import activity_for_page
from progress.recording import Result, record
from users.factories import UserFactory
from users.roles import LEARNER

ROW = re.compile(r'<tr><th scope="row"><a href="[^"]*">([^<]*)</a>.*?</tr>', re.S)


def rows(client) -> dict[str, str]:
    """Each requirement's title → its row's text (tags removed)."""
    response = client.get("/min-utveckling/")
    assert response.status_code == 200
    html = response.content.decode()
    return {
        match.group(1): " ".join(re.sub(r"<[^>]+>", " ", match.group(0)).split())
        for match in ROW.finditer(html)
    }


@pytest.fixture
def learners(circle, learner):
    other = UserFactory(username="olle", roles=[LEARNER])
    circle.memberships.create(user=other)
    return learner, other


@pytest.mark.django_db
def test_each_learner_sees_their_own_states_and_scores(client, learners, course):
    lisa, olle = learners
    topic = TopicPage.objects.get(slug="forstudie")
    record(
        lisa, activity_for_page(topic), "passed", result=Result(score=Decimal("0.875"))
    )
    record(
        olle, activity_for_page(TopicPage.objects.get(slug="fordelar")), "experienced"
    )

    client.force_login(lisa)
    mine = rows(client)
    assert mine["Förstudie"] == "Förstudie Godkänd (kravet uppfyllt) ✓ 88 %"
    assert mine["Fördelar"] == "Fördelar Ej påbörjad –"

    client.force_login(olle)
    theirs = rows(client)
    assert theirs["Förstudie"] == "Förstudie Ej påbörjad –"
    assert theirs["Fördelar"] == "Fördelar Påbörjad –"
    # Every requirement is listed for both, in the course's order.
    assert (
        list(mine)
        == list(theirs)
        == [
            "Vad är KC?",
            "Fördelar",
            "Nackdelar",
            "Förstudie",
        ]
    )


@pytest.mark.django_db
def test_the_second_learner_is_served_the_cached_rows(
    client, learners, django_assert_max_num_queries
):
    lisa, olle = learners
    client.force_login(lisa)
    rows(client)
    client.force_login(olle)
    client.get("/min-utveckling/")  # the session and header links settle
    # The rows' addresses are not looked up again: 7 queries, as the page's test says.
    with django_assert_max_num_queries(7):
        rows(client)


@pytest.mark.django_db
def test_a_renamed_or_added_topic_shows_on_the_next_request(client, learner, circle):
    client.force_login(learner)
    assert "Förstudie" in rows(client)
    topic = TopicPage.objects.get(slug="forstudie")
    topic.title = "Förstudien"
    topic.save_revision().publish()
    assert "Förstudien" in rows(client) and "Förstudie" not in rows(client)
    TopicPage.objects.get(slug="fordelar").unpublish()
    assert "Fördelar" not in rows(client)


@pytest.mark.django_db
def test_a_title_cannot_forge_a_learners_cells(client, learner, circle):
    topic = TopicPage.objects.get(slug="forstudie")
    topic.title = "<!--slot:cells:0--><td>Godkänd</td><script>alert(1)</script>"
    topic.save_revision().publish()
    client.force_login(learner)
    html = client.get("/min-utveckling/").content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;!--slot:cells:0--&gt;&lt;td&gt;Godkänd" in html
    assert "<!--slot:" not in html


@pytest.mark.django_db
def test_a_titles_no_break_and_thin_spaces_are_kept(client, learner, circle):
    """The cached rows lose the template's indentation, not the spaces an editor typed
    to keep "70 %" on one line."""
    topic = TopicPage.objects.get(slug="forstudie")
    topic.title = "Effektivisering 70\u00a0% svar\u2009i tid"
    topic.save_revision().publish()
    client.force_login(learner)
    html = client.get("/min-utveckling/").content.decode()
    assert "Effektivisering 70\u00a0% svar\u2009i tid" in html
