"""The editors' inbox "Synpunkter": a filtered, searchable list of feedback, its CSV
export, and one handling view per item (status, assignment, notes, replies).

Anonymity holds on every screen: for anonymous feedback nothing shows the sender or
``sender_token`` — the list shows "Anonym", the handling view never loads the
sender, and the export leaves them out. Replies to anonymous feedback are never
e-mailed: the sender reads them under Mina synpunkter (``notifications``).
"""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import (
    IndexView,
    PermissionCheckedMixin,
    WagtailAdminTemplateMixin,
)
from wagtail.models import Page

from courses.models import CoursePage

from . import export, notifications
from .admin_forms import (
    AssignForm,
    NoteForm,
    ReplyForm,
    StatusForm,
    allowed_statuses,
    feedback_handlers,
)
from .labels import person, sender_label
from .models import Feedback, FeedbackNote, FeedbackReply

# Characters of the text shown in the inbox's list.
EXCERPT_LENGTH = 90


class FeedbackFilterSet(WagtailFilterSet):
    course = django_filters.ModelChoiceFilter(
        label=_("Course"), queryset=CoursePage.objects.order_by("title")
    )
    page = django_filters.ModelChoiceFilter(
        label=_("Page"),
        queryset=Page.objects.filter(feedback__isnull=False)
        .distinct()
        .order_by("title"),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Feedback.Kind.choices)
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Feedback.Status.choices
    )
    assigned_to = django_filters.ModelChoiceFilter(
        label=_("Assigned to"),
        queryset=lambda request: feedback_handlers(),
        null_label=_("Nobody"),
    )
    received = django_filters.DateFromToRangeFilter(
        label=_("Received"), field_name="created_at", widget=DateRangePickerWidget
    )
    rating = django_filters.ChoiceFilter(
        label=_("Rating"), choices=[(n, str(n)) for n in range(1, 6)]
    )

    class Meta:
        model = Feedback
        fields = []


class SenderColumn(Column):
    def get_value(self, instance):
        return sender_label(instance)


class InboxPaginator(WagtailPaginator):
    # The model's verbose names read as "återkoppling"; the inbox counts items.
    verbose_name = _("feedback item")
    verbose_name_plural = _("feedback items")


class InboxView(IndexView):
    """The inbox: newest first, filters, search in the text and the title, and a
    CSV download of exactly what is listed (``?export=csv``)."""

    filterset_class = FeedbackFilterSet
    search_fields = ["text", "subject_title"]
    # Feedback is not in the search index: the fields are searched with icontains,
    # which works the same on SQLite and PostgreSQL.
    search_backend_name = None
    default_ordering = "-created_at"
    list_export = ["created_at"]  # turns the download on; export.py writes it

    paginator_class = InboxPaginator
    verbose_name = InboxPaginator.verbose_name
    verbose_name_plural = InboxPaginator.verbose_name_plural

    def get_page_title(self):
        return gettext("Feedback")

    @cached_property
    def columns(self):
        return [
            DateColumn("created_at", label=_("Received"), sort_key="created_at"),
            TitleColumn(
                "subject_title",
                accessor="display_title",
                label=_("About"),
                url_name=self.edit_url_name,
                sort_key="subject_title",
                classname="feedback-inbox-title",
            ),
            Column("text", label=_("Feedback"), accessor=self.excerpt),
            Column("kind", label=_("Kind"), accessor="get_kind_display"),
            Column("rating", label=_("Rating"), sort_key="rating"),
            Column("course", label=_("Course"), accessor="course.title"),
            Column(
                "status",
                label=_("Status"),
                accessor="get_status_display",
                sort_key="status",
            ),
            Column("assigned_to", label=_("Assigned to"), accessor=self.assignee),
            SenderColumn("sender", label=_("Sender")),
        ]

    @staticmethod
    def excerpt(feedback):
        """The start of what was said, so the list can be read without opening
        every item (escaped when the column renders it)."""
        return Truncator(feedback.text).chars(EXCERPT_LENGTH)

    @staticmethod
    def assignee(feedback):
        return person(feedback.assigned_to)

    def get_base_queryset(self):
        return Feedback.objects.select_related("course", "assigned_to", "sender")

    def as_spreadsheet(self, queryset, spreadsheet_format):
        # Not ``export_filename``: the viewset sets that to "feedback_feedback".
        return export.csv_response(export.filename(), queryset)

    @cached_property
    def header_more_buttons(self):
        # Only the CSV the inbox writes itself (semicolons, BOM, safe cells).
        return [b for b in super().header_more_buttons if "xlsx" not in b.url]


