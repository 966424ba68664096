"""Factories for course pages, used by the tests."""

import factory
import wagtail_factories

from .models import CatalogPage, CoursePage, RelatedTopic, TopicPage


class CatalogPageFactory(wagtail_factories.PageFactory):
    title = "Kurser"
    intro = "<p>Kurser för kommunens kontaktcenter.</p>"

    class Meta:
        model = CatalogPage


class CoursePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Kurs {n}")
    intro = "<p>En kurs om kontaktcenter.</p>"
    audience = "Nya medarbetare i kontaktcenter"

    class Meta:
        model = CoursePage


class TopicPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Ämne {n}")
    summary = factory.LazyAttribute(lambda page: f"Sammanfattning av {page.title}.")
    body = factory.LazyFunction(
        lambda: [("paragraph", "<p>Ett kontaktcenter är kommunens väg in.</p>")]
    )

    class Meta:
        model = TopicPage


def generate_topics(
    course: CoursePage, count: int, per_branch: int = 9
) -> list[TopicPage]:
    """``count`` topics under ``course``: main topics, each with up to ``per_branch``
    subtopics, every fifth topic cross-linked to the one before it."""
    topics: list[TopicPage] = []
    branch = None
    for number in range(count):
        if number % (per_branch + 1) == 0:
            branch = TopicPageFactory(parent=course, title=f"Huvudämne {number}")
            topics.append(branch)
        else:
            topics.append(TopicPageFactory(parent=branch, title=f"Ämne {number}"))
    RelatedTopic.objects.bulk_create(
        RelatedTopic(page=topics[i], topic=topics[i - 1], sort_order=0)
        for i in range(5, count, 5)
    )
    return topics
