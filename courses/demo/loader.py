"""Builds the demo site from ``content.py``: idempotent, keyed by stable identifiers.

Every demo object has a stable key ("topic:forstudie", "account:deltagare" …). The
loader makes an object only if its key has never been recorded (``DemoRecord``), and
records it with the object's id. Running it again therefore creates nothing that
exists and changes nothing, and what an administrator renamed or deleted stays so: a
recorded object is found by its id whatever its name, and never made again.

A key that is not recorded yet is first looked for by its natural key (uuid, username,
title), so a database loaded before the records existed gets no duplicates. On such a
database (the demo course is there, nothing is recorded) the objects every earlier
loader made together with the course (the topics, their related-topic links, the demo
accounts, the chart) were deleted by an administrator if they are missing: they are
recorded as gone, not made again.
"""

import uuid
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site

from courses.models import (
    CatalogPage,
    CoursePage,
    DemoRecord,
    RelatedTopic,
    TopicPage,
)

from . import content

CHART = Path(__file__).resolve().parent / "assets" / "samtalsfordelning.png"

# Demo content has the same identity in every installation: uuid5 of its slug.
DEMO_NAMESPACE = uuid.UUID("6f1d3c52-8a7e-4c1b-9d2e-5b4a7c8e9f10")


# Blocks that show a chosen object: left out of new topics if the object is gone.
CHOSEN = ("scenario", "quiz", "lecture", "image")


def demo_uuid(slug: str) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, slug)


