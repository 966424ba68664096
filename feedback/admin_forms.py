"""The forms of the handling view: status, assignment, an internal note, a reply.

Each form checks everything it is given (the status flow, who may be assigned, the
lengths the models allow) before the view writes anything, so bad input gets an
error on its field and leaves the feedback as it was.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import NOTE_MAX_LENGTH, REPLY_MAX_LENGTH, Feedback

Status = Feedback.Status

# Where feedback may go from each status: new → in progress → resolved / rejected,
# and a closed item may be reopened (back to in progress).
TRANSITIONS = {
    Status.NEW: {Status.IN_PROGRESS, Status.RESOLVED, Status.REJECTED},
    Status.IN_PROGRESS: {Status.RESOLVED, Status.REJECTED},
    Status.RESOLVED: {Status.IN_PROGRESS},
    Status.REJECTED: {Status.IN_PROGRESS},
}


def allowed_statuses(current: str) -> list[tuple[str, str]]:
    """The statuses feedback in ``current`` may move to, in the flow's order."""
    allowed = TRANSITIONS.get(current, set())
    return [(value, label) for value, label in Status.choices if value in allowed]


def _has_perm(app_label: str, codename: str) -> Q:
    """Users who have the permission directly, through a group, or as superusers."""
    return (
        Q(is_superuser=True)
        | Q(
            groups__permissions__codename=codename,
            groups__permissions__content_type__app_label=app_label,
        )
        | Q(
            user_permissions__codename=codename,
            user_permissions__content_type__app_label=app_label,
        )
    )


def feedback_handlers():
    """Who feedback can be assigned to: active users who may use the admin and
    change feedback (the editors, whatever their groups are called)."""
    users = get_user_model().objects.filter(is_active=True)
    ids = users.filter(_has_perm("wagtailadmin", "access_admin")).values("pk")
    ids = users.filter(pk__in=ids).filter(_has_perm("feedback", "change_feedback"))
    return users.filter(pk__in=ids.values("pk")).order_by(
        "first_name", "last_name", "username"
    )


class HandlerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)

    def __init__(self, *args, feedback, **kwargs):
        super().__init__(*args, **kwargs)
        self.feedback = feedback
        self.fields["status"].choices = allowed_statuses(feedback.status)

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status not in TRANSITIONS.get(self.feedback.status, set()):
            raise forms.ValidationError(
                _("Feedback cannot go from this status to that one.")
            )
        return status


class AssignForm(forms.Form):
    assigned_to = HandlerChoiceField(
        label=_("Assigned to"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Nobody"),
        error_messages={
            "invalid_choice": _("Choose an editor who may handle feedback, or nobody.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = feedback_handlers()


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only editors see notes; the sender never does."),
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Reply to the sender"),
        max_length=REPLY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_('The sender sees the reply under "My feedback".'),
    )
    status = forms.ChoiceField(
        label=_("Then set the status to"),
        required=False,
        help_text=_('New feedback moves to "Being handled" if you choose nothing.'),
    )

    def __init__(self, *args, feedback, **kwargs):
        super().__init__(*args, **kwargs)
        self.feedback = feedback
        self.fields["status"].choices = [
            ("", _("Keep the status")),
            *allowed_statuses(feedback.status),
        ]

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status and status not in TRANSITIONS.get(self.feedback.status, set()):
            raise forms.ValidationError(
                _("Feedback cannot go from this status to that one.")
            )
        return status

    def new_status(self) -> str:
        """The status after the reply: the one chosen, else "in progress" for new
        feedback (someone is on it now), else unchanged."""
        chosen = self.cleaned_data.get("status")
        if chosen:
            return chosen
        if self.feedback.status == Status.NEW:
            return Status.IN_PROGRESS
        return self.feedback.status
