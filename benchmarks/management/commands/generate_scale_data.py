"""Scale data for `make bench`, on top of the demo (``manage.py load_demo`` first).

    python manage.py generate_scale_data            # 10 courses × 300 topics, 500
                                                    # lectures, 2 000 questions, 5 000
                                                    # learners in 250 circles, 1 000 000
                                                    # progress events
    python manage.py generate_scale_data --courses 2 --topics 20 --learners 50 \\
        --events 2000                               # smaller
    python manage.py generate_scale_data --clear    # remove it again
    python manage.py generate_scale_data --keep     # only if not there yet

Deterministic for a given ``--seed``: the same titles, tree, learners and events every
time. Courses are "Skalkurs 01 …" (slug ``skala-01`` …) under the demo's catalog, with
main topics, subtopics and sub-subtopics titled from the demo's themes; lectures with
Swedish transcripts (the demo's video) hang under main topics; each course has a quiz
of ten questions on its first main topic. Learners are ``skala-00001`` … with the
password ``skala`` (they can log in), in circles ("Skalcirkel 001" …) each led by its
first member and following one course: the first has 50 members (the large report
the benchmark times), the others share the rest equally.

Pages are made with ``add_child`` (treebeard's path arithmetic, one INSERT per table);
everything else in bulk. Progress events are statements of the progress models; the
summaries (``ActivityProgress``) are computed from exactly those statements with the
ledger's own ``_apply``, as ``record`` would, and written in bulk (``record`` itself
would take hours for a million events). ``ANALYZE`` on PostgreSQL at the end.
"""

import random
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from wagtailmedia.models import get_media_model

from benchmarks.models import ReferencePage
from circles.models import CircleMembership, StudyCircle
from courses.models import CatalogPage, CoursePage, TopicPage
from lectures.models import CaptionTrack, LecturePage
from progress.activities import sync_course_activities
from progress.models import Activity, ActivityProgress, Statement
from progress.recording import VERB_STATES, Result, _apply
from progress.states import ProgressState
from quizzes.models import Choice, Question, Quiz, QuizQuestion
from users.roles import CIRCLE_LEADER, LEARNER

USER_PREFIX = "skala-"
COURSE_SLUG = "skala-{:02d}"
CIRCLE_NAME = "Skalcirkel"
QUESTION_PREFIX = "Skalfråga"
QUIZ_PREFIX = "Skalquiz"
PASSWORD = "skala"  # noqa: S105 (generated benchmark accounts, documented)
REFERENCE_SLUG = "referens-r1"
BATCH = 5000

