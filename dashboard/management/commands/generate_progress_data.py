"""A large progress dataset for benchmarks: learners, a course, circles, events.

    python manage.py generate_progress_data --learners 5000 --activities 300 \\
        --events 1000000

Learners are ``gen-00001`` …, in circles of 25; the course "Genererad kurs" has
``--activities`` topics. Each learner gets about events/learners statements spread over
the topics; summaries are computed from exactly those statements, as ``record`` would,
and written in bulk (``record`` itself would take hours for a million events). One
learner's events are held at a time, written in batches.

It lives with Min utveckling, the page it helps to time, because it builds what that
page combines (courses, circles, progress) and the ledger imports no content app.
"""

import random
import uuid
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from circles.models import CircleMembership, StudyCircle
from courses.factories import CoursePageFactory, generate_topics
from courses.models import CatalogPage, CoursePage
from progress.activities import sync_course_activities
from progress.models import Activity, ActivityProgress, Statement
from progress.recording import VERB_STATES, Result, _apply
from progress.states import ProgressState

PREFIX = "gen-"
COURSE_SLUG = "genererad-kurs"
BATCH = 5000
CIRCLE_SIZE = 25


class Command(BaseCommand):
    help = "Generate a large progress dataset (for `make bench`). --clear removes it."

    def add_arguments(self, parser):
        parser.add_argument("--learners", type=int, default=5000)
        parser.add_argument("--activities", type=int, default=300)
        parser.add_argument("--events", type=int, default=1_000_000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--clear", action="store_true", help="Remove generated data."
        )

    def handle(self, learners, activities, events, seed, clear=False, **options):
        if clear:
            self.clear()
            return
        if min(learners, activities, events) < 1:
            raise CommandError(
                "Learners, activities and events must all be at least 1."
            )
        if CoursePage.objects.filter(slug=COURSE_SLUG).exists():
            raise CommandError("Generated data exists already; run with --clear first.")
        rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
        course = self.make_course(activities)
        acts = list(Activity.objects.filter(course=course).order_by("pk"))
        users = self.make_learners(learners)
        self.make_circles(users, course)
        self.make_events(rng, users, acts, events)
        self.stdout.write(
            f"Generated {len(users)} learners, {len(acts)} activities and "
            f"{Statement.objects.filter(actor__username__startswith=PREFIX).count()} "
            "statements."
        )

    def clear(self):
        User = get_user_model()
        for course in CoursePage.objects.filter(slug=COURSE_SLUG):
            Activity.objects.filter(course=course).delete()
            course.delete()
        StudyCircle.objects.filter(name__startswith="Genererad cirkel").delete()
        deleted, _ = User.objects.filter(username__startswith=PREFIX).delete()
        self.stdout.write(f"Removed the generated data ({deleted} rows).")

    def make_course(self, activities: int) -> CoursePage:
        catalog = CatalogPage.objects.first()
        if catalog is None:
            raise CommandError("There is no course catalog: run `manage.py load_demo`.")
        course = CoursePageFactory(
            parent=catalog, title="Genererad kurs", slug=COURSE_SLUG
        )
        generate_topics(course, activities)
        sync_course_activities(course)
        return course

    def make_learners(self, count: int) -> list:
        User = get_user_model()
        password = make_password(None)
        User.objects.bulk_create(
            (
                User(
                    username=f"{PREFIX}{n:05d}",
                    first_name="Deltagare",
                    last_name=f"{n:05d}",
                    password=password,
                )
                for n in range(1, count + 1)
            ),
            batch_size=BATCH,
        )
        return list(User.objects.filter(username__startswith=PREFIX).order_by("pk"))

    def make_circles(self, users, course) -> None:
        for start in range(0, len(users), CIRCLE_SIZE):
            group = users[start : start + CIRCLE_SIZE]
            circle = StudyCircle(
                name=f"Genererad cirkel {start // CIRCLE_SIZE + 1:03d}", leader=group[0]
            )
            circle.courses.set([course])
            circle.save()
            CircleMembership.objects.bulk_create(
                CircleMembership(circle=circle, user=user) for user in group
            )

    @transaction.atomic
    def make_events(self, rng, users, acts, events: int) -> None:
        per_learner = max(1, events // len(users))
        now = timezone.now()
        statements, summaries = [], []
        verbs = list(VERB_STATES)
        for user in users:
            mine: dict[int, ActivityProgress] = {}
            for _ in range(per_learner):
                activity = rng.choice(acts)
                verb = rng.choice(verbs)
                score = round(rng.random(), 4) if verb in {"passed", "failed"} else None
                Result(score=score)  # the same validation as record()
                statement = Statement(
                    id=uuid.UUID(int=rng.getrandbits(128)),
                    actor_id=user.pk,
                    verb=verb,
                    activity_id=activity.pk,
                    score=score,
                    duration=rng.randint(5, 600),
                    timestamp=now - timedelta(minutes=rng.randint(0, 60 * 24 * 180)),
                )
                summary = mine.setdefault(
                    activity.pk,
                    ActivityProgress(
                        user_id=user.pk,
                        activity_id=activity.pk,
                        state=ProgressState.NOT_STARTED,
                    ),
                )
                _apply(summary, statement)
                statements.append(statement)
            summaries.extend(mine.values())
            if len(statements) >= BATCH:
                Statement.objects.bulk_create(statements, batch_size=BATCH)
                ActivityProgress.objects.bulk_create(summaries, batch_size=BATCH)
                statements, summaries = [], []
        Statement.objects.bulk_create(statements, batch_size=BATCH)
        ActivityProgress.objects.bulk_create(summaries, batch_size=BATCH)