class DemoLoader:
    def __init__(self, log=None):
        self.log = log or (lambda message: None)
        self.created = 0
        self.records: dict[str, int | None] = {}
        self.upgrading = False
        # The demo accounts as they are now: (content.DEMO_ACCOUNTS row, user or None).
        self.accounts: list[tuple[tuple, object | None]] = []

    @transaction.atomic
    def run(self) -> int:
        """Load everything; return how many objects were created."""
        self.records = dict(DemoRecord.objects.values_list("key", "object_id"))
        self.upgrading = (
            not self.records
            and CoursePage.objects.filter(
                uuid=demo_uuid(content.COURSE["slug"])
            ).exists()
        )
        catalog = self.ensure_catalog()
        course = self.ensure_course(catalog)
        topics, new = {}, []
        self.ensure_topics(course, content.TOPICS, topics, new)
        # Bodies are written once every topic, lecture and quiz exists (they link).
        self.lectures = {
            "projektets-steg": self.ensure_lecture(topics.get("projektorganisation"))
        }
        self.quizzes = self.ensure_quizzes()
        self.scenarios = self.ensure_scenarios()
        images = {"samtalsfordelning": self.ensure_call_chart()}
        for topic, item in new:
            topic.body = self.stream(item["body"], images)
            topic.save_revision().publish()
        self.ensure_added_blocks(topics, [topic for topic, _item in new])
        self.ensure_related(content.TOPICS, topics)
        users = self.ensure_accounts()
        users |= self.ensure_colleagues(topics)
        self.ensure_circle(course, users)
        return self.created

    def ensure(self, key: str, model, find, make, *, in_first_demo=False):
        """The demo object *key*, or None if it is gone or cannot be made.

        A recorded key is looked up by the recorded id only: the object may have been
        renamed, and if it was deleted it stays deleted. An unrecorded key is looked
        for with ``find`` (its natural key), else made with ``make`` (which returns
        None when what it needs is gone); either way it is recorded from then on.
        ``in_first_demo``: every earlier loader made the object with the course, so
        when upgrading a database loaded before the records, missing means deleted.
        """
        if key in self.records:
            pk = self.records[key]
            return None if pk is None else model.objects.filter(pk=pk).first()
        obj = find()
        if obj is None:
            if self.upgrading and in_first_demo:
                self.remember(key, None)
                return None
            obj = make()
        if obj is not None:
            self.remember(key, obj.pk)
        return obj

    def remember(self, key: str, pk: int | None) -> None:
        DemoRecord.objects.create(key=key, object_id=pk)
        self.records[key] = pk

    def ensure_catalog(self) -> CatalogPage | None:
        return self.ensure(
            "catalog", CatalogPage, CatalogPage.objects.first, self.make_catalog
        )

    def make_catalog(self) -> CatalogPage:
        root = Page.get_first_root_node()
        catalog = root.add_child(
            instance=CatalogPage(
                title=content.CATALOG["title"],
                slug="kurser",
                intro=content.CATALOG["intro"],
            )
        )
        catalog.save_revision().publish()
        self.created += 1
        self.log(f"Created the course catalog “{catalog.title}”.")
        # Wagtail's installer leaves a placeholder welcome page as the site root.
        site = Site.objects.filter(is_default_site=True).first()
        placeholder = site.root_page if site else None
        if site is None:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=catalog,
                is_default_site=True,
            )
        else:
            site.root_page = catalog
            site.site_name = "E-cirkel"
            site.save()
        if (
            placeholder is not None
            and placeholder.specific_class is Page
            and not placeholder.get_children().exists()
        ):
            placeholder.delete()
        return catalog

    def ensure_course(self, catalog: CatalogPage | None) -> CoursePage | None:
        data = content.COURSE
        key_uuid = demo_uuid(data["slug"])

        def make():
            if catalog is None:
                return None
            course = catalog.add_child(
                instance=CoursePage(
                    uuid=key_uuid,
                    title=data["title"],
                    slug=data["slug"],
                    intro=data["intro"],
                    audience=data["audience"],
                    estimated_hours=data["estimated_hours"],
                )
            )
            course.save_revision().publish()
            # The demo course is for signed-in learners only (Wagtail's page privacy).
            PageViewRestriction.objects.create(
                page=course, restriction_type=PageViewRestriction.LOGIN
            )
            self.created += 1
            self.log(f"Created the course “{course.title}” (login required).")
            return course

        return self.ensure(
            f"course:{data['slug']}",
            CoursePage,
            CoursePage.objects.filter(uuid=key_uuid).first,
            make,
        )

    def ensure_topics(self, parent, items, topics, new) -> None:
        """Topics by slug (None where deleted); ``new`` gets those made now."""
        for item in items:
            key_uuid = demo_uuid(item["slug"])

            def make(item=item, key_uuid=key_uuid):
                if parent is None:
                    return None
                topic = TopicPage(
                    uuid=key_uuid,
                    title=item["title"],
                    slug=item["slug"],
                    summary=item["summary"],
                    body=[],
                )
                parent.add_child(instance=topic)
                topic.tags.set(item.get("tags", []))
                new.append((topic, item))
                self.created += 1
                self.log(f"Created the topic “{topic.title}”.")
                return topic

            topic = self.ensure(
                f"topic:{item['slug']}",
                TopicPage,
                TopicPage.objects.filter(uuid=key_uuid).first,
                make,
                in_first_demo=True,
            )
            topics[item["slug"]] = topic
            self.ensure_topics(topic, item.get("children", []), topics, new)

    def ensure_added_blocks(self, topics, new) -> None:
        """Blocks the demo gained after it was first published (content.ADDED_BLOCKS):
        once per block, at the start of a topic made before, and never again.

        A topic made now already has the block in its body. An editor's draft of
        the topic is kept: the block is added to the draft, which they publish. A
        block whose topic or object is gone is recorded as gone, not made.
        """
        for slug, kind, ref in content.ADDED_BLOCKS:
            key = f"block:{slug}:{kind}"
            if key in self.records:
                continue
            topic = topics.get(slug)
            chosen = {"lecture": self.lectures, "quiz": self.quizzes}.get(
                kind, self.scenarios
            ).get(ref)
            if topic is None or chosen is None:
                self.remember(key, None)
                continue
            if topic not in new and not self.has_block(topic, kind, chosen):
                self.add_block(topic, kind, chosen)
            self.remember(key, topic.pk)

    @staticmethod
    def has_block(topic, kind, chosen) -> bool:
        field = {"lecture": "lecture", "quiz": "quiz"}.get(kind, "scenario")
        latest = topic.get_latest_revision_as_object()
        return any(
            block["type"] == kind and block["value"].get(field) == chosen.pk
            for block in latest.body.raw_data
        )

    def add_block(self, topic, kind, chosen) -> None:
        field = {"lecture": "lecture", "quiz": "quiz"}.get(kind, "scenario")
        draft = topic.has_unpublished_changes
        page = topic.get_latest_revision_as_object() if draft else topic
        page.body.insert(0, (kind, {field: chosen}))
        revision = page.save_revision()
        if draft:
            self.log(
                f"Added the {kind} “{chosen.title}” to the draft of “{page.title}”; "
                "publish the draft to show it."
            )
        else:
            revision.publish()
            self.log(f"Added the {kind} “{chosen.title}” to “{page.title}”.")
        self.created += 1

    def ensure_related(self, items, topics) -> None:
        for item in items:
            page = topics[item["slug"]]
            for order, slug in enumerate(item.get("related", [])):
                key = f"related:{item['slug']}:{slug}"
                if key in self.records:
                    continue  # made once; an editor may have removed it since
                other = topics.get(slug)

                def find(page=page, other=other):
                    if page is None or other is None:
                        return None
                    return RelatedTopic.objects.filter(page=page, topic=other).first()

                def make(page=page, other=other, order=order):
                    if page is None or other is None:
                        return None
                    self.created += 1
                    return RelatedTopic.objects.create(
                        page=page, topic=other, sort_order=order
                    )

                self.ensure(key, RelatedTopic, find, make, in_first_demo=True)
            self.ensure_related(item.get("children", []), topics)

    def stream(self, blocks, images) -> list:
        """The tuples of ``content.py`` as StreamField data."""
        data = []
        for kind, *args in blocks:
            if kind == "h":
                data.append(("heading", {"text": args[0], "level": "h2"}))
            elif kind == "p":
                data.append(("paragraph", args[0]))
            elif kind == "facts":
                title, text, figures = args
                data.append(
                    (
                        "fact_box",
                        {
                            "title": title,
                            "text": text,
                            "figures": [
                                {"value": v, "label": lbl} for v, lbl in figures
                            ],
                        },
                    )
                )
            elif kind == "quote":
                data.append(("quote", {"text": args[0], "attribution": args[1]}))
            elif kind == "links":
                title, links = args
                data.append(
                    (
                        "further_reading",
                        {
                            "title": title,
                            "links": [
                                link
                                for link in (self.link(*link) for link in links)
                                if link is not None
                            ],
                        },
                    )
                )
            elif kind == "roleplay":
                data.append(("roleplay", {"scenario": self.scenarios[args[0]]}))
            elif kind == "quiz":
                data.append(("quiz", {"quiz": self.quizzes[args[0]]}))
            elif kind == "lecture":
                data.append(("lecture", {"lecture": self.lectures[args[0]]}))
            elif kind == "image":
                key, alt = args
                data.append(
                    (
                        "image",
                        {"image": images[key], "decorative": False, "alt_text": alt},
                    )
                )
            else:
                raise ValueError(f"Unknown block kind {kind!r} in the demo content.")
        # A new topic may point at something an administrator deleted: leave it out.
        return [
            (name, value)
            for name, value in data
            if not (
                isinstance(value, dict)
                and any(field in value and value[field] is None for field in CHOSEN)
            )
        ]

    def link(self, title, target, description) -> dict | None:
        if target.startswith("page:"):
            key = f"topic:{target.removeprefix('page:')}"
            page = TopicPage.objects.filter(pk=self.records.get(key)).first()
            if page is None:
                return None
            return {"title": title, "page": page, "url": "", "description": description}
        return {"title": title, "page": None, "url": target, "description": description}

    def ensure_lecture(self, topic):
        """The demo lecture made by lectures/demo/make_lecture.py (committed files)."""
        from lectures.demo import LECTURE
        from lectures.models import LecturePage

        key_uuid = demo_uuid(LECTURE["slug"])
        return self.ensure(
            f"lecture:{LECTURE['slug']}",
            LecturePage,
            LecturePage.objects.filter(uuid=key_uuid).first,
            lambda: self.make_lecture(LECTURE, key_uuid, topic),
        )

    def make_lecture(self, data, key_uuid, topic):
        import json

        from django.core.files import File
        from wagtailmedia.models import get_media_model

        from lectures.models import CaptionTrack, Chapter, LecturePage

        if topic is None:
            return None
        Media = get_media_model()
        with data["video"].open("rb") as handle:
            video = Media(
                title=data["title"],
                type="video",
                duration=data["duration"],
                width=640,
                height=360,
                file=File(handle, name=data["video"].name),
            )
            video.save()
        Image = get_image_model()
        with data["poster"].open("rb") as handle:
            poster = Image(
                title=data["title"], file=ImageFile(handle, name=data["poster"].name)
            )
            poster.save()
        chapters = json.loads(data["chapters"].read_text(encoding="utf-8"))
        lecture = LecturePage(
            uuid=key_uuid,
            title=data["title"],
            slug=data["slug"],
            summary=data["summary"],
            video=video,
            poster=poster,
            duration=data["duration"],
            description=data["description"],
        )
        lecture.caption_tracks = [
            CaptionTrack(
                language="sv", vtt=data["captions"].read_text(encoding="utf-8")
            )
        ]
        lecture.chapters = [
            Chapter(start=c["start"], title=c["title"]) for c in chapters
        ]
        topic.add_child(instance=lecture)
        lecture.save_revision().publish()
        self.created += 3
        self.log(f"Created the lecture “{lecture.title}”.")
        return lecture

    def ensure_quizzes(self) -> dict:
        """The demo question bank and quizzes (quizzes/demo/content.py)."""
        from quizzes.demo import content as quiz_content
        from quizzes.models import Question, Quiz

        questions = {}
        for key, kind, text, details in quiz_content.QUESTIONS:
            key_uuid = demo_uuid(f"question-{key}")
            questions[key] = self.ensure(
                f"question:{key}",
                Question,
                Question.objects.filter(uuid=key_uuid).first,
                lambda key_uuid=key_uuid, kind=kind, text=text, details=details: (
                    self.make_question(key_uuid, kind, text, details)
                ),
            )
        quizzes = {}
        for data in quiz_content.QUIZZES:
            key_uuid = demo_uuid(f"quiz-{data['key']}")
            quizzes[data["key"]] = self.ensure(
                f"quiz:{data['key']}",
                Quiz,
                Quiz.objects.filter(uuid=key_uuid).first,
                lambda data=data, key_uuid=key_uuid: self.make_quiz(
                    data, key_uuid, questions
                ),
            )
        return quizzes

    def make_question(self, key_uuid, kind, text, details):
        from quizzes.models import Choice, Question

        question = Question(
            uuid=key_uuid,
            type=kind,
            text=text,
            explanation=details.get("explanation", ""),
            accepted_answers="\n".join(details.get("accepted", [])),
            fold_diacritics=details.get("fold_diacritics", False),
            number=details.get("number"),
            tolerance=details.get("tolerance", 0),
        )
        if kind == "matching":
            rows = [(left, True, "", right) for left, right in details["pairs"]]
        elif kind == "ordering":
            rows = [(item, True, "", "") for item in details["items"]]
        else:
            rows = [(*option, "", "")[:4] for option in details.get("options", [])]
        question.choices = [
            Choice(
                text=t,
                is_correct=right,
                feedback=feedback,
                match=match,
                sort_order=n,
            )
            for n, (t, right, feedback, match) in enumerate(rows)
        ]
        question.save()
        question.tags.add(*details.get("tags", []))
        question.save()
        question.save_revision().publish()
        self.created += 1
        return question

    def make_quiz(self, data, key_uuid, questions):
        from quizzes.models import Quiz, QuizDraw, QuizQuestion

        quiz = Quiz(
            uuid=key_uuid,
            title=data["title"],
            intro=data["intro"],
            **data["rules"],
        )
        # A question an administrator deleted is left out of a new quiz.
        fixed = [questions[k] for k in data["fixed"] if questions[k] is not None]
        quiz.fixed_questions = [
            QuizQuestion(question=question, sort_order=n)
            for n, question in enumerate(fixed)
        ]
        quiz.draws = [QuizDraw(tag=t, count=c) for t, c in data.get("draws", [])]
        quiz.save()
        quiz.save_revision().publish()
        self.created += 1
        self.log(f"Created the quiz “{quiz.title}”.")
        return quiz

    def ensure_scenarios(self) -> dict:
        """The five demo practice calls (roleplays/demo/content.py)."""
        from roleplays.demo.content import SCENARIOS
        from roleplays.models import Scenario

        scenarios = {}
        for data in SCENARIOS:
            key_uuid = demo_uuid(f"scenario-{data['key']}")
            scenarios[data["key"]] = self.ensure(
                f"scenario:{data['key']}",
                Scenario,
                Scenario.objects.filter(uuid=key_uuid).first,
                lambda data=data, key_uuid=key_uuid: self.make_scenario(data, key_uuid),
            )
        return scenarios

    def make_scenario(self, data, key_uuid):
        from roleplays.models import Scenario, ScenarioChoice, Step

        name, background, goal, mood, lines = data["caller"]
        rules, routing = data["handler"]
        scenario = Scenario(
            uuid=key_uuid,
            title=data["title"],
            summary=data["summary"],
            department=data["department"],
            caller_name=name,
            caller_background=background,
            caller_goal=goal,
            caller_mood=mood,
            caller_lines=lines,
            handler_rules=rules,
            handler_routing=routing,
            observer_notes=data["observer"],
        )
        scenario.steps = [
            Step(
                key=key,
                caller_says=says,
                narration=narration,
                is_end=end,
                outcome=outcome,
                sort_order=n,
            )
            for n, (key, says, narration, end, outcome) in enumerate(data["steps"])
        ]
        scenario.choices = [
            ScenarioChoice(
                step_key=at,
                text=text,
                leads_to=to,
                feedback=feedback,
                empathy=e,
                correctness=c,
                routing=r,
                breaks_rule=breaks,
                sort_order=n,
            )
            for n, (at, text, to, feedback, (e, c, r), breaks) in enumerate(
                data["choices"]
            )
        ]
        scenario.save()
        scenario.save_revision().publish()
        self.created += 1
        self.log(f"Created the practice call “{scenario.title}”.")
        return scenario

    def ensure_call_chart(self):
        """The chart of how calls divide (drawn by ``make_chart.py``, committed)."""
        Image = get_image_model()
        title = "Andel samtal som ett kontaktcenter kan besvara"

        def make():
            with CHART.open("rb") as handle:
                image = Image(
                    title=title,
                    file=ImageFile(handle, name=CHART.name),
                    description=(
                        "85 % av samtalen är frågor och vägledning, "
                        "15 % kräver handläggning."
                    ),
                )
                image.save()
            self.created += 1
            self.log("Added the chart of how calls divide.")
            return image

        return self.ensure(
            "image:samtalsfordelning",
            Image,
            Image.objects.filter(title=title).first,
            make,
            in_first_demo=True,
        )

    def ensure_accounts(self) -> dict:
        """The demo accounts; return them by their demo username (None if deleted)."""
        User = get_user_model()
        users = {}
        for account in content.DEMO_ACCOUNTS:
            username, password, first, last, group, superuser = account

            def make(
                username=username,
                password=password,
                first=first,
                last=last,
                group=group,
                superuser=superuser,
            ):
                user = User(
                    username=username,
                    first_name=first,
                    last_name=last,
                    is_staff=superuser,
                    is_superuser=superuser,
                )
                user.set_password(password)
                user.save()
                if group:
                    user.groups.add(Group.objects.get(name=group))
                self.created += 1
                self.log(f"Created the demo account {username}.")
                return user

            users[username] = self.ensure(
                f"account:{username}",
                User,
                User.objects.filter(username=username).first,
                make,
                in_first_demo=True,
            )
            self.accounts.append((account, users[username]))
        return users

    def ensure_colleagues(self, topics) -> dict:
        """The learners who give the circle's report some rows, with some progress."""
        from progress.activities import activity_for_page
        from progress.recording import record

        User = get_user_model()
        users = {}
        for username, first, last, completed, visited in content.DEMO_COLLEAGUES:

            def make(
                username=username,
                first=first,
                last=last,
                completed=completed,
                visited=visited,
            ):
                user = User(username=username, first_name=first, last_name=last)
                user.set_unusable_password()
                user.save()
                user.groups.add(Group.objects.get(name="Deltagare"))
                self.created += 1
                for verb, slugs in (
                    ("experienced", visited + completed),
                    ("completed", completed),
                ):
                    for slug in slugs:
                        if topics.get(slug) is not None:
                            record(user, activity_for_page(topics[slug]), verb)
                return user

            users[username] = self.ensure(
                f"account:{username}",
                User,
                User.objects.filter(username=username).first,
                make,
            )
        return users

    def ensure_circle(self, course, users):
        """The demo circle with its members (made together, once)."""
        from circles.models import CircleMembership, StudyCircle

        data = content.DEMO_CIRCLE
        key_uuid = demo_uuid(f"circle-{data['key']}")
        leader = users.get(data["leader"])

        def find():
            circles = StudyCircle.objects.all()
            return (
                circles.filter(uuid=key_uuid).first()
                or circles.filter(name=data["name"]).first()
                # Made by the loader before the records, and renamed since.
                or (
                    circles.filter(leader=leader, courses=course)
                    .order_by("created_at")
                    .first()
                    if leader is not None and course is not None
                    else None
                )
            )

        def make():
            if leader is None or course is None:
                return None
            circle = StudyCircle(uuid=key_uuid, name=data["name"], leader=leader)
            circle.courses.set([course])
            circle.memberships = [
                CircleMembership(user=users[username])
                for username in data["members"]
                if users.get(username) is not None
            ]
            circle.save()  # parental relations are written on save
            self.created += 1 + len(circle.memberships.all())
            self.log(f"Created the study circle “{circle.name}”.")
            return circle

        return self.ensure(f"circle:{data['key']}", StudyCircle, find, make)