class HandleView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """One feedback item: what the sender wrote, the page, and the editors' work on
    it. Each POST carries one ``action`` and writes nothing unless its form is
    valid and the user has the permission it needs."""

    model = Feedback
    permission_policy = None
    permission_required = "view"
    template_name = "feedback/admin/handle.html"
    index_url_name = None
    edit_url_name = None
    page_title = _("Feedback")

    ACTIONS = {
        # action: (form class, permission codename)
        "status": (StatusForm, "feedback.change_feedback"),
        "assign": (AssignForm, "feedback.change_feedback"),
        "note": (NoteForm, "feedback.change_feedback"),
        "reply": (ReplyForm, "feedback.reply_feedback"),
    }

    def dispatch(self, request, *args, **kwargs):
        # Never the sender: anonymous feedback has none, and the view needs no name.
        self.object = get_object_or_404(
            Feedback.objects.select_related("page", "course", "assigned_to"),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.object.subject_title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Feedback")},
            {"url": "", "label": self.object.subject_title},
        ]

    def forms(self, data=None, action=None):
        feedback = self.object

        def bound(name):
            return data if name == action else None

        return {
            "status_form": StatusForm(
                bound("status"), feedback=feedback, prefix="status"
            ),
            "assign_form": AssignForm(
                bound("assign"),
                prefix="assign",
                initial={"assigned_to": feedback.assigned_to_id},
            ),
            "note_form": NoteForm(bound("note"), prefix="note"),
            "reply_form": ReplyForm(bound("reply"), feedback=feedback, prefix="reply"),
        }

    def get_context_data(self, **kwargs):
        feedback = self.object
        user = self.request.user
        context = super().get_context_data(**kwargs)
        context.update(self.forms())
        context.update(kwargs)
        page = feedback.page.specific_deferred if feedback.page else None
        context.update(
            feedback=feedback,
            sender=sender_label(feedback),
            page=page,
            page_url=page.get_url(self.request) if page else None,
            page_edit_url=(
                reverse("wagtailadmin_pages:edit", args=[page.pk]) if page else None
            ),
            history=self.history(),
            can_change=user.has_perm("feedback.change_feedback"),
            can_reply=user.has_perm("feedback.reply_feedback"),
            can_change_status=bool(allowed_statuses(feedback.status)),
            reply_deliverable=notifications.can_be_answered_by_email(feedback),
        )
        return context

    def history(self):
        """Notes and replies, oldest first, each with its author and time."""
        notes = [
            {"type": "note", "entry": note}
            for note in self.object.notes.select_related("author")
        ]
        replies = [
            {"type": "reply", "entry": reply}
            for reply in self.object.replies.select_related("author")
        ]
        return sorted(
            notes + replies, key=lambda item: (item["entry"].created_at, item["type"])
        )

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action not in self.ACTIONS:
            messages.error(request, gettext("Choose something to do."))
            return redirect(request.path)
        _form_class, permission = self.ACTIONS[action]
        if not request.user.has_perm(permission):
            raise PermissionDenied
        forms = self.forms(request.POST, action)
        form = forms[f"{action}_form"]
        if not form.is_valid():
            messages.error(request, gettext("The form has errors. Nothing was saved."))
            return self.render_to_response(self.get_context_data(**forms), status=400)
        getattr(self, f"do_{action}")(form)
        return redirect(request.path)

    @transaction.atomic
    def do_status(self, form):
        self.object.status = form.cleaned_data["status"]
        self.object.save(update_fields=["status", "updated_at"])
        messages.success(
            self.request,
            gettext("The status is now “%(status)s”.")
            % {"status": self.object.get_status_display()},
        )

    @transaction.atomic
    def do_assign(self, form):
        self.object.assigned_to = form.cleaned_data["assigned_to"]
        self.object.save(update_fields=["assigned_to", "updated_at"])
        messages.success(self.request, gettext("The assignment is saved."))

    @transaction.atomic
    def do_note(self, form):
        FeedbackNote.objects.create(
            feedback=self.object,
            author=self.request.user,
            text=form.cleaned_data["text"],
        )
        messages.success(self.request, gettext("The note is saved."))

    @transaction.atomic
    def do_reply(self, form):
        new_status = form.new_status()
        # Choosing a status is a change; moving new feedback on by replying is not.
        if form.cleaned_data["status"] and not self.request.user.has_perm(
            "feedback.change_feedback"
        ):
            raise PermissionDenied
        FeedbackReply.objects.create(
            feedback=self.object,
            author=self.request.user,
            text=form.cleaned_data["text"],
        )
        self.object.status = new_status
        self.object.save(update_fields=["status", "updated_at"])
        if notifications.can_be_answered_by_email(self.object):
            notifications.notify_reply(self.object, self.request)
            messages.success(
                self.request, gettext("The reply is saved and the sender is told.")
            )
        elif self.object.anonymous:
            messages.success(
                self.request,
                gettext(
                    "The reply is saved. The sender is anonymous and gets no e-mail; "
                    "the reply is shown under My feedback."
                ),
            )
        else:
            messages.warning(
                self.request,
                gettext(
                    "The reply is saved, but it cannot be delivered: the sender "
                    "was a visitor who was not logged in."
                ),
            )


def open_feedback_counts(page) -> dict:
    """The page's average rating and its open feedback, for its edit view."""
    rows = Feedback.objects.filter(page=page)
    open_items = rows.filter(
        status__in=[Feedback.Status.NEW, Feedback.Status.IN_PROGRESS]
    )
    ratings = rows.exclude(rating=None).values_list("rating", flat=True)
    ratings = list(ratings)
    return {
        "average": sum(ratings) / len(ratings) if ratings else None,
        "ratings": len(ratings),
        "open": list(open_items.order_by("-created_at")[:5]),
        "open_count": open_items.count(),
    }
