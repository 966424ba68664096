"""What the course import keeps about a person (``ecirkel.personal_data``): who
started an import job. The job is the editors' shared work and stays, without the
name, when the person is forgotten."""

from django.utils.translation import gettext_lazy as _

from ecirkel import personal_data
from ecirkel.personal_data import Anonymise


def present_job(job, person) -> dict:
    return {
        "file": job.filename,
        "downloaded_from": job.source_url,
        "status": str(job.get_status_display()),
        "started_at": job.created_at,
    }


personal_data.register(
    "imports.importjob",
    ["created_by"],
    title=_("Course imports you have started"),
    present=present_job,
    erase=Anonymise(created_by=None),
)
