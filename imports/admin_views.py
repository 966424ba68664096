"""The admin's "Import a course": the upload form with the list of import jobs, and
one page per job that follows it from the check to the done page — its progress,
the plain reason when the package was refused, and for an update the review where
the editor keeps our version or takes theirs of each page changed on both sides.

Who may: whoever has ``imports.add_importjob`` (editors). Editors see every job:
importing is shared work, and a colleague may finish a review.

A refused job's next step depends on where its package came from: an upload's is
another upload; the app that started the job by other means offers its own through
the hook ``import_job_next_steps``: ``fn(job, user)`` returns a list of
``{"label", "url", "post"}`` (``post``: a button sending a POST with the CSRF token,
else a link), or nothing for a job that is not its own (catalogs: try again, back to
the catalog).
"""

from django.contrib import messages
from django.core.files.move import file_move_safe
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.views.generic import (
    PermissionCheckedMixin,
    WagtailAdminTemplateMixin,
)

from . import jobs, plans
from .forms import PackageUploadHandler, ReviewForm, UploadForm, max_upload_bytes
from .models import ImportJob

# Jobs listed under the upload form.
LIST_LENGTH = 50
# Bytes a multipart request adds around the file (boundaries, headers, the token).
MULTIPART_SLACK = 64 * 1024


class ImportAdminView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    model = ImportJob
    permission_policy = None
    permission_required = "add"
    index_url_name = None
    job_url_name = None


@method_decorator(csrf_exempt, name="dispatch")
class IndexView(ImportAdminView):
    """The upload form and the jobs. The upload streams to a temporary file
    (``PackageUploadHandler``), which is then moved to the job's private path.

    The upload handler must be set before the request body is read, and Django's
    CSRF check reads it: so the view is exempt from the middleware's check and
    runs the same check itself, after setting the handler."""

    template_name = "imports/index.html"
    page_title = _("Import a course")

    def dispatch(self, request, *args, **kwargs):
        self.handler = PackageUploadHandler(request)
        request.upload_handlers = [self.handler]
        return csrf_protect(super().dispatch)(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", UploadForm())
        context["jobs"] = ImportJob.objects.select_related("created_by", "course")[
            :LIST_LENGTH
        ]
        context["job_url_name"] = self.job_url_name
        return context

    def post(self, request, *args, **kwargs):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > max_upload_bytes() + MULTIPART_SLACK:
            return self.too_large()
        form = UploadForm(request.POST, request.FILES)
        if getattr(self.handler, "received", 0) > max_upload_bytes():
            return self.too_large()
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["package"]
        job = jobs.create(request.user, upload.name, status=ImportJob.Status.QUEUED)
        # Moved, not copied, when the temporary folder is on the same disk; the
        # temporary file's own close() then finds nothing left to delete.
        file_move_safe(upload.temporary_file_path(), jobs.package_path(job))
        upload.close()
        jobs.start(job)
        return redirect(self.job_url_name, pk=job.pk)

    def too_large(self):
        """The form again, saying the file was too large (the body is not read)."""
        form = UploadForm(data={})
        form.full_clean()
        form.errors["package"] = form.error_class(
            [
                gettext("The file is too large: at most %(size)s.")
                % {"size": filesizeformat(max_upload_bytes())}
            ]
        )
        return self.render_to_response(self.get_context_data(form=form), status=413)


class JobView(ImportAdminView):
    """One job. While the worker has it: its progress (``?format=json`` gives it to
    the page's script). Refused: the reason. An update checked: the review. Done:
    what was imported, with a link to the course."""

    template_name = "imports/job.html"

    def dispatch(self, request, *args, **kwargs):
        self.job = get_object_or_404(
            ImportJob.objects.select_related("created_by", "course"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return plans.course_title(self.job.plan, self.job.filename)

    def get_page_subtitle(self):
        return self.job.get_status_display()

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Import a course")},
            {"url": "", "label": self.get_page_title()},
        ]

    def status(self) -> dict:
        percent, stage = jobs.current_progress(self.job)
        return {
            "status": self.job.status,
            "status_label": str(self.job.get_status_display()),
            "running": self.job.running,
            "progress": percent,
            "stage": gettext(stage) if stage else "",
        }

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "json":
            return JsonResponse(self.status())
        return super().get(request, *args, **kwargs)

    def next_steps(self) -> list[dict]:
        """After a refusal: the steps the job's source offers (see the module)."""
        return [
            step
            for offer_steps in hooks.get_hooks("import_job_next_steps")
            for step in offer_steps(self.job, self.request.user) or []
        ]

    def get_context_data(self, **kwargs):
        job = self.job
        context = super().get_context_data(**kwargs)
        if job.status == ImportJob.Status.NEEDS_REVIEW:
            context.setdefault(
                "review_form", ReviewForm(conflicts=plans.conflicts(job.plan))
            )
        course = job.course.specific if job.course else None
        context.update(
            job=job,
            live=self.status(),
            groups=plans.groups(job.plan),
            counts=plans.counts(job.plan),
            is_update=jobs.is_update(job.plan),
            course=course,
            course_url=course.get_url(self.request) if course else "",
            course_edit_url=(
                reverse("wagtailadmin_pages:edit", args=[course.pk]) if course else ""
            ),
            index_url=reverse(self.index_url_name),
            next_steps=(
                self.next_steps() if job.status == ImportJob.Status.FAILED else []
            ),
            cancellable=job.status
            in {
                ImportJob.Status.DOWNLOADING,
                ImportJob.Status.QUEUED,
                ImportJob.Status.NEEDS_REVIEW,
            },
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == "import":
            return self.do_import()
        if action == "cancel":
            if jobs.cancel(self.job):
                messages.success(request, gettext("The import is cancelled."))
            else:
                messages.error(
                    request,
                    gettext("The import could not be cancelled: it has already begun."),
                )
            return redirect(request.path)
        if action == "discard":
            if jobs.discard(self.job):
                messages.success(request, gettext("The import job is removed."))
                return redirect(self.index_url_name)
            messages.error(request, gettext("Only a finished import can be removed."))
            return redirect(request.path)
        messages.error(request, gettext("Choose something to do."))
        return redirect(request.path)

    def do_import(self):
        job = self.job
        if job.status != ImportJob.Status.NEEDS_REVIEW:
            messages.error(
                self.request, gettext("This import is not waiting for a review.")
            )
            return redirect(self.request.path)
        form = ReviewForm(self.request.POST, conflicts=plans.conflicts(job.plan))
        if not form.is_valid():
            messages.error(
                self.request, gettext("Choose a version for each page changed twice.")
            )
            return self.render_to_response(
                self.get_context_data(review_form=form), status=400
            )
        if not jobs.start_import(job, form.decisions()):
            messages.error(
                self.request, gettext("This import is not waiting for a review.")
            )
        return redirect(self.request.path)
