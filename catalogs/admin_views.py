"""The editors' screens for catalogs: subscriptions (list, browse, refresh, one-click
import) and the tokens of this installation's own catalog."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views.generic import (
    CreateView,
    IndexView,
    PermissionCheckedMixin,
    WagtailAdminTemplateMixin,
)

from ecirkel import admin_tables
from ecirkel.admin_tables import LabelledColumn, LabelledDateColumn

from . import subscriptions, tasks
from .models import OfferedCourse, Subscription

IMPORT_PERMISSION = "imports.add_importjob"


class SubscriptionForm(forms.ModelForm):
    """A subscription's address, name and token. The token is a secret: it is typed
    into a password field and never sent back to the browser; left empty when
    editing, the stored token stays (delete the subscription and add it again to
    drop a token)."""

    class Meta:
        model = Subscription
        fields = ["url", "name", "token"]
        widgets = {
            "token": forms.PasswordInput(
                render_value=False, attrs={"autocomplete": "new-password"}
            )
        }

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.token:
            self.fields["token"].help_text = gettext(
                "A token is stored. Leave the field empty to keep it, or type a new "
                "one to replace it."
            )

    def clean_token(self):
        token = self.cleaned_data.get("token", "")
        if not token and self.instance.pk:
            return Subscription.objects.get(pk=self.instance.pk).token
        return token


def job_url(job) -> str:
    """The import job's page, where the editor follows the download and import."""
    return reverse("imports:job", args=[job.pk])


def next_steps_after_refusal(job, user) -> list[dict]:
    """A refused one-click import's next steps on its job page (the imports hook
    ``import_job_next_steps``): import the course again from its catalog, and back
    to the catalog, where it shows what is offered now. Nothing for an uploaded
    package; only the list of catalogs when none offers the package any more."""
    if not job.source_url or not user.has_perm("catalogs.view_subscription"):
        return []
    offer = (
        OfferedCourse.objects.filter(package_url=job.source_url).order_by("pk").first()
    )
    if offer is None:
        return [
            {
                "label": gettext("Back to the catalog subscriptions"),
                "url": reverse("catalog_subscriptions:index"),
            }
        ]
    steps = []
    if user.has_perm(IMPORT_PERMISSION):
        steps.append(
            {
                "label": gettext("Try again"),
                "url": reverse(
                    "catalog_subscriptions:import",
                    args=[offer.subscription_id, offer.pk],
                ),
                "post": True,
            }
        )
    steps.append(
        {
            "label": gettext("Back to the catalog"),
            "url": reverse(
                "catalog_subscriptions:browse", args=[offer.subscription_id]
            ),
        }
    )
    return steps


class SubscriptionIndexView(IndexView):
    default_ordering = "name"
    table_classname = admin_tables.STACKED

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "name",
                label=_("Catalog"),
                accessor="display_name",
                url_name=self.browse_url_name,
                sort_key="name",
                classname="catalog-title",
            ),
            LabelledColumn("url", label=_("Address"), classname="wrap-anywhere"),
            LabelledColumn(
                "token", label=_("Catalog token"), accessor=self.token_state
            ),
            LabelledColumn("courses", label=_("Courses"), accessor=self.course_count),
            LabelledDateColumn("last_checked_at", label=_("Last checked")),
            LabelledColumn(
                "last_error", label=_("Last error"), classname="wrap-anywhere"
            ),
        ]

    browse_url_name = None

    @staticmethod
    def token_state(subscription) -> str:
        return gettext("Given") if subscription.token else gettext("None")

    @staticmethod
    def course_count(subscription) -> str:
        count = subscription.courses.count()
        newer = subscriptions.newer_versions(subscription)
        if newer:
            return gettext("%(count)s (%(newer)s with a newer version)") % {
                "count": count,
                "newer": newer,
            }
        return str(count)


class SubscriptionCreateView(CreateView):
    """After adding a subscription the editor lands on its courses, and the catalog
    is read then (it has never been), so the editor sees whether the address and
    token work."""

    def get_success_url(self):
        return reverse(self.browse_url_name, args=[self.object.pk])

    browse_url_name = None


class BrowseView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """What one catalog offers, with each course's status here and a button to
    import it. A catalog read longer ago than CATALOG_REFRESH_MINUTES is read again
    when the page is opened."""

    model = Subscription
    permission_policy = None
    permission_required = "view"
    template_name = "catalogs/admin/browse.html"
    index_url_name = None
    refresh_url_name = None
    import_url_name = None
    edit_url_name = None
    page_title = _("Catalog")

    def dispatch(self, request, *args, **kwargs):
        self.object = get_object_or_404(Subscription, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if subscriptions.is_stale(self.object):
            subscriptions.refresh(self.object)
        return super().get(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.object.display_name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Catalog subscriptions")},
            {"url": "", "label": self.object.display_name},
        ]

    def get_context_data(self, **kwargs):
        offers = list(self.object.courses.all())
        here = subscriptions.statuses(offers)
        user = self.request.user
        return super().get_context_data(
            subscription=self.object,
            offers=[(offer, here[offer.uuid]) for offer in offers],
            can_import=user.has_perm(IMPORT_PERMISSION),
            can_refresh=user.has_perm("catalogs.change_subscription"),
            can_edit=user.has_perm("catalogs.change_subscription"),
            refresh_url=reverse(self.refresh_url_name, args=[self.object.pk]),
            edit_url=reverse(self.edit_url_name, args=[self.object.pk]),
            import_url_name=self.import_url_name,
            Here=subscriptions.Here,
            **kwargs,
        )


class RefreshView(PermissionCheckedMixin, View):
    """ "Hämta nu": read the catalog again."""

    model = Subscription
    permission_policy = None
    permission_required = "change"
    http_method_names = ["post"]
    browse_url_name = None

    def post(self, request, pk):
        subscription = get_object_or_404(Subscription, pk=pk)
        if subscriptions.refresh(subscription):
            count = subscription.courses.count()
            messages.success(
                request,
                ngettext(
                    "The catalog was read: it offers %(count)s course.",
                    "The catalog was read: it offers %(count)s courses.",
                    count,
                )
                % {"count": count},
            )
        else:
            messages.error(
                request,
                gettext("The catalog could not be read: %(error)s")
                % {"error": subscription.last_error},
            )
        return redirect(self.browse_url_name, pk=subscription.pk)


class ImportView(PermissionCheckedMixin, View):
    """ "Importera": one click makes an import job that downloads the package; the
    editor lands on the job's page."""

    model = Subscription
    permission_policy = None
    permission_required = "view"
    http_method_names = ["post"]

    def post(self, request, pk, offer_pk):
        if not request.user.has_perm(IMPORT_PERMISSION):
            raise PermissionDenied
        offer = get_object_or_404(OfferedCourse, pk=offer_pk, subscription_id=pk)
        with transaction.atomic():
            job = tasks.start_import(offer, request.user)
        messages.success(
            request,
            gettext("Downloading “%(title)s” from %(catalog)s.")
            % {"title": offer.title, "catalog": offer.subscription.display_name},
        )
        return redirect(job_url(job))


class TokenCreateView(CreateView):
    """A new catalog token, shown once: only its hash is kept."""

    def save_instance(self):
        self.token = self.form.instance.generate()
        return super().save_instance()

    def get_success_message(self, instance):
        return gettext(
            "Catalog token for “%(label)s”: %(token)s — copy it now and give it to "
            "them; it is not shown again."
        ) % {"label": instance.label, "token": self.token}
