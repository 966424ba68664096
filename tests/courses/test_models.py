import uuid

import pytest
from wagtail import blocks
from wagtail.test.utils import WagtailPageTestCase

from courses.blocks import LinkBlock
from courses.factories import TopicPageFactory
from courses.models import CatalogPage, CoursePage, TopicPage
from lectures.models import LecturePage


class TestPageTree(WagtailPageTestCase):
    """Editors can only build valid courses: catalog > course > topic > topic …"""

    def test_courses_live_in_a_catalog_and_only_there(self):
        self.assertCanCreateAt(CatalogPage, CoursePage)
        self.assertCanNotCreateAt(CoursePage, CoursePage)
        self.assertCanNotCreateAt(TopicPage, CoursePage)

    def test_topics_live_in_a_course_or_under_another_topic(self):
        self.assertCanCreateAt(CoursePage, TopicPage)
        self.assertCanCreateAt(TopicPage, TopicPage)
        self.assertCanNotCreateAt(CatalogPage, TopicPage)

    def test_allowed_subpage_types_are_exactly_the_course_structure(self):
        self.assertAllowedSubpageTypes(CatalogPage, {CoursePage})
        self.assertAllowedSubpageTypes(CoursePage, {TopicPage, LecturePage})
        self.assertAllowedSubpageTypes(TopicPage, {TopicPage, LecturePage})


@pytest.mark.django_db
def test_every_course_and_topic_gets_its_own_stable_uuid(course):
    topics = list(course.get_topics())
    uuids = {course.uuid, *(topic.uuid for topic in topics)}
    assert len(uuids) == len(topics) + 1
    topic = topics[0]
    topic.title = "Nytt namn"
    topic.save_revision().publish()
    topic.refresh_from_db()
    assert TopicPage.objects.get(pk=topic.pk).uuid == topics[0].uuid


@pytest.mark.django_db
def test_a_copied_topic_is_new_content_with_a_new_uuid(course):
    original = TopicPage.objects.get(slug="forstudie")
    copy = original.copy(update_attrs={"slug": "forstudie-kopia", "title": "Kopia"})
    assert copy.specific.uuid != original.uuid


@pytest.mark.django_db
def test_an_alias_is_a_page_of_its_own_with_a_new_uuid(course):
    # Wagtail copies every field of the original into an alias, the unique shared
    # identifier too: creating one failed with an integrity error.
    original = TopicPage.objects.get(slug="forstudie")
    alias = original.create_alias(update_slug="forstudie-alias").specific
    assert alias.alias_of_id == original.pk
    assert alias.uuid != original.uuid


@pytest.mark.django_db
def test_an_alias_of_a_course_and_its_topics_keeps_its_own_uuids_when_synced(
    course, catalog
):
    alias = course.create_alias(recursive=True, update_slug="testkurs-alias")
    pages = [alias, *alias.get_descendants()]
    mirrored = {page.specific.alias_of.specific.uuid for page in pages}
    own = {page.specific.uuid for page in pages}
    assert len(own) == len(pages) and not own & mirrored
    # Publishing the original updates its aliases (Wagtail copies its content into
    # them): each keeps its own identifier.
    topic = TopicPage.objects.get(slug="forstudie", alias_of__isnull=True)
    topic.title = "Förstudien"
    topic.save_revision().publish()
    mirror = TopicPage.objects.get(alias_of=topic)
    assert mirror.title == "Förstudien"
    assert mirror.uuid != topic.uuid and mirror.uuid in own


@pytest.mark.django_db
def test_a_revision_keeps_the_pages_uuid(course):
    topic = TopicPage.objects.get(slug="forstudie")
    revision = topic.save_revision()
    content = dict(revision.content, uuid=str(uuid.uuid4()))  # a forged identifier
    assert topic.with_content_json(content).uuid == topic.uuid


@pytest.mark.django_db
def test_topic_tags_record_the_department(course):
    topic = TopicPage.objects.get(slug="forstudie")
    topic.tags.add("Socialtjänst", "Bygg och miljö")
    topic.save()
    assert set(
        TopicPage.objects.filter(tags__name="Socialtjänst").values_list(
            "slug", flat=True
        )
    ) == {"forstudie"}


def test_link_block_accepts_an_address_alone():
    block = LinkBlock()
    value = {"title": "SKR", "page": None, "url": "https://skr.se/", "description": ""}
    assert block.clean(block.to_python(value))["url"] == "https://skr.se/"


def test_link_block_rejects_a_link_without_target():
    block = LinkBlock()
    value = {"title": "Ingenstans", "page": None, "url": "", "description": ""}
    with pytest.raises(blocks.StructBlockValidationError) as error:
        block.clean(block.to_python(value))
    assert "url" in error.value.block_errors


@pytest.mark.django_db
def test_link_block_rejects_both_a_page_and_an_address(course):
    block = LinkBlock()
    topic = TopicPage.objects.get(slug="forstudie")
    value = block.to_python(
        {"title": "Båda", "page": topic.pk, "url": "https://skr.se/", "description": ""}
    )
    with pytest.raises(blocks.StructBlockValidationError):
        block.clean(value)


@pytest.mark.django_db
def test_course_topics_come_in_tree_order_and_exclude_drafts(course):
    draft = TopicPageFactory(parent=course, title="Utkast", slug="utkast", live=False)
    titles = [topic.title for topic in course.get_topics()]
    assert titles == ["Vad är KC?", "Fördelar", "Nackdelar", "Förstudie"]
    assert draft.title not in titles
