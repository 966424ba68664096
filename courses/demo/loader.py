"""Builds the demo site from ``content.py``: idempotent, keyed by stable identifiers.

Running it again creates nothing that already exists and changes nothing that does,
so an editor's changes to the demo pages survive a second ``make run``.
"""

import uuid
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site

from courses.models import CatalogPage, CoursePage, RelatedTopic, TopicPage

from . import content

CHART = Path(__file__).resolve().parent / "assets" / "samtalsfordelning.png"

# Demo content has the same identity in every installation: uuid5 of its slug.
DEMO_NAMESPACE = uuid.UUID("6f1d3c52-8a7e-4c1b-9d2e-5b4a7c8e9f10")


def demo_uuid(slug: str) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, slug)


class DemoLoader:
    def __init__(self, log=None):
        self.log = log or (lambda message: None)
        self.created = 0

    @transaction.atomic
    def run(self) -> int:
        """Load everything; return how many objects were created."""
        catalog = self.ensure_catalog()
        course = self.ensure_course(catalog)
        topics, new = {}, []
        self.ensure_topics(course, content.TOPICS, topics, new)
        # Bodies are written once every topic, lecture and quiz exists (they link).
        self.lectures = {
            "projektets-steg": self.ensure_lecture(topics["projektorganisation"])
        }
        self.quizzes = self.ensure_quizzes()
        self.scenarios = self.ensure_scenarios()
        images = {"samtalsfordelning": self.ensure_call_chart()}
        for topic, item in new:
            topic.body = self.stream(item["body"], images)
            topic.save_revision().publish()
        self.ensure_related(content.TOPICS, topics)
        self.ensure_accounts()
        self.ensure_circle(course, topics)
        return self.created

    def ensure_catalog(self) -> CatalogPage:
        catalog = CatalogPage.objects.first()
        if catalog is None:
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

    def ensure_course(self, catalog: CatalogPage) -> CoursePage:
        data = content.COURSE
        course = CoursePage.objects.filter(uuid=demo_uuid(data["slug"])).first()
        if course is None:
            course = catalog.add_child(
                instance=CoursePage(
                    uuid=demo_uuid(data["slug"]),
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

    def ensure_topics(self, parent, items, topics, new) -> None:
        for item in items:
            topic = TopicPage.objects.filter(uuid=demo_uuid(item["slug"])).first()
            if topic is None:
                topic = TopicPage(
                    uuid=demo_uuid(item["slug"]),
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
            topics[item["slug"]] = topic
            self.ensure_topics(topic, item.get("children", []), topics, new)

    def ensure_related(self, items, topics) -> None:
        for item in items:
            page = topics[item["slug"]]
            for order, slug in enumerate(item.get("related", [])):
                _link, created = RelatedTopic.objects.get_or_create(
                    page=page, topic=topics[slug], defaults={"sort_order": order}
                )
                self.created += created
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
                            "links": [self.link(*link) for link in links],
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
        return data

    def link(self, title, target, description):
        if target.startswith("page:"):
            page = TopicPage.objects.get(uuid=demo_uuid(target.removeprefix("page:")))
            return {"title": title, "page": page, "url": "", "description": description}
        return {"title": title, "page": None, "url": target, "description": description}

    def ensure_lecture(self, topic):
        """The demo lecture made by lectures/demo/make_lecture.py (committed files)."""
        import json

        from django.core.files import File
        from wagtailmedia.models import get_media_model

        from lectures.demo import LECTURE
        from lectures.models import CaptionTrack, Chapter, LecturePage

        data = LECTURE
        lecture = LecturePage.objects.filter(uuid=demo_uuid(data["slug"])).first()
        if lecture is not None:
            return lecture
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
            uuid=demo_uuid(data["slug"]),
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
        from quizzes.models import Choice, Question, Quiz, QuizDraw, QuizQuestion

        questions = {}
        for key, kind, text, details in quiz_content.QUESTIONS:
            key_uuid = demo_uuid(f"question-{key}")
            question = Question.objects.filter(uuid=key_uuid).first()
            if question is None:
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
                    rows = [
                        (*option, "", "")[:4] for option in details.get("options", [])
                    ]
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
            questions[key] = question
        quizzes = {}
        for data in quiz_content.QUIZZES:
            key_uuid = demo_uuid(f"quiz-{data['key']}")
            quiz = Quiz.objects.filter(uuid=key_uuid).first()
            if quiz is None:
                quiz = Quiz(
                    uuid=key_uuid,
                    title=data["title"],
                    intro=data["intro"],
                    **data["rules"],
                )
                quiz.fixed_questions = [
                    QuizQuestion(question=questions[k], sort_order=n)
                    for n, k in enumerate(data["fixed"])
                ]
                quiz.draws = [
                    QuizDraw(tag=t, count=c) for t, c in data.get("draws", [])
                ]
                quiz.save()
                quiz.save_revision().publish()
                self.created += 1
                self.log(f"Created the quiz “{quiz.title}”.")
            quizzes[data["key"]] = quiz
        return quizzes

    def ensure_scenarios(self) -> dict:
        """The five demo practice calls (roleplays/demo/content.py)."""
        from roleplays.demo.content import SCENARIOS
        from roleplays.models import Scenario, ScenarioChoice, Step

        scenarios = {}
        for data in SCENARIOS:
            key_uuid = demo_uuid(f"scenario-{data['key']}")
            scenario = Scenario.objects.filter(uuid=key_uuid).first()
            if scenario is None:
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
                    for n, (key, says, narration, end, outcome) in enumerate(
                        data["steps"]
                    )
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
            scenarios[data["key"]] = scenario
        return scenarios

    def ensure_call_chart(self):
        """The chart of how calls divide (drawn by ``make_chart.py``, committed)."""
        Image = get_image_model()
        title = "Andel samtal som ett kontaktcenter kan besvara"
        image = Image.objects.filter(title=title).first()
        if image is not None:
            return image
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

    def ensure_circle(self, course, topics) -> None:
        """The demo circle, and some progress for the colleagues in it."""
        from circles.models import CircleMembership, StudyCircle
        from progress.activities import activity_for_page
        from progress.recording import record

        User = get_user_model()
        for username, first, last, completed, visited in content.DEMO_COLLEAGUES:
            user, created = User.objects.get_or_create(
                username=username, defaults={"first_name": first, "last_name": last}
            )
            if not created:
                continue
            user.set_unusable_password()
            user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name="Deltagare"))
            self.created += 1
            for slug in visited + completed:
                record(user, activity_for_page(topics[slug]), "experienced")
            for slug in completed:
                record(user, activity_for_page(topics[slug]), "completed")
        data = content.DEMO_CIRCLE
        circle = StudyCircle.objects.filter(name=data["name"]).first()
        if circle is None:
            circle = StudyCircle(
                name=data["name"], leader=User.objects.get(username=data["leader"])
            )
            circle.courses.set([course])
            circle.save()  # a ParentalManyToManyField is written on save
            self.created += 1
            self.log(f"Created the study circle “{circle.name}”.")
        for username in data["members"]:
            _membership, created = CircleMembership.objects.get_or_create(
                circle=circle, user=User.objects.get(username=username)
            )
            self.created += created

    def ensure_accounts(self) -> None:
        User = get_user_model()
        for username, password, first, last, group, superuser in content.DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "is_staff": superuser,
                    "is_superuser": superuser,
                },
            )
            if created:
                user.set_password(password)
                user.save(update_fields=["password"])
                if group:
                    user.groups.add(Group.objects.get(name=group))
                self.created += 1
                self.log(f"Created the demo account {username}.")
