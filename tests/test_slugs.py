"""Page addresses are plain ASCII: å, ä and ö become a, a and o, as Swedish
municipalities write their URLs, so links are never shown percent-encoded."""

import re

import pytest
from django.apps import apps
from django.core.management import call_command
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from courses.factories import TopicPageFactory
from courses.models import TopicPage
from ecirkel.content import AsciiSlugMixin, ascii_slug

PROJECT_APPS = {"courses", "lectures", "quizzes", "roleplays", "progress", "circles"}


@pytest.mark.parametrize(
    ("typed", "used"),
    [
        ("vård-och-omsorg", "vard-och-omsorg"),
        ("Öppettider-i-Älvsbyn", "oppettider-i-alvsbyn"),
        ("förskola_skola", "forskola_skola"),
        ("smørrebrød-på-café", "smorrebrod-pa-cafe"),
        ("straße", "strasse"),
        ("kultur-och-fritid", "kultur-och-fritid"),  # ASCII stays as typed
        ("Bygglov", "Bygglov"),
    ],
)
def test_slugs_are_transliterated_to_ascii(typed, used):
    assert ascii_slug(typed) == used


def test_every_page_type_of_the_project_has_ascii_slugs():
    pages = [
        model
        for model in apps.get_models()
        if issubclass(model, Page) and model._meta.app_label in PROJECT_APPS
    ]
    assert {m.__name__ for m in pages} >= {"CoursePage", "TopicPage", "LecturePage"}
    assert [m.__name__ for m in pages if not issubclass(m, AsciiSlugMixin)] == []


@pytest.mark.django_db
def test_a_typed_slug_with_swedish_letters_becomes_ascii(course):
    topic = TopicPageFactory(parent=course, title="Vård", slug="vård-och-omsorg")
    topic.refresh_from_db()
    assert topic.slug == "vard-och-omsorg"
    assert topic.url == "/testkurs/vard-och-omsorg/"


@pytest.mark.django_db
def test_a_slug_with_no_latin_letters_is_made_from_the_title(course):
    topic = TopicPageFactory(parent=course, title="Hej på dig", slug="привет")
    assert topic.slug == "hej-pa-dig"


@pytest.mark.django_db
def test_a_slug_made_from_the_title_is_ascii(course):
    topic = TopicPage(
        title="Äldreomsorg och hemtjänst på helgen", slug="", summary="Om helgen."
    )
    course.add_child(instance=topic)
    assert topic.slug == "aldreomsorg-och-hemtjanst-pa-helgen"


def topic_form(title, slug):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": "Om något.",
            "body": streamfield([("paragraph", rich_text("<p>Om helgen.</p>"))]),
            "related_topics": {
                "TOTAL_FORMS": 0,
                "INITIAL_FORMS": 0,
                "MIN_NUM_FORMS": 0,
                "MAX_NUM_FORMS": 1000,
            },
            "tags": "",
        }
    )


@pytest.mark.django_db
def test_an_editor_typing_a_swedish_slug_gets_an_ascii_address(client, editor, course):
    client.force_login(editor)
    html = client.get(f"/admin/pages/add/courses/topicpage/{course.pk}/").content
    # The admin's slug field transliterates as the editor types (Wagtail's
    # WAGTAIL_ALLOW_UNICODE_SLUGS = False leaves out its allow-unicode attribute).
    slug_input = re.search(rb'<input[^>]*name="slug"[^>]*>', html).group(0)
    assert b"data-w-slug-allow-unicode-value" not in slug_input
    response = client.post(
        f"/admin/pages/add/courses/topicpage/{course.pk}/",
        {**topic_form("Hemtjänst", "hemtjänst-på-helgen"), "action-publish": "1"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    topic = TopicPage.objects.get(title="Hemtjänst")
    assert topic.slug == "hemtjanst-pa-helgen" and topic.live
    course_html = client.get(course.url).content.decode()
    assert 'href="/testkurs/hemtjanst-pa-helgen/"' in course_html
    assert "%C3" not in course_html


@pytest.mark.django_db
def test_a_transliterated_slug_that_is_taken_gets_a_number_not_an_error(
    client, editor, course
):
    TopicPageFactory(parent=course, title="Vård", slug="vard")
    client.force_login(editor)
    response = client.post(
        f"/admin/pages/add/courses/topicpage/{course.pk}/",
        {**topic_form("Vård igen", "vård"), "action-publish": "1"},
    )
    assert response.status_code == 302
    assert TopicPage.objects.get(title="Vård igen").slug == "vard-2"
    assert TopicPage.objects.get(title="Vård").slug == "vard"


@pytest.mark.django_db
def test_an_old_unicode_slug_becomes_ascii_when_republished_and_the_old_link_redirects(
    client, course, django_capture_on_commit_callbacks
):
    topic = TopicPageFactory(parent=course, title="Vård", slug="vard")
    # As an installation from before this rule may have it:
    TopicPage.objects.filter(pk=topic.pk).update(
        slug="vård", url_path=topic.url_path.replace("vard", "vård")
    )
    topic = TopicPage.objects.get(pk=topic.pk)
    with django_capture_on_commit_callbacks(execute=True):
        topic.save_revision().publish()
    topic.refresh_from_db()
    assert topic.slug == "vard" and topic.url == "/testkurs/vard/"
    assert Redirect.objects.filter(old_path="/testkurs/vård", redirect_page=topic)
    response = client.get("/testkurs/v%C3%A5rd/")
    assert response.status_code in (301, 302)
    assert response.url.endswith("/testkurs/vard/")


@pytest.mark.django_db
def test_the_demo_is_ascii_and_loading_it_again_changes_no_address(catalog):
    call_command("load_demo", verbosity=0)
    before = dict(Page.objects.values_list("pk", "url_path"))
    assert all(path.isascii() for path in before.values())
    call_command("load_demo", verbosity=0)
    assert dict(Page.objects.values_list("pk", "url_path")) == before
