"""Video lectures: a video, caption tracks, chapters and a searchable transcript.

The video is a wagtailmedia ``Media`` item (upload, library, chooser, poster, duration);
what wagtailmedia does not have lives here: caption tracks per language (WebVTT; SRT is
converted on upload), their cues (for the interactive transcript and site search),
chapters, and each learner's watched ranges.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.search.backends import get_search_backend
from wagtailmedia.edit_handlers import MediaChooserPanel

from ecirkel.content import KeptViewRestrictionsMixin, SharedContentMixin
from progress.states import ProgressState, states_for
from progress.structure import course_of

from . import captions, mediafiles
from .languages import language_name
from .page_forms import LecturePageForm

CAPTION_LANGUAGES = [("sv", "Svenska"), ("en", "English")]


class LecturePage(KeptViewRestrictionsMixin, SharedContentMixin, Page):  # noqa: DJ008 (Page has __str__)
    summary = models.CharField(_("summary"), max_length=300)
    video = models.ForeignKey(
        "wagtailmedia.Media",
        verbose_name=_("video"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "An MP4 or WebM file: choose one from the media library or upload it "
            "there. Its length is read from the file."
        ),
    )
    poster = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("poster image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    duration = models.FloatField(
        _("duration (seconds)"),
        help_text=_(
            "Only needed when the video's length could not be read from its file: "
            "a lecture whose length is unknown cannot be published."
        ),
        null=True,
        blank=True,
    )
    description = RichTextField(
        _("about the lecture"), blank=True, features=["bold", "italic", "link", "ul"]
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                MediaChooserPanel("video", media_type="video"),
                FieldPanel("poster"),
                FieldPanel("duration"),
            ],
            heading=_("Video"),
        ),
        FieldPanel("description"),
        InlinePanel(
            "caption_tracks",
            heading=_("Captions and transcript"),
            label=_("Caption track"),
            help_text=_(
                "A WebVTT or SRT file per language, or a pasted timed transcript. "
                "A lecture cannot be published without captions in Swedish."
            ),
        ),
        InlinePanel(
            "chapters",
            heading=_("Chapters"),
            label=_("Chapter"),
            help_text=_("Optional: where each part of the lecture starts."),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
    ]

    parent_page_types = ["courses.CoursePage", "courses.TopicPage"]
    subpage_types = []
    base_form_class = LecturePageForm

    class Meta:
        verbose_name = _("lecture")
        verbose_name_plural = _("lectures")

    @property
    def length(self) -> float:
        """Seconds: the length read from the video file, else the one typed in;
        0 when neither is known (such a lecture cannot be published)."""
        return mediafiles.lecture_length(
            self.video if self.video_id else None, self.duration
        )

    def publishing_problems(self) -> list[str]:
        """Why this lecture (a saved page or a revision of it) cannot be published;
        empty when it can. The page form says the same per field; this is the check
        for every other way to publish: bulk actions, workflows, scheduling."""
        problems = []
        language = self.course_language
        if not any(track.language == language for track in self.caption_tracks.all()):
            problems.append(
                _(
                    "“%(title)s” has no captions in the course's language "
                    "(%(language)s)."
                )
                % {"title": self.title, "language": language_name(language)}
            )
        if not self.length:
            problems.append(
                _("The length of the video of “%(title)s” is unknown.")
                % {"title": self.title}
            )
        return problems

    def publish(self, revision, *args, **kwargs):
        """Refuse to put a lecture live that a learner could not complete: however
        it is published, its revision must have captions and a known length."""
        problems = revision.as_object().publishing_problems()
        if problems:
            raise ValidationError(problems)
        return super().publish(revision, *args, **kwargs)

    def get_course(self):
        return course_of(self)

    @property
    def course_language(self) -> str:
        """The language of the lecture's course: its page's locale (Swedish)."""
        return self.locale.language_code if self.locale_id else "sv"

    def main_track(self, tracks=None):
        """The Swedish caption track, else the first one: the transcript's.
        ``tracks``: the lecture's tracks, when the caller has them already."""
        if tracks is None:
            tracks = list(self.caption_tracks.all())
        return next(
            (t for t in tracks if t.language == "sv"), tracks[0] if tracks else None
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["lecture"] = self
        context["state"] = states_for(request.user, [self.pk]).get(
            self.pk, ProgressState.NOT_STARTED
        )
        return context


class CaptionTrack(Orderable):
    """One language's captions. Stored as WebVTT text, whatever was uploaded."""

    page = ParentalKey(
        LecturePage, on_delete=models.CASCADE, related_name="caption_tracks"
    )
    language = models.CharField(_("language"), max_length=10, choices=CAPTION_LANGUAGES)
    upload = models.FileField(
        _("WebVTT or SRT file"),
        upload_to="captions/",
        blank=True,
        help_text=_("Checked line by line; SRT is converted to WebVTT."),
    )
    pasted = models.TextField(
        _("or a timed transcript"),
        blank=True,
        help_text=_("One line per caption, starting with its time: “01:15 Text”."),
    )
    vtt = models.TextField(_("WebVTT"), blank=True, editable=False)

    panels = [FieldPanel("language"), FieldPanel("upload"), FieldPanel("pasted")]

    class Meta(Orderable.Meta):
        verbose_name = _("caption track")
        verbose_name_plural = _("caption tracks")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "language"], name="one_track_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.page} ({self.language})"

    @property
    def label(self) -> str:
        return dict(CAPTION_LANGUAGES)[self.language]

    def clean(self):
        super().clean()
        if self.upload and not self.upload._committed:
            self.upload.seek(0)
            data = self.upload.read()
            try:
                _kind, cues = captions.parse(data)
            except captions.CaptionError as error:
                raise ValidationError({"upload": str(error)}) from error
            if not cues:
                raise ValidationError({"upload": _("The file has no captions.")})
            vtt = captions.to_vtt(cues)
            if len(vtt.encode()) > captions.MAX_BYTES:
                raise ValidationError(
                    {
                        "upload": _(
                            "Written out as WebVTT these captions are larger than "
                            "2 MB; split the file or shorten the captions."
                        )
                    }
                )
            self.vtt = vtt
        elif self.pasted.strip() and (not self.vtt or self._pasted_changed()):
            try:
                cues = captions.from_timed_transcript(self.pasted)
            except captions.CaptionError as error:
                raise ValidationError({"pasted": str(error)}) from error
            self.vtt = captions.to_vtt(cues)
        elif not self.vtt:
            raise ValidationError(
                {"upload": _("Upload a caption file or paste a timed transcript.")}
            )

    def _pasted_changed(self) -> bool:
        if not self.pk:
            return True
        old = CaptionTrack.objects.filter(pk=self.pk).values_list("pasted", flat=True)
        return list(old) != [self.pasted]

    def cues(self) -> list[captions.Cue]:
        return captions.parse(self.vtt.encode())[1] if self.vtt else []

    def save(self, *args, **kwargs):
        if not self.vtt:
            self.clean()
        super().save(*args, **kwargs)
        self.cue_rows.all().delete()
        cues = Cue.objects.bulk_create(
            Cue(track=self, position=n, start=c.start, end=c.end, text=c.text)
            for n, c in enumerate(self.cues())
        )
        # bulk_create sends no signals, so the search index is told directly.
        get_search_backend().add_bulk(Cue, cues)