# The demo's themes (the KC material in shared/seeds): what a course, a main topic
# and a subtopic of a contact-center course are called.
COURSE_THEMES = [
    "Kontaktcenter i kommunen",
    "Medborgarservice i praktiken",
    "Förstudie och beslut",
    "Organisation av kontaktcentret",
    "Rekrytering och kompetens",
    "Tekniska system och ärendestöd",
    "Processanalys och kontrakt",
    "Samtalsteknik och bemötande",
    "E-tjänster och självservice",
    "Uppföljning och utvärdering",
]
MAIN_THEMES = [
    "Vad är ett kontaktcenter?",
    "Fördelar och nackdelar",
    "Effektivisering",
    "Projektorganisation",
    "Kompetensutveckling",
    "Förstudien",
    "Förankring i förvaltningarna",
    "Arbetssituationen",
    "Tekniska system",
    "Relationer till förvaltningar",
    "Attitydförändringar",
    "Rekrytering av personal",
    "Nyckelfaktorer",
    "Medborgarservice",
    "Call center, privat och offentligt",
    "E-tjänster",
    "Processanalys",
    "Kontrakt med förvaltningen",
    "Samarbetsorganisation",
    "Tillgänglighet",
]
SUB_THEMES = [
    "Bakgrund",
    "En enda väg in",
    "Väntetider i telefon",
    "Ärendestödssystem",
    "Kunskapsdatabasen",
    "Sekretess i sociala ärenden",
    "Servicekänsla",
    "Studiedagar på förvaltningen",
    "Internrekrytering",
    "Utbildning av nyanställda",
    "Fördelning per förvaltning",
    "Fördelning per kategori",
    "Resursberäkning",
    "Olika benämningar på handläggare",
    "Kommunvägledare",
    "Samhällsvägledare",
    "Uppföljning av samtal",
    "Avlastning av verksamheterna",
    "Nöjd medborgare",
    "Lokal kontext",
]
SENTENCES = [
    "Medborgaren ska få svar direkt, utan att kopplas runt.",
    "Kontaktcentret tar emot samtal, e-post och besök för hela kommunen.",
    "De flesta frågor kan besvaras redan vid första kontakten.",
    "Handläggaren använder kunskapsdatabasen för att ge samma svar varje gång.",
    "Ärenden som kräver sekretess lämnas över till förvaltningen.",
    "Väntetiden i telefon är det medborgarna oftast klagar på.",
    "Ett kontrakt med förvaltningen säger vilka frågor kontaktcentret svarar på.",
    "Förstudien kartlägger vilka ärenden som kommer in och hur lång tid de tar.",
    "Servicekänsla är det viktigaste när ny personal rekryteras.",
    "E-tjänsterna avlastar telefonen när de är lätta att hitta.",
]
FIRST_NAMES = ["Anna", "Erik", "Maria", "Johan", "Sara", "Ali", "Fatima", "Lars"]
LAST_NAMES = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson"]


