"""The inbox "Synpunkter" in the Wagtail admin, and the feedback a page has shown
on its edit view.

Feedback is made only by learners (and visitors), so the admin has no "add", no
copy and no generic edit form: a row opens the handling view instead
(``admin_views.HandleView``). There is no inspect view either, so no screen lists
the model's fields (the sender, the token) by itself.
"""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.permissions import policy_registry

from .admin_views import HandleView, InboxView, open_feedback_counts
from .models import Feedback

# Words of the text shown for each open item in a page's "…" menu.
MENU_WORDS = 6


class FeedbackViewSet(ModelViewSet):
    model = Feedback
    name = "feedback_inbox"
    url_prefix = "synpunkter"
    icon = "comment"
    menu_label = _("Feedback")
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = InboxView
    search_fields = ["text", "subject_title"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", self.edit_view, name="edit"),
            path("<int:pk>/delete/", self.delete_view, name="delete"),
        ]

    def get_common_view_kwargs(self, **kwargs):
        # The views this viewset does not have must not be linked to.
        return super().get_common_view_kwargs(
            **{
                "add_url_name": None,
                "history_url_name": None,
                "usage_url_name": None,
                **kwargs,
            }
        )

    @cached_property
    def menu_item_class(self):
        """The menu item says how much new feedback waits: "Synpunkter (3 nya)"."""

        class InboxMenuItem(super().menu_item_class):
            def render_component(self, request):
                new = Feedback.objects.filter(status=Feedback.Status.NEW).count()
                label = self.label
                if new:
                    label = ngettext(
                        "%(label)s (%(count)s new)",
                        "%(label)s (%(count)s new)",
                        new,
                    ) % {"label": self.label, "count": new}
                return LinkMenuItemComponent(
                    self.name,
                    label,
                    self.url,
                    icon_name=self.icon_name,
                    classname=self.classname,
                    attrs=self.attrs,
                )

        return InboxMenuItem

    @cached_property
    def edit_view(self):
        return self.construct_view(
            HandleView,
            permission_policy=policy_registry.get_by_type(Feedback),
            index_url_name=self.get_url_name("index"),
            header_icon=self.icon,
        )


feedback_viewset = FeedbackViewSet()


@hooks.register("register_admin_viewset")
def register_feedback_viewset():
    return feedback_viewset


@hooks.register("insert_global_admin_css")
def inbox_css():
    return format_html(
        '<link rel="stylesheet" href="{}">', static("feedback/inbox.css")
    )


@hooks.register("before_edit_page")
def show_page_feedback(request, page):
    """On a page's edit view: its average rating and how much open feedback it
    has, as a message with a link to the inbox filtered to the page (Wagtail has no
    hook for side panels; messages and header buttons are its supported ways)."""
    if request.method != "GET" or not request.user.has_perm("feedback.view_feedback"):
        return None
    summary = open_feedback_counts(page)
    if summary["average"] is None and not summary["open_count"]:
        return None
    parts = []
    if summary["average"] is not None:
        parts.append(
            gettext("Average rating %(average)s of 5 (%(count)s ratings).")
            % {
                "average": f"{summary['average']:.1f}".replace(".", ","),
                "count": summary["ratings"],
            }
        )
    parts.append(
        gettext("Open feedback on this page: %(count)s.")
        % {"count": summary["open_count"]}
    )
    messages.info(
        request,
        " ".join(parts),
        buttons=[
            messages.button(
                reverse("feedback_inbox:index") + f"?page={page.pk}",
                gettext("See the feedback"),
            )
        ],
    )
    return None


def menu_label(feedback) -> str:
    """One open item in the page's "…" menu: kind and status alone would make
    several items look the same, so the date and the first words of the text (and
    the quiz or practice call it is about) tell them apart."""
    label = gettext("Feedback %(date)s: %(kind)s, %(status)s – “%(start)s”") % {
        "date": timezone.localtime(feedback.created_at).strftime("%Y-%m-%d"),
        "kind": feedback.get_kind_display(),
        "status": feedback.get_status_display().lower(),
        "start": Truncator(feedback.text).words(MENU_WORDS),
    }
    if feedback.subject != Feedback.Subject.PAGE:
        label += f" ({feedback.display_title})"
    return label


@hooks.register("register_page_header_buttons")
def page_feedback_buttons(page, user, view_name, next_url=None):
    """The page's open feedback in its header menu, each linking to its handling
    view."""
    if view_name != "edit" or not user.has_perm("feedback.view_feedback"):
        return
    for index, feedback in enumerate(open_feedback_counts(page)["open"]):
        yield Button(
            menu_label(feedback),
            url=reverse("feedback_inbox:edit", args=[feedback.pk]),
            icon_name="comment",
            priority=900 + index,
        )
