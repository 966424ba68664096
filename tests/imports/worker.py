"""Running the import queue in tests, with the database backend's own worker code.

``work_queue`` runs the ready tasks in-process inside the test's transaction;
``run_db_worker`` is ``manage.py db_worker --batch`` (the worker ``make run`` starts)
for tests whose data is committed (transactional, browser and two-installation
tests); ``work_until_settled`` runs it until a job waits for nobody but the editor.
"""

import signal

from django.core.management import call_command
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from imports.models import ImportJob


def work_queue() -> int:
    """Run every ready task of the imports backend as ``db_worker`` does (its
    Worker.run_task), in this test's transaction. Returns how many ran."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="imports",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )
    ran = 0
    while True:
        result = DBTaskResult.objects.ready().filter(backend_name="imports").first()
        if result is None:
            return ran
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1


def run_db_worker() -> None:
    """One batch of ``manage.py db_worker`` on the imports queue. The command
    installs its own SIGINT/SIGTERM handlers; pytest's are put back after it."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command(
            "db_worker",
            "--backend=imports",
            "--queue-name=*",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
            "--interval=0",
            verbosity=0,
        )
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def work_until_settled(job: ImportJob, rounds: int = 5) -> ImportJob:
    """Run the worker until ``job`` is no longer running (done, refused or waiting
    for review): a one-click import is several tasks (download, check, import),
    each queueing the next. Returns the job as stored."""
    for _round in range(rounds):
        run_db_worker()
        job.refresh_from_db()
        if not job.running:
            break
    return job
