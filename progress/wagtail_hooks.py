from django.contrib.auth.models import Permission
from wagtail import hooks


@hooks.register("register_permissions")
def register_statement_permissions():
    """Reading every learner's statements (the xAPI export) can be given to a group
    in Settings → Groups; editors have it (progress/migrations/0003)."""
    return Permission.objects.filter(
        content_type__app_label="progress", codename="view_statement"
    )
