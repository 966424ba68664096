import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from courses.factories import CoursePageFactory, TopicPageFactory, generate_topics
from courses.models import RelatedTopic, TopicPage


def node_links(html: str) -> list[str]:
    return re.findall(r'<a class="mindmap__node[^"]*" href="([^"]+)"', html)


@pytest.mark.django_db
def test_catalog_lists_published_courses_only(client, catalog, course):
    CoursePageFactory(parent=catalog, title="Opublicerad kurs", live=False)
    html = client.get("/").content.decode()
    assert "Testkurs" in html
    assert "Opublicerad kurs" not in html
    # The topic count comes from the course's live topics.
    assert re.search(r"<dt>Ämnen</dt>\s*<dd>4</dd>", html)


@pytest.mark.django_db
def test_catalog_tells_anonymous_visitors_which_courses_need_login(
    client, private_course
):
    assert "Logga in för att gå kursen" in client.get("/").content.decode()


@pytest.mark.django_db
def test_catalog_shows_no_login_notice_for_public_courses(client, course):
    assert "Logga in för att gå kursen" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_course_page_shows_every_topic_as_a_link_in_the_map(client, course):
    response = client.get(course.url)
    assert response.status_code == 200
    html = response.content.decode()
    topics = list(course.get_topics())
    assert sorted(node_links(html)) == sorted(topic.url for topic in topics)
    # The map is a nested list: subtopics sit inside their main topic's item.
    assert re.search(
        r"Vad är KC\?</span>.*?<ul class=\"mindmap__list\">.*?Fördelar", html, re.S
    )


@pytest.mark.django_db
def test_course_page_shows_states_only_to_signed_in_learners(client, course, learner):
    assert "state-dot" not in client.get(course.url).content.decode()
    client.force_login(learner)
    html = client.get(course.url).content.decode()
    assert html.count("mindmap__node--not_started") == 4
    assert "(ej påbörjad)" in html


@pytest.mark.django_db
def test_course_page_draws_editor_chosen_cross_links(client, course):
    first = TopicPage.objects.get(slug="fordelar")
    other = TopicPage.objects.get(slug="forstudie")
    RelatedTopic.objects.create(page=first, topic=other)
    html = client.get(course.url).content.decode()
    assert html.count('class="mindmap__cross-link"') == 1
    assert "Relaterade ämnen: Förstudie" in html


@pytest.mark.django_db
def test_topic_page_renders_its_blocks_breadcrumbs_and_neighbours(client, course):
    image = get_image_model().objects.create(
        title="Diagram", file=get_test_image_file(filename="diagram.png")
    )
    topic = TopicPage.objects.get(slug="vad-ar-kc")
    topic.body = [
        ("heading", {"text": "Tre nivåer", "level": "h2"}),
        ("paragraph", "<p>Generalist, specialist och expert.</p>"),
        (
            "fact_box",
            {
                "title": "Nyckeltal",
                "text": "<p>Fakta.</p>",
                "figures": [{"value": "85 %", "label": "kan besvaras i KC"}],
            },
        ),
        ("quote", {"text": "En väg in.", "attribution": "Jönköpings kommun"}),
        ("image", {"image": image, "decorative": False, "alt_text": "Stapeldiagram"}),
        (
            "further_reading",
            {
                "title": "Läs mer",
                "links": [
                    {
                        "title": "Förstudie",
                        "page": TopicPage.objects.get(slug="forstudie"),
                        "url": "",
                        "description": "",
                    }
                ],
            },
        ),
    ]
    topic.tags.add("Socialtjänst")
    topic.save_revision().publish()
    RelatedTopic.objects.create(
        page=topic, topic=TopicPage.objects.get(slug="forstudie")
    )

    html = client.get(topic.url).content.decode()
    assert "<h2>Tre nivåer</h2>" in html
    assert "<dt>85 %</dt>" in html and "<dd>kan besvaras i KC</dd>" in html
    assert "<figcaption>Jönköpings kommun</figcaption>" in html
    assert 'alt="Stapeldiagram"' in html
    assert 'href="/testkurs/forstudie/">Förstudie</a>' in html
    assert '<span class="tag">Socialtjänst</span>' in html
    assert re.search(
        r'aria-labelledby="subtopics-heading">.*Fördelar.*Nackdelar',
        html,
        re.S,
    )
    assert re.search(r'aria-labelledby="related-heading">.*Förstudie', html, re.S)
    assert 'href="/testkurs/">Testkurs</a>' in html  # breadcrumb back to the course


@pytest.mark.django_db
def test_topic_page_hides_unpublished_related_topics(client, course):
    topic = TopicPage.objects.get(slug="forstudie")
    draft = TopicPageFactory(parent=course, title="Hemligt utkast", live=False)
    RelatedTopic.objects.create(page=topic, topic=draft)
    assert "Hemligt utkast" not in client.get(topic.url).content.decode()


@pytest.mark.django_db
def test_unknown_address_gives_the_swedish_404_page(client, catalog):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_mindmap_query_count_does_not_grow_with_the_course(client, learner):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    demo = TopicPage.objects.get(slug="forstudie").get_parent().get_parent().specific
    big = CoursePageFactory(
        parent=demo.get_parent(), title="Stor kurs", slug="stor-kurs"
    )
    generate_topics(big, 200)
    assert big.get_topics().count() == 200

    client.force_login(learner)
    # Warm the site-root cache and each course's cached attribution.
    count_queries(client, demo.url)
    count_queries(client, big.url)
    demo_queries = count_queries(client, demo.url)
    big_queries = count_queries(client, big.url)
    assert demo_queries == big_queries
    assert len(node_links(client.get(big.url).content.decode())) == 200
    # Routing, privacy, session, user, topics, cross-links, permissions, locale,
    # and where the course comes from (the attribution of an imported course).
    assert demo_queries <= 16
