"""Login lockouts in the Wagtail admin (Settings → Login lockouts).

django-axes records failed logins (one row per account, address and browser); this
lists them and lets an administrator unlock an account before the lock runs out.
Rows are made only by failed logins: they can be unlocked (deleted), never added or
edited. Superusers, and anyone given the "delete access attempt" permission, see it.
"""

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.urls import reverse_lazy
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import ButtonsColumnMixin, Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from ecirkel.admin_menu import TRAINING_MENU_HOOK, TrainingMenu


class LockoutPermissionPolicy(ModelPermissionPolicy):
    """Only the "delete" (unlock) permission counts; nothing is added or edited."""

    def user_has_permission(self, user, action):
        return action == "delete" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(
            [action for action in actions if action == "delete"]
        )


register_permission_policy(AccessAttempt, LockoutPermissionPolicy(AccessAttempt))


class LockoutIndexView(generic.IndexView):
    page_title = _("Login lockouts")

    @cached_property
    def columns(self):
        view = self

        class AccountColumn(ButtonsColumnMixin, TitleColumn):
            def get_buttons(self, instance, parent_context):
                return view.get_list_buttons(instance)

        return [
            AccountColumn("username", label=_("Account"), get_url=lambda row: None),
            Column("ip_address", label=_("Address")),
            Column("failures_since_start", label=_("Failed logins")),
            DateColumn("attempt_time", label=_("Last failed login")),
        ]

    def get_list_more_buttons(self, instance):
        return []

    def get_list_buttons(self, instance):
        url = self.get_delete_url(instance)
        if not url:
            return []
        return [ListingButton(_("Unlock"), url=url, icon_name="lock-open")]


class UnlockView(generic.DeleteView):
    page_title = _("Unlock")

    def get_usage_url(self):
        return None

    def get_page_subtitle(self):
        return self.object.username or self.object.ip_address or ""

    @property
    def confirmation_message(self):
        return _(
            "Unlock the account “%(username)s” and the address %(address)s? Their "
            "failed logins are forgotten and logging in works again at once."
        ) % {"username": self.object.username, "address": self.object.ip_address}

    def get_success_message(self):
        return _("Unlocked the account “%(username)s” and the address %(address)s.") % {
            "username": self.object.username,
            "address": self.object.ip_address,
        }

    def delete_action(self):
        AxesProxyHandler.reset_attempts(
            ip_address=self.object.ip_address,
            username=self.object.username,
            ip_or_username=True,
        )


class LoginLockoutViewSet(ModelViewSet):
    model = AccessAttempt
    name = "login_lockouts"
    url_prefix = "login-lockouts"
    icon = "lock"
    menu_label = _("Login lockouts")
    add_to_settings_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    index_view_class = LockoutIndexView
    delete_view_class = UnlockView
    delete_template_name = "users/admin/unlock.html"
    form_fields = []  # nothing is added or edited here
    ordering = ["-attempt_time"]
    search_fields = ["username", "ip_address"]


@hooks.register("register_admin_viewset")
def register_login_lockouts():
    return LoginLockoutViewSet()


class LearnersMenuItem(MenuItem):
    """ "Deltagare": the page where learner accounts are created and invited
    (users.onboarding), for whoever may manage learners."""

    def is_shown(self, request):
        return request.user.has_perm("users.manage_learners")


# The "Utbildning" menu, which the apps fill (ecirkel/admin_menu.py); users, the app
# every other one builds on, registers it.
register_snippet(TrainingMenu)


@hooks.register(TRAINING_MENU_HOOK)
def register_learners_menu_item():
    return LearnersMenuItem(
        _("Learners"),
        reverse_lazy("onboarding:learners"),
        name="learners",
        icon_name="user",
        order=205,
    )
