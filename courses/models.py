"""Course pages: the catalog at the site root, a course's home with its mindmap, topics.

The page tree is the course structure: a CoursePage's TopicPage children are the
mindmap's first ring, their children the next, and so on. Editors order topics by
ordering the pages in the Wagtail admin and add cross-links as "related topics".
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.rich_text import expand_db_html
from wagtail.search import index

from ecirkel import caching, locales
from ecirkel.content import (
    AsciiSlugMixin,
    KeptViewRestrictionsMixin,
    SharedContentMixin,
)
from progress.visits import page_state, visit

from .blocks import BaseStreamBlock
from .mindmap import content_kinds
from .mindmap_cache import course_map
from .routing import route_below


class CatalogPage(KeptViewRestrictionsMixin, AsciiSlugMixin, Page):
    """The site root: lists the published courses."""

    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link"]
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("course catalog")
        verbose_name_plural = _("course catalogs")

    def route(self, request, path_components):
        # Any page of any course in two queries, however deep (courses.routing).
        found = route_below(self, request, path_components)
        if found is None:
            return super().route(request, path_components)
        return found

    def get_courses(self):
        return CoursePage.objects.child_of(self).live().order_by("path")

    def course_cards(self, request) -> list[dict]:
        """What the catalog shows of each live course, the same for every visitor:
        title, address, introduction (rich text expanded), audience, language,
        topic count, study time and whether it needs a login. Three queries when
        built; cached until content changes (``ecirkel.caching``). Local facts are
        filled in by the template, per site."""
        courses = list(self.get_courses().select_related("locale"))
        restricted = set(
            PageViewRestriction.objects.filter(page__in=courses).values_list(
                "page_id", flat=True
            )
        )
        topic_paths = (
            TopicPage.objects.live().descendant_of(self).values_list("path", flat=True)
        )
        counts = {course.path: 0 for course in courses}
        for path in topic_paths:
            course_path = path[: self.depth * Page.steplen + Page.steplen]
            if course_path in counts:
                counts[course_path] += 1
        return [
            {
                "title": course.title,
                "url": course.get_url(request),
                "intro": mark_safe(expand_db_html(course.intro)),  # noqa: S308 (editor's rich text, as |richtext)
                "audience": course.audience,
                "language": course.locale.language_code,
                "topic_count": counts[course.path],
                "estimated_hours": course.estimated_hours,
                "requires_login": course.pk in restricted,
            }
            for course in courses
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["catalog"] = caching.fragment(
            "catalog",
            self.pk,
            request.get_host(),
            build=lambda: {
                "language": self.locale.language_code,
                "intro": mark_safe(expand_db_html(self.intro)),  # noqa: S308 (as |richtext)
                "courses": self.course_cards(request),
            },
        )
        context["courses"] = context["catalog"]["courses"]
        return context


class CompletionRequirement(Orderable):
    """One activity a learner must complete (or pass) to complete the course."""

    course = ParentalKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="completion_requirements",
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("A topic, lecture or quiz page of this course."),
    )
    must_pass = models.BooleanField(
        _("must be passed"),
        default=False,
        help_text=_("Completing is not enough: the quiz or role-play must be passed."),
    )

    panels = [FieldPanel("page"), FieldPanel("must_pass")]

    class Meta(Orderable.Meta):
        verbose_name = _("completion requirement")
        verbose_name_plural = _("completion requirements")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "page"], name="unique_completion_requirement"
            )
        ]

    def clean(self):
        super().clean()
        course = getattr(self, "course", None)
        if (
            self.page_id
            and course is not None
            and course.pk
            and not self.page.is_descendant_of(course)
        ):
            raise ValidationError({"page": _("Choose a page inside this course.")})


class CoursePage(KeptViewRestrictionsMixin, SharedContentMixin, Page):  # noqa: DJ008 (Page has __str__)
    """A course's home: what it is, who it is for, and its topics as a mindmap."""

    intro = RichTextField(
        _("introduction"), features=["bold", "italic", "link", "ul", "ol"]
    )
    audience = models.CharField(
        _("who it is for"),
        max_length=255,
        help_text=_("For example: new staff in the municipality's contact center."),
    )
    estimated_hours = models.PositiveSmallIntegerField(
        _("estimated study time (hours)"), null=True, blank=True
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("audience"), FieldPanel("estimated_hours")],
            heading=_("About the course"),
        ),
        InlinePanel(
            "completion_requirements",
            heading=_("Completion rules"),
            label=_("Requirement"),
            help_text=_(
                "What a learner must do to complete the course and get a certificate. "
                "Without requirements, every topic of the course must be completed."
            ),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("audience"),
    ]

    parent_page_types = ["courses.CatalogPage"]
    subpage_types = ["courses.TopicPage", "lectures.LecturePage"]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def get_topics(self):
        """Every live topic of the course in tree order, in one query."""
        return TopicPage.objects.live().descendant_of(self).order_by("path")

    def get_cross_links(self):
        """(topic id, related topic id) of the editors' cross-links in the course."""
        return RelatedTopic.objects.filter(
            page__path__startswith=self.path, page__live=True
        ).values_list("page_id", "topic_id")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The map is cached per content version; the learner's states are merged in.
        context["mindmap_html"], context["course_map"] = course_map(self, request)
        return context


class TopicPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "courses.TopicPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class RelatedTopic(Orderable):
    """An editor-chosen cross-link between two topics ("relaterade ämnen")."""

    page = ParentalKey(
        "courses.TopicPage", on_delete=models.CASCADE, related_name="related_topics"
    )
    topic = models.ForeignKey(
        "courses.TopicPage",
        verbose_name=_("topic"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("topic")]

    class Meta(Orderable.Meta):
        verbose_name = _("related topic")
        verbose_name_plural = _("related topics")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "topic"], name="unique_related_topic"
            )
        ]


class TopicPage(KeptViewRestrictionsMixin, SharedContentMixin, Page):  # noqa: DJ008 (Page has __str__)
    """One topic of a course: a node in its mindmap."""

    summary = models.CharField(
        _("summary"),
        max_length=300,
        help_text=_("One or two sentences shown in the mindmap and in lists."),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("content"))
    tags = ClusterTaggableManager(
        through=TopicPageTag,
        blank=True,
        verbose_name=_("tags"),
        help_text=_("For example the department (förvaltning) the topic concerns."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("tags"),
        InlinePanel("related_topics", heading=_("Related topics"), label=_("Topic")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("path"),
    ]

    parent_page_types = ["courses.CoursePage", "courses.TopicPage"]
    subpage_types = ["courses.TopicPage", "lectures.LecturePage"]

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def get_course(self):
        return CoursePage.objects.ancestor_of(self).first()

    def content_kinds(self) -> tuple[str, ...]:
        """What the body holds that a learner looks for (lecture, quiz, practice
        call), from its stored block types: no query for what the blocks choose."""
        return content_kinds(block["type"] for block in self.body.raw_data)

    def serve(self, request, *args, **kwargs):
        # The learner's state, read once; "experienced" is recorded on the first
        # visit only (progress.visits), so a repeat visit writes nothing.
        if request.method == "GET":
            self._learner_state = visit(request.user, self)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # What is the same for everyone (breadcrumbs, course, tags, subtopics,
        # related topics) is kept under the content version: publishing, moving or
        # deleting any page builds it afresh. Local facts are filled in when the
        # page is rendered, so they are not part of it.
        context.update(
            caching.fragment(
                "topic-links",
                self.pk,
                request.get_host(),
                getattr(request, "LANGUAGE_CODE", ""),
                build=lambda: self.shared_links(request),
            )
        )
        state = getattr(self, "_learner_state", None)
        if state is None:  # not served through serve(): a preview, a HEAD
            state, _seen = page_state(request.user, self)
        context["state"] = state
        return context

    def shared_links(self, request) -> dict:
        """The topic's neighbours as plain data (titles, addresses, languages):
        four queries, whatever the depth or the number of subtopics."""
        # One query for the breadcrumbs and the course: plain pages have the title
        # and address they show.
        ancestors = list(
            Page.objects.ancestor_of(self).filter(depth__gt=1).order_by("depth")
        )
        course_type = ContentType.objects.get_for_model(CoursePage).pk
        course = next(
            (page for page in ancestors if page.content_type_id == course_type), None
        )
        subtopics = locales.attach(
            TopicPage.objects.child_of(self).live().order_by("path")
        )
        related = self.related_topics.select_related("topic").order_by("sort_order")
        return {
            "breadcrumbs": [
                {"title": page.title, "url": page.get_url(request)}
                for page in ancestors
                if page.depth > 2
            ],
            "course": course
            and {"title": course.title, "url": course.get_url(request)},
            "tags": [tag.name for tag in self.tags.all()],
            "subtopics": [
                {
                    "title": topic.title,
                    "url": topic.get_url(request),
                    "language": topic.locale.language_code,
                    "summary": topic.summary,
                    "kinds": topic.content_kinds(),
                }
                for topic in subtopics
            ],
            "related": [
                {"title": link.topic.title, "url": link.topic.get_url(request)}
                for link in related
                if link.topic.live
            ],
        }


class DemoRecord(models.Model):
    """An object that ``manage.py load_demo`` made (or found) once, by a stable key.

    The loader makes an object only while its key is unrecorded, so what an
    administrator renames or deletes stays renamed or deleted.
    """

    key = models.CharField(_("key"), max_length=200, unique=True)
    # None: the object was already gone when its key was first recorded.
    object_id = models.PositiveBigIntegerField(_("object ID"), null=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("demo record")
        verbose_name_plural = _("demo records")

    def __str__(self) -> str:
        return self.key
