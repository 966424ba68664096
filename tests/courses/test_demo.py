import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, PageViewRestriction, Site

from courses.models import CatalogPage, CoursePage, RelatedTopic, TopicPage
from ecirkel.demo import demo_uuid
from users import demo as users_demo

MINDMAP_TOPICS = {
    "Vad är KC?",
    "Fördelar",
    "Nackdelar",
    "Effektivisering",
    "Projektorganisation",
    "Stöd för utvecklingen",
    "Kompetensutveckling",
    "Förstudie",
    "Organisation av KC",
    "Förankring av KC",
    "Arbetssituationen",
    "Tekniska system",
    "Relationer till förvaltningar",
    "Attitydförändringar",
    "Rekrytering",
    "Nyckelfaktorer",
    "Medborgarservice",
    "Call center privat",
    "Call center offentligt",
    "E-tjänster",
}


def snapshot():
    return {
        "pages": list(
            Page.objects.order_by("path").values_list("path", "title", "live")
        ),
        "revisions": Page.objects.filter(latest_revision__isnull=False).count(),
        "related": RelatedTopic.objects.count(),
        "users": list(get_user_model().objects.values_list("username", "password")),
        "restrictions": PageViewRestriction.objects.count(),
    }


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def test_loading_the_demo_twice_changes_nothing(demo):
    before = snapshot()
    call_command("load_demo", verbosity=0)
    assert snapshot() == before


def test_demo_course_has_the_twenty_topics_of_the_e_cirkel(demo):
    course = CoursePage.objects.get()
    assert {topic.title for topic in course.get_topics()} == MINDMAP_TOPICS
    # Grouped: four main topics, the rest beneath them.
    assert TopicPage.objects.child_of(course).count() == 4


def test_every_demo_topic_has_real_content(demo):
    for topic in TopicPage.objects.all():
        text = " ".join(
            re.sub(r"<[^>]+>", " ", str(block.render())) for block in topic.body
        )
        words = text.split()
        assert len(words) >= 80, f"{topic.title} has only {len(words)} words"
        assert "lorem" not in text.lower()
        assert topic.summary


def test_demo_uses_the_facts_of_the_seeds(demo):
    everything = " ".join(
        str(block.render()) for topic in TopicPage.objects.all() for block in topic.body
    )
    for fact in ["85 %", "70–80 %", "4 718", "37 744", "18", "164", "ROSA", "Luleå"]:
        assert fact in everything or fact in CoursePage.objects.get().intro, fact


def test_demo_course_requires_login_and_is_the_catalogs_only_course(demo):
    course = CoursePage.objects.get()
    assert course.get_view_restrictions().get().restriction_type == "login"
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class is CatalogPage
    assert [c.pk for c in site.root_page.specific.get_courses()] == [course.pk]


def test_demo_accounts_have_their_roles(demo):
    User = get_user_model()
    for username, password, _first, _last, group, superuser in users_demo.ACCOUNTS:
        user = User.objects.get(username=username)
        assert user.check_password(password)
        assert user.is_superuser == superuser
        if group:
            assert list(user.groups.values_list("name", flat=True)) == [group]


def test_demo_topics_keep_the_same_uuid_in_every_installation(demo):
    topic = TopicPage.objects.get(slug="forstudie")
    assert topic.uuid == demo_uuid("forstudie")


def test_demo_pages_have_cross_links_and_department_tags(demo):
    assert RelatedTopic.objects.count() >= 10
    tagged = TopicPage.objects.filter(tags__name="Socialtjänst").distinct()
    assert tagged.count() >= 2


def test_demo_question_bank_has_thirty_questions_of_every_type(demo):
    from quizzes.models import Question, Quiz

    assert Question.objects.filter(live=True).count() >= 30
    assert set(Question.objects.values_list("type", flat=True)) == set(
        Question.Type.values
    )
    assert Quiz.objects.filter(live=True).count() == 4
    bygglov = Question.objects.get(
        text__startswith="En person vill veta om hen behöver bygglov"
    )
    right = bygglov.choices.get(is_correct=True)
    assert right.text.startswith("4 Bygg och miljö")
    heltid = Question.objects.get(text__contains="37 744 minuter")
    assert heltid.grade("18").correct and not heltid.grade("17").correct


@pytest.mark.django_db
def test_the_demo_editor_owns_the_demo_course_so_feedback_reaches_someone():
    call_command("load_demo", verbosity=0)
    course = CoursePage.objects.get(slug="kontaktcenter-i-kommunen")
    owners = set(
        course.get_descendants(inclusive=True).values_list("owner__username", flat=True)
    )
    assert owners == {"redaktor"}
    assert get_user_model().objects.get(username="redaktor").email == (
        "redaktor@example.org"
    )