class Command(BaseCommand):
    help = "Generate deterministic scale data on top of the demo (for `make bench`)."

    def add_arguments(self, parser):
        parser.add_argument("--courses", type=int, default=10)
        parser.add_argument("--topics", type=int, default=300, help="Per course.")
        parser.add_argument("--lectures", type=int, default=500)
        parser.add_argument("--questions", type=int, default=2000)
        parser.add_argument("--learners", type=int, default=5000)
        parser.add_argument("--circles", type=int, default=250)
        parser.add_argument("--events", type=int, default=1_000_000)
        parser.add_argument(
            "--large-circle",
            type=int,
            default=50,
            help="Members of the first circle (the report the benchmark times); the "
            "other circles share the rest equally.",
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--clear", action="store_true", help="Remove the generated data."
        )
        parser.add_argument(
            "--keep",
            action="store_true",
            help="Do nothing when scale data exists already (make bench).",
        )

    def handle(self, *args, clear=False, keep=False, **options):
        if clear:
            self.clear()
            return
        if keep and CoursePage.objects.filter(slug=COURSE_SLUG.format(1)).exists():
            if settings.BENCHMARK:
                self.make_reference_page(CatalogPage.objects.first())
            self.stdout.write("Scale data exists already: kept.")
            return
        sizes = {
            name: options[name]
            for name in (
                "courses",
                "topics",
                "lectures",
                "questions",
                "learners",
                "circles",
                "events",
            )
        }
        if min(sizes["courses"], sizes["topics"], sizes["learners"]) < 1:
            raise CommandError("--courses, --topics and --learners must be at least 1.")
        if min(sizes.values()) < 0:
            raise CommandError("No size may be negative.")
        if not 1 <= sizes["circles"] <= sizes["learners"]:
            raise CommandError("--circles must be between 1 and --learners.")
        catalog = CatalogPage.objects.first()
        if catalog is None:
            raise CommandError("There is no course catalog: run `manage.py load_demo`.")
        if CoursePage.objects.filter(slug=COURSE_SLUG.format(1)).exists():
            raise CommandError("Scale data exists already; run with --clear first.")
        self.rng = random.Random(options["seed"])  # noqa: S311 (test data)
        started = time.monotonic()
        courses = self.make_courses(catalog, sizes)
        self.make_quizzes(courses, sizes["questions"])
        for course in courses:
            sync_course_activities(course)
        activities = {course.pk: self.activities(course) for course in courses}
        users = self.make_learners(sizes["learners"])
        circles = self.make_circles(
            users, courses, sizes["circles"], options["large_circle"]
        )
        self.make_events(users, circles, activities, sizes["events"])
        if settings.BENCHMARK:
            self.make_reference_page(catalog)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            f"Generated {len(courses)} courses, "
            f"{TopicPage.objects.filter(path__startswith=catalog.path).count()} topics "
            f"(with the demo's), {len(users)} learners in {len(circles)} circles and "
            f"{Statement.objects.filter(actor__username__startswith=USER_PREFIX).count()}"
            f" statements in {time.monotonic() - started:.0f} s."
        )

    @staticmethod
    def activities(course) -> list[Activity]:
        return list(Activity.objects.filter(course=course).order_by("pk"))

    # Pages -------------------------------------------------------------------------

    def body(self, title: str) -> list:
        sentences = self.rng.sample(SENTENCES, 3)
        return [("paragraph", f"<p>{title}. {' '.join(sentences)}</p>")]

    def make_courses(self, catalog, sizes) -> list[CoursePage]:
        Media = get_media_model()
        video = Media.objects.filter(type="video").order_by("pk").first()
        if video is None and sizes["lectures"]:
            raise CommandError(
                "The demo's video is missing: run `manage.py load_demo`."
            )
        per_course = [
            sizes["lectures"] // sizes["courses"]
            + (1 if n < sizes["lectures"] % sizes["courses"] else 0)
            for n in range(sizes["courses"])
        ]
        courses = []
        for number in range(1, sizes["courses"] + 1):
            theme = COURSE_THEMES[(number - 1) % len(COURSE_THEMES)]
            course = CoursePage(
                title=f"Skalkurs {number:02d}: {theme}",
                slug=COURSE_SLUG.format(number),
                intro=f"<p>En stor genererad kurs om {theme.lower()}.</p>",
                audience="Medarbetare i kommunens kontaktcenter",
            )
            catalog.add_child(instance=course)
            mains = self.make_topics(course, sizes["topics"])
            self.make_lectures(mains, per_course[number - 1], video)
            courses.append(course)
            self.stdout.write(f"  {course.title}: {sizes['topics']} topics")
        return courses

    def make_topics(self, course, count: int) -> list[TopicPage]:
        """``count`` topics: a tenth are main topics, two thirds of the rest their
        subtopics, the others a third level under the subtopics."""
        n_main = max(1, count // 10)
        n_sub = (count - n_main) * 2 // 3
        n_third = count - n_main - n_sub
        mains = [
            self.add_topic(course, f"{MAIN_THEMES[i % len(MAIN_THEMES)]} {i + 1}")
            for i in range(n_main)
        ]
        subs = []
        for i in range(n_sub):
            parent = mains[i % n_main]
            title = f"{SUB_THEMES[self.rng.randrange(len(SUB_THEMES))]} ({i + 1})"
            subs.append(self.add_topic(parent, title))
        for i in range(n_third):
            parent = subs[i % len(subs)] if subs else mains[i % n_main]
            theme = SUB_THEMES[self.rng.randrange(len(SUB_THEMES))]
            self.add_topic(parent, f"{theme}: fördjupning {i + 1}")
        return mains

    def add_topic(self, parent, title: str) -> TopicPage:
        topic = TopicPage(
            title=title,
            slug=f"amne-{uuid.UUID(int=self.rng.getrandbits(128)).hex[:12]}",
            uuid=uuid.UUID(int=self.rng.getrandbits(128)),
            summary=f"Om {title.lower()} i kommunens kontaktcenter.",
            body=self.body(title),
        )
        parent.add_child(instance=topic)
        return topic

    def make_lectures(self, mains, count: int, video) -> None:
        for i in range(count):
            parent = mains[i % len(mains)]
            theme = SUB_THEMES[self.rng.randrange(len(SUB_THEMES))]
            lines = self.rng.sample(SENTENCES, 6)
            vtt = "WEBVTT\n\n" + "\n".join(
                f"00:00:{n * 10:02d}.000 --> 00:00:{n * 10 + 9:02d}.000\n{line}\n"
                for n, line in enumerate(lines)
            )
            lecture = LecturePage(
                title=f"Föreläsning: {theme} {i + 1}",
                slug=f"forelasning-{uuid.UUID(int=self.rng.getrandbits(128)).hex[:12]}",
                uuid=uuid.UUID(int=self.rng.getrandbits(128)),
                summary=f"En kort föreläsning om {theme.lower()}.",
                video=video,
                duration=60.0,
            )
            lecture.caption_tracks = [CaptionTrack(language="sv", vtt=vtt)]
            parent.add_child(instance=lecture)

    def make_quizzes(self, courses, count: int) -> None:
        """``count`` single-choice questions; a quiz of ten of them on each course's
        first main topic."""
        questions = Question.objects.bulk_create(
            [
                Question(
                    uuid=uuid.UUID(int=self.rng.getrandbits(128)),
                    type=Question.Type.SINGLE,
                    title=f"{QUESTION_PREFIX} {n + 1}",
                    text=f"Vad gäller för {SUB_THEMES[n % len(SUB_THEMES)].lower()}?",
                    live=True,
                )
                for n in range(count)
            ],
            batch_size=BATCH,
        )
        questions = list(
            Question.objects.filter(title__startswith=QUESTION_PREFIX).order_by("pk")
        )
        right = {q.pk: self.rng.randrange(4) for q in questions}
        Choice.objects.bulk_create(
            [
                Choice(
                    question_id=q.pk,
                    text=self.rng.choice(SENTENCES),
                    is_correct=n == right[q.pk],
                    sort_order=n,
                )
                for q in questions
                for n in range(4)
            ],
            batch_size=BATCH,
        )
        for number, course in enumerate(courses):
            chosen = questions[number * 10 : number * 10 + 10]
            if not chosen:
                break
            quiz = Quiz(
                uuid=uuid.UUID(int=self.rng.getrandbits(128)),
                title=f"{QUIZ_PREFIX} {number + 1:02d}",
                live=True,
            )
            quiz.save()
            QuizQuestion.objects.bulk_create(
                QuizQuestion(quiz=quiz, question=q, sort_order=n)
                for n, q in enumerate(chosen)
            )
            topic = TopicPage.objects.child_of(course).order_by("path").first()
            topic.body = [(block.block_type, block.value) for block in topic.body] + [
                ("quiz", {"quiz": quiz})
            ]
            topic.save()

    def make_reference_page(self, catalog) -> None:
        if not ReferencePage.objects.filter(slug=REFERENCE_SLUG).exists():
            catalog.add_child(
                instance=ReferencePage(title="Referenssida R1", slug=REFERENCE_SLUG)
            )

    # People and progress ------------------------------------------------------------

    def make_learners(self, count: int) -> list:
        User = get_user_model()
        password = make_password(PASSWORD)
        User.objects.bulk_create(
            (
                User(
                    username=f"{USER_PREFIX}{n:05d}",
                    first_name=self.rng.choice(FIRST_NAMES),
                    last_name=self.rng.choice(LAST_NAMES),
                    password=password,
                )
                for n in range(1, count + 1)
            ),
            batch_size=BATCH,
        )
        users = list(
            User.objects.filter(username__startswith=USER_PREFIX).order_by("username")
        )
        self.add_to_group(LEARNER, users)
        return users

    @staticmethod
    def add_to_group(name: str, users) -> None:
        group = Group.objects.filter(name=name).first()
        if group is None:  # the roles come with the migrations; tolerate their absence
            return
        Membership = get_user_model().groups.through
        Membership.objects.bulk_create(
            (Membership(user_id=user.pk, group_id=group.pk) for user in users),
            batch_size=BATCH,
        )

    def make_circles(self, users, courses, count: int, large: int) -> list[StudyCircle]:
        """``count`` circles, each led by its first member and following one course
        (round robin): the first of ``large`` members (when there are learners enough
        for every other circle to have one), the others of (nearly) equal size."""
        first = min(max(large, 1), len(users) - (count - 1))
        if count == 1:
            first = len(users)
        rest = len(users) - first
        size, extra = divmod(rest, count - 1) if count > 1 else (0, 0)
        sizes = [first] + [size + (1 if n < extra else 0) for n in range(count - 1)]
        circles = []
        start = 0
        for n in range(count):
            group = users[start : start + sizes[n]]
            start += len(group)
            circle = StudyCircle(name=f"{CIRCLE_NAME} {n + 1:03d}", leader=group[0])
            circle.courses.set([courses[n % len(courses)]])
            circle.save()
            CircleMembership.objects.bulk_create(
                CircleMembership(circle=circle, user=user) for user in group
            )
            circle.members = group
            circle.course = courses[n % len(courses)]
            circles.append(circle)
        self.add_to_group(CIRCLE_LEADER, [circle.leader for circle in circles])
        return circles

    @transaction.atomic
    def make_events(self, users, circles, activities, events: int) -> None:
        """``events`` statements, spread evenly over the learners, each on an activity
        of the learner's circle's course; the summaries computed from them."""
        now = timezone.now()
        verbs = list(VERB_STATES)
        statements, summaries = [], []
        per_learner, extra = divmod(events, len(users))
        learner_number = 0
        for circle in circles:
            acts = activities[circle.course.pk]
            for user in circle.members:
                mine: dict[int, ActivityProgress] = {}
                count = per_learner + (1 if learner_number < extra else 0)
                learner_number += 1
                for _ in range(count if acts else 0):
                    activity = acts[self.rng.randrange(len(acts))]
                    verb = verbs[self.rng.randrange(len(verbs))]
                    score = (
                        round(self.rng.random(), 4)
                        if verb in {"passed", "failed"}
                        else None
                    )
                    Result(score=score)  # the same validation as record()
                    statement = Statement(
                        id=uuid.UUID(int=self.rng.getrandbits(128)),
                        actor_id=user.pk,
                        verb=verb,
                        activity_id=activity.pk,
                        score=score,
                        duration=self.rng.randint(5, 600),
                        timestamp=now
                        - timedelta(minutes=self.rng.randint(0, 60 * 24 * 180)),
                    )
                    summary = mine.get(activity.pk)
                    if summary is None:
                        summary = mine[activity.pk] = ActivityProgress(
                            user_id=user.pk,
                            activity_id=activity.pk,
                            state=ProgressState.NOT_STARTED,
                        )
                    _apply(summary, statement)
                    statements.append(statement)
                summaries.extend(mine.values())
                if len(statements) >= BATCH:
                    self.flush(statements, summaries)
                    statements, summaries = [], []
        self.flush(statements, summaries)

    @staticmethod
    def flush(statements, summaries) -> None:
        Statement.objects.bulk_create(statements, batch_size=BATCH)
        ActivityProgress.objects.bulk_create(summaries, batch_size=BATCH)

    # --clear

    def clear(self) -> None:
        User = get_user_model()
        courses = CoursePage.objects.filter(slug__startswith="skala-")
        Activity.objects.filter(course__in=courses).delete()
        StudyCircle.objects.filter(name__startswith=CIRCLE_NAME).delete()
        deleted, _ = User.objects.filter(username__startswith=USER_PREFIX).delete()
        for course in courses:
            course.delete()
        Quiz.objects.filter(title__startswith=QUIZ_PREFIX).delete()
        Question.objects.filter(title__startswith=QUESTION_PREFIX).delete()
        ReferencePage.objects.filter(slug=REFERENCE_SLUG).delete()
        self.stdout.write(f"Removed the scale data ({deleted} rows with the learners).")