class Cue(index.Indexed, models.Model):
    """One caption of a track, kept for the transcript and for site search."""

    track = models.ForeignKey(
        CaptionTrack, on_delete=models.CASCADE, related_name="cue_rows"
    )
    position = models.PositiveIntegerField()
    start = models.FloatField()
    end = models.FloatField()
    text = models.TextField()

    search_fields = [
        index.SearchField("text"),
        index.FilterField("track_id"),
    ]

    class Meta:
        ordering = ["track", "position"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="cue_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Chapter(Orderable):
    page = ParentalKey(LecturePage, on_delete=models.CASCADE, related_name="chapters")
    start = models.FloatField(_("starts at (seconds)"))
    title = models.CharField(_("title"), max_length=200)

    panels = [FieldPanel("start"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        ordering = ["start"]

    def __str__(self) -> str:
        return self.title


class WatchProgress(models.Model):
    """Which parts of a lecture a learner has watched, and where they stopped."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="watch_progress",
    )
    lecture = models.ForeignKey(LecturePage, on_delete=models.CASCADE, related_name="+")
    ranges = models.JSONField(default=list, blank=True)
    watched_seconds = models.FloatField(default=0)
    position = models.FloatField(default=0)
    completed = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lecture"], name="one_watch_per_lecture"
            ),
            models.CheckConstraint(
                condition=models.Q(watched_seconds__gte=0), name="watched_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.lecture_id} {self.watched_seconds:.0f}s"


class ViewingSession(models.Model):
    """One sitting in front of a lecture, opened by the player when the page loads.

    Watch reports name their session, and the server credits at most what could have
    been played since it began (see ``lectures.ranges.within_budget``): a report of 90
    watched seconds 0.1 s after opening the page is clipped to what was possible.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    lecture = models.ForeignKey(LecturePage, on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    # The ranges credited in this session, merged.
    ranges = models.JSONField(default=list, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "lecture", "started_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.lecture_id} {self.started_at:%Y-%m-%d %H:%M}"
