"""The import's background tasks, on their own task backend ``TASKS["imports"]``
(django-tasks' database backend; see the README, "Importing in the admin").

Wagtail's own tasks stay on the default backend, which runs them at once, so none of
them waits for the worker. The worker: ``manage.py db_worker --backend imports``
(``make run`` starts it).
"""

from django_tasks import task

from . import jobs

BACKEND = "imports"


@task(backend=BACKEND)
def check_package(job_id: str) -> None:
    jobs.check(job_id)


@task(backend=BACKEND)
def import_package(job_id: str) -> None:
    jobs.run_import(job_id)
