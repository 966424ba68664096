"""Admin menu items shown only to users with a permission (used by the apps' hooks)."""

from django.urls import reverse
from wagtail.admin.menu import MenuItem


class PermissionMenuItem(MenuItem):
    def __init__(self, label, url_name: str, *, permission: str, **kwargs):
        super().__init__(label, reverse(url_name), **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)
