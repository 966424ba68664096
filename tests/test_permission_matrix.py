"""Who may open which address: every URL of E-cirkel × every role.

The addresses come from the URL configuration itself (``own_urls``): every pattern
defined in E-cirkel's own URL modules, every admin address an app registers through
Wagtail's hooks (``register_admin_urls``, viewsets, snippets and their choosers).
Each must have a row in ``MATRIX`` saying what each role gets, so a new address
without one fails ``test_every_address_has_a_row``. Wagtail's and Django's built-in
addresses (the admin's own screens, page serving, document serving) are not E-cirkel's
to decide; ``SAMPLED`` checks a few of them, to show the roles meet them as intended.

Outcomes: a status code, ``LOGIN`` (302 to the site's login page), ``ADMIN_LOGIN``
(302 to the admin's login page, where Wagtail sends whoever lacks admin access),
``ADMIN_DENIED`` (302 to the admin's dashboard with "you do not have permission": the
admin's 403) or ``Redirect(prefix)`` (another 302).

The roles: an anonymous visitor; ``learner``, a member of circle A, who owns every
attempt, certificate and invitation below; ``other_learner``, a member of circle B;
``leader``, who leads circle A; ``other_leader``, who leads circle B (both circles
follow the course); ``editor``. Objects belong to the learner and circle A.
"""

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any, NamedTuple

import pytest
from axes.models import AccessAttempt
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from wagtail.admin.viewsets import viewsets
from wagtail.snippets.views.snippets import SnippetViewSet

from catalogs.models import CatalogSettings, CatalogToken, OfferedCourse, Subscription
from certificates.models import Certificate
from circles.models import CircleMembership
from evaluations.models import Evaluation, Question
from feedback.models import Feedback
from imports import jobs as import_jobs
from quizzes import attempts
from quizzes.factories import make_question, make_quiz
from roleplays import playing
from roleplays.factories import make_scenario
from sharing.models import CourseSharing, SharingSettings
from tests.conftest import place_on_topic
from users import invitations
from users.factories import UserFactory
from users.roles import LEARNER

# The packages whose URL modules, views and admin viewsets are E-cirkel's own: every
# installed app that lives in this repository (a new app is included by being added).
OWN_PACKAGES = {
    config.name.split(".")[0]
    for config in django_apps.get_app_configs()
    if Path(config.path).resolve().is_relative_to(Path(settings.BASE_DIR).resolve())
    and ".venv" not in Path(config.path).parts
} | {"ecirkel"}


ROLES = ("anonymous", "learner", "other_learner", "leader", "other_leader", "editor")
LOGIN = "login"
ADMIN_LOGIN = "admin login"
ADMIN_DENIED = "admin denied"


@dataclass(frozen=True)
class Redirect:
    prefix: str


class Expect(NamedTuple):
    anonymous: Any
    learner: Any
    other_learner: Any
    leader: Any
    other_leader: Any
    editor: Any


@dataclass(frozen=True)
class Row:
    expect: Expect
    kwargs: Any = None  # world -> URL kwargs
    method: str = "get"
    data: Any = None  # world -> request data (a query string for GET)
    json: bool = False
    url: Any = None  # world -> address, for a pattern reverse() cannot fill


def everyone(outcome) -> Expect:
    return Expect(*[outcome] * len(ROLES))


def signed_in(outcome, anonymous=LOGIN) -> Expect:
    return Expect(anonymous, *[outcome] * (len(ROLES) - 1))


# Wagtail's admin: whoever lacks admin access is sent to its login page.
def editors(status=200) -> Expect:
    return Expect(*[ADMIN_LOGIN] * (len(ROLES) - 1), status)


EDITORS = editors()


# URL kwargs from the world


def pk(name):
    return lambda w: {"pk": getattr(w, name).pk}


def revision(name):
    return lambda w: {
        "pk": getattr(w, name).pk,
        "revision_id": getattr(w, name).latest_revision_id,
    }


def comparison(name):
    return lambda w: {
        "pk": getattr(w, name).pk,
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
    }


def snippet_rows(prefix, name, *, revisions=True):
    """The rows of one snippet's admin (editors only), written out per view."""
    rows = {
        f"wagtailsnippets_{prefix}:list": Row(EDITORS),
        f"wagtailsnippets_{prefix}:list_results": Row(EDITORS),
        f"wagtailsnippets_{prefix}:add": Row(EDITORS),
        f"wagtailsnippets_{prefix}:edit": Row(EDITORS, pk(name)),
        f"wagtailsnippets_{prefix}:delete": Row(EDITORS, pk(name)),
        f"wagtailsnippets_{prefix}:usage": Row(EDITORS, pk(name)),
        f"wagtailsnippets_{prefix}:history": Row(EDITORS, pk(name)),
        f"wagtailsnippets_{prefix}:history_results": Row(EDITORS, pk(name)),
        f"wagtailsnippets_{prefix}:copy": Row(EDITORS, pk(name)),
        f"wagtailsnippetchoosers_{prefix}:choose": Row(EDITORS),
        f"wagtailsnippetchoosers_{prefix}:choose_results": Row(EDITORS),
        f"wagtailsnippetchoosers_{prefix}:chosen": Row(EDITORS, pk(name)),
        f"wagtailsnippetchoosers_{prefix}:chosen_multiple": Row(
            EDITORS, data=lambda w: {"id": getattr(w, name).pk}
        ),
        f"wagtailsnippetchoosers_{prefix}:create": Row(EDITORS),
    }
    if revisions:
        rows |= {
            f"wagtailsnippets_{prefix}:revisions_revert": Row(EDITORS, revision(name)),
            f"wagtailsnippets_{prefix}:revisions_compare": Row(
                EDITORS, comparison(name)
            ),
            f"wagtailsnippets_{prefix}:revisions_unschedule": Row(
                EDITORS, revision(name)
            ),
            f"wagtailsnippets_{prefix}:unpublish": Row(EDITORS, pk(name)),
        }
    return rows


MATRIX = {
    # The site
    "favicon": Row(everyone(301)),
    # The health check answers everyone the same (the database and the cache answer).
    "healthz": Row(everyone(200)),
    "search": Row(everyone(200), data=lambda w: {"q": "kontaktcenter"}),
    "set_language": Row(
        everyone(Redirect("/")), method="post", data=lambda w: {"language": "en"}
    ),
    "media": Row(
        # A login-only course's files need a login; a refusal is a 404.
        signed_in(200, anonymous=404),
        lambda w: {"path": w.lecture.video.file.name},
    ),
    # Accounts
    "login": Row(signed_in(Redirect("/"), anonymous=200)),
    "logout": Row(everyone(Redirect("/")), method="post"),
    "password_reset": Row(everyone(200)),
    "password_reset_done": Row(everyone(200)),
    # The link's token moves into the session and the address loses it.
    "password_reset_confirm": Row(
        everyone(Redirect("/konto/nytt-losenord/")), lambda w: w.reset()
    ),
    "password_reset_complete": Row(everyone(200)),
    "wagtailadmin_password_reset": Row(everyone(200)),
    "wagtailadmin_password_reset_confirm": Row(
        everyone(Redirect("/admin/password_reset/confirm/")), lambda w: w.reset()
    ),
    # Bringing learners in (users.manage_learners)
    "onboarding:learners": Row(Expect(LOGIN, 403, 403, 200, 200, 200)),
    "onboarding:add_learner": Row(Expect(LOGIN, 403, 403, 200, 200, 200)),
    "onboarding:import_learners": Row(Expect(LOGIN, 403, 403, 200, 200, 200)),
    # The invitee is a member of circle A: its leader and editors may invite them.
    "onboarding:invite": Row(
        Expect(
            LOGIN,
            403,
            403,
            Redirect("/cirklar/deltagare/"),
            404,
            Redirect("/cirklar/deltagare/"),
        ),
        pk("invitee"),
        method="post",
    ),
    # The signed link is the key, whoever holds it.
    "onboarding:accept_invitation": Row(
        everyone(200), lambda w: {"token": w.invitation()}
    ),
    # Progress
    "dashboard:index": Row(signed_in(200)),
    "courses:mark_complete": Row(
        signed_in(Redirect("/testkurs/vad-ar-kc/")),
        lambda w: {"page_id": w.topic.pk},
        method="post",
    ),
    # Nothing reports from the browser yet: the server records every activity.
    "progress:statements": Row(
        signed_in(403),
        method="post",
        json=True,
        data=lambda w: {
            "id": str(uuid.uuid4()),
            "verb": "completed",
            "activity": str(w.topic_activity.uuid),
        },
    ),
    "progress:my_data": Row(signed_in(200)),
    "progress:xapi_export": Row(Expect(LOGIN, 403, 403, 403, 403, 200)),
    # Certificates: public by their code
    "certificates:lookup": Row(everyone(200)),
    "certificates:certificate": Row(everyone(200), lambda w: {"code": w.cert.code}),
    "certificates:pdf": Row(everyone(200), lambda w: {"code": w.cert.code}),
    # Study circles: leaders their own, editors all
    "circles:list": Row(signed_in(200)),
    "circles:report": Row(
        Expect(LOGIN, 404, 404, 200, 404, 200), lambda w: {"uuid": w.circle.uuid}
    ),
    "circles:export_csv": Row(
        Expect(LOGIN, 404, 404, 200, 404, 200), lambda w: {"uuid": w.circle.uuid}
    ),
    "circles:export_xlsx": Row(
        Expect(LOGIN, 404, 404, 200, 404, 200), lambda w: {"uuid": w.circle.uuid}
    ),
    "circles:export_sessions_csv": Row(
        Expect(LOGIN, 404, 404, 200, 404, 200), lambda w: {"uuid": w.circle.uuid}
    ),
    # Course evaluations: the invited learner answers (the learner completed the
    # course); results for editors, and for the leader of the circle asked for.
    "evaluations:answer": Row(
        Expect(LOGIN, 200, 404, 404, 404, 404), lambda w: {"uuid": w.evaluation.uuid}
    ),
    "evaluations:results": Row(
        Expect(LOGIN, 404, 404, 200, 404, 200),
        lambda w: {"uuid": w.evaluation.uuid},
        data=lambda w: {"cirkel": w.circle.pk},
    ),
    # Lectures in a login-only course
    "lectures:track": Row(
        signed_in(200, anonymous=404),
        lambda w: {"uuid": w.lecture.uuid, "language": "sv"},
    ),
    "lectures:txt": Row(
        signed_in(200, anonymous=404),
        lambda w: {"uuid": w.lecture.uuid, "language": "sv"},
    ),
    "lectures:start_viewing": Row(
        signed_in(200), lambda w: {"uuid": w.lecture.uuid}, method="post"
    ),
    "lectures:watched": Row(signed_in(200), lambda w: {"uuid": w.lecture.uuid}),
    # Quizzes: everyone signed in takes them; an attempt is its taker's
    "quizzes:start": Row(
        signed_in(Redirect("/quiz/forsok/")),
        lambda w: {"uuid": w.quiz.uuid},
        method="post",
        data=lambda w: {"page": w.quiz_topic.pk},
    ),
    "quizzes:attempt": Row(
        Expect(LOGIN, 200, 404, 404, 404, 404), lambda w: {"uuid": w.attempt.uuid}
    ),
    # Practice calls
    "roleplays:start": Row(
        signed_in(Redirect("/rollspel/forsok/")),
        lambda w: {"uuid": w.scenario.uuid},
        method="post",
        data=lambda w: {"page": w.call_topic.pk},
    ),
    "roleplays:cards": Row(
        signed_in(200),
        lambda w: {"uuid": w.scenario.uuid},
        data=lambda w: {"page": w.call_topic.pk},
    ),
    # Leaders score members of the circles they lead that follow the call's course
    # (both circles do); editors, members of every circle.
    "roleplays:observe": Row(
        Expect(LOGIN, 403, 403, 200, 200, 200),
        lambda w: {"uuid": w.scenario.uuid},
        data=lambda w: {"page": w.call_topic.pk},
    ),
    "roleplays:attempt": Row(
        Expect(LOGIN, 200, 404, 404, 404, 404), lambda w: {"uuid": w.call.uuid}
    ),
    # Feedback: anyone logged in on a page they may view; visitors only where the
    # site allows it (off here); the confirmation is its sender's; their own list.
    "feedback:new": Row(signed_in(200), data=lambda w: {"sida": w.topic.pk}),
    "feedback:sent": Row(
        Expect(404, 200, 404, 404, 404, 404),
        lambda w: {"uuid": w.feedback.uuid},
    ),
    "feedback:mine": Row(signed_in(200)),
    # The admin: E-cirkel's own screens
    "question_import:index": Row(EDITORS),
    "quiz_statistics:index": Row(EDITORS),
    "quiz_statistics:report": Row(EDITORS, pk("quiz")),
    "scenario_statistics:index": Row(EDITORS),
    "scenario_statistics:report": Row(EDITORS, pk("scenario")),
    "wagtailsnippets_roleplays_scenario:diagram": Row(EDITORS, pk("scenario")),
    # Unlocking logins is for superusers (and whoever is given delete_accessattempt).
    "login_lockouts:index": Row(editors(ADMIN_DENIED)),
    "login_lockouts:index_results": Row(editors(ADMIN_DENIED)),
    "login_lockouts:delete": Row(editors(ADMIN_DENIED), pk("lockout")),
    # Lockouts are made by failed logins only: nobody adds or edits them.
    "login_lockouts:add": Row(editors(ADMIN_DENIED)),
    "login_lockouts:edit": Row(editors(ADMIN_DENIED), pk("lockout")),
    "login_lockouts:history": Row(editors(ADMIN_DENIED), pk("lockout")),
    "login_lockouts:history_results": Row(editors(ADMIN_DENIED), pk("lockout")),
    "login_lockouts:usage": Row(editors(ADMIN_DENIED), pk("lockout")),
    # The feedback inbox "Synpunkter" (feedback.view_feedback and up): the list, its
    # CSV (the list's address with ?export=csv), the handling view and deleting.
    "feedback_inbox:index": Row(EDITORS),
    "feedback_inbox:index_results": Row(EDITORS),
    "feedback_inbox:edit": Row(EDITORS, pk("feedback")),
    "feedback_inbox:delete": Row(EDITORS, pk("feedback")),
    # Importing a course (imports.add_importjob): the upload form with the jobs, and
    # one job's page (its progress, review or result).
    "imports:index": Row(EDITORS),
    "imports:job": Row(EDITORS, pk("import_job")),
    # Catalog feeds: this installation's catalog (published as public here) and
    # its packages are for anyone; tokens and subscriptions are the editors'.
    "catalogs:feed": Row(everyone(200)),
    "catalogs:package": Row(everyone(200), lambda w: {"uuid": w.course.uuid}),
    "catalog_tokens:index": Row(EDITORS),
    "catalog_tokens:index_results": Row(EDITORS),
    "catalog_tokens:add": Row(EDITORS),
    "catalog_tokens:edit": Row(EDITORS, pk("catalog_token")),
    "catalog_tokens:delete": Row(EDITORS, pk("catalog_token")),
    "catalog_subscriptions:index": Row(EDITORS),
    "catalog_subscriptions:index_results": Row(EDITORS),
    "catalog_subscriptions:add": Row(EDITORS),
    "catalog_subscriptions:browse": Row(EDITORS, pk("subscription")),
    "catalog_subscriptions:edit": Row(EDITORS, pk("subscription")),
    "catalog_subscriptions:delete": Row(EDITORS, pk("subscription")),
    # "Hämta nu" (nobody listens at the address: the error is shown on the page).
    "catalog_subscriptions:refresh": Row(
        editors(Redirect("/admin/katalogprenumerationer/")),
        pk("subscription"),
        method="post",
    ),
    # One click: an import job, and the editor is sent to its page.
    "catalog_subscriptions:import": Row(
        editors(Redirect("/admin/kursimport/")),
        lambda w: {"pk": w.subscription.pk, "offer_pk": w.offer.pk},
        method="post",
    ),
    # The report of the local facts each course uses (localfacts.view_localfacts).
    "localfacts_report:index": Row(EDITORS),
    **snippet_rows("quizzes_question", "question"),
    **snippet_rows("quizzes_quiz", "quiz"),
    **snippet_rows("roleplays_scenario", "scenario"),
    **snippet_rows("circles_studycircle", "circle", revisions=False),
    **snippet_rows("evaluations_evaluation", "evaluation", revisions=False),
    # Sharing: a course's package for whoever may edit it; the per-course settings.
    "sharing_export": Row(EDITORS, lambda w: {"page_id": w.course.pk}),
    **snippet_rows("sharing_coursesharing", "course_sharing", revisions=False),
}

# Wagtail's and Django's own addresses: a sample, not a row per address.
SAMPLED = {
    "wagtail_serve": Row(signed_in(200), url=lambda w: w.course.url),
    "wagtailadmin_home": Row(EDITORS),
    "wagtailadmin_pages:edit": Row(EDITORS, lambda w: {"page_id": w.course.pk}),
    "wagtailimages:index": Row(EDITORS),
    "wagtailmedia:index": Row(EDITORS),
    # Settings → Local facts (localfacts.change_localfacts).
    "wagtailsettings:edit": Row(
        EDITORS,
        lambda w: {
            "app_name": "localfacts",
            "model_name": "localfacts",
            "pk": w.course.get_site().pk,
        },
    ),
    # Editors manage learners through "Deltagare", not Wagtail's users and groups.
    "wagtailusers_users:index": Row(editors(ADMIN_DENIED)),
    "wagtailusers_groups:index": Row(editors(ADMIN_DENIED)),
}


# The URL configuration


def is_own_module(module) -> bool:
    name = module if isinstance(module, str) else getattr(module, "__name__", "")
    return name.split(".")[0] in OWN_PACKAGES


def own_viewset_namespaces() -> set[str]:
    """The URL namespaces of the admin viewsets E-cirkel's apps register, with the
    choosers of their snippets."""
    namespaces = set()
    for viewset in viewsets.viewsets:
        model = getattr(viewset, "model", None)
        # A viewset class of our own, or Wagtail's own class for one of our models
        # (register_snippet(Model) with the default SnippetViewSet).
        if is_own_module(type(viewset).__module__) or (
            isinstance(viewset, SnippetViewSet)
            and isinstance(model, type)
            and is_own_module(model.__module__)
        ):
            namespaces.add(viewset.url_namespace)
            chooser = getattr(viewset, "chooser_viewset", None)
            if chooser is not None:
                namespaces.add(chooser.url_namespace)
    return namespaces


def walk(patterns, namespace="", urlconf=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = (
                    f"{namespace}:{pattern.namespace}"
                    if namespace
                    else pattern.namespace
                )
            yield from walk(pattern.url_patterns, inner, pattern.urlconf_name)
        elif isinstance(pattern, URLPattern):
            yield pattern, namespace, urlconf


def own_urls() -> set[str]:
    """Every address E-cirkel defines, by URL name (by its route if it has none)."""
    root = get_resolver()
    patterns = root.url_patterns  # loads the admin's URLs, registering its viewsets
    own_namespaces = own_viewset_namespaces()
    found = set()
    for pattern, namespace, urlconf in walk(patterns, urlconf=root.urlconf_name):
        view = getattr(pattern.callback, "view_class", pattern.callback)
        if (
            (isinstance(urlconf, str) or hasattr(urlconf, "__name__"))
            and is_own_module(urlconf)
            or is_own_module(view.__module__)
            or namespace.split(":")[0] in own_namespaces
        ):
            name = pattern.name or str(pattern.pattern)
            found.add(f"{namespace}:{name}" if namespace else name)
    return found


def test_every_address_has_a_row():
    urls = own_urls()
    assert "quizzes:attempt" in urls and "wagtailsnippets_quizzes_quiz:edit" in urls
    missing, stale = sorted(urls - set(MATRIX)), sorted(set(MATRIX) - urls)
    assert not missing, f"Addresses without a row in MATRIX: {missing}"
    assert not stale, f"Rows for addresses that no longer exist: {stale}"
    assert not set(SAMPLED) & urls


# The world


def make_evaluation(course):
    evaluation = Evaluation(course=course, title="Kursutvärdering")
    evaluation.questions = [Question(kind=Question.Kind.LIKERT, text="Bra kurs")]
    evaluation.save()
    return evaluation


def catalog_world(course) -> dict:
    """The catalog published for anyone with the course in it, a catalog token, and
    a subscription read just now (so opening it reads nothing) offering a course."""
    site = course.get_site()
    catalog = CatalogSettings.for_site(site)
    catalog.published, catalog.access = True, CatalogSettings.Access.PUBLIC
    catalog.save()
    CourseSharing.objects.update_or_create(course=course, defaults={"shareable": True})
    organisation = SharingSettings.for_site(site)
    organisation.organisation = "Testkommun"
    organisation.save()
    token = CatalogToken(label="Grannkommunen")
    token.generate()
    token.save()
    subscription = Subscription.objects.create(
        url="http://127.0.0.1:9/delning/katalog.json", last_checked_at=timezone.now()
    )
    offer = OfferedCourse.objects.create(
        subscription=subscription,
        uuid=uuid.uuid4(),
        title="Grannkommunens kurs",
        version="2026-01-15T10:00:00Z",
        package_url="http://127.0.0.1:9/delning/paket/a.zip",
        sha256="0" * 64,
        size=1000,
    )
    return {"catalog_token": token, "subscription": subscription, "offer": offer}


@pytest.fixture
def world(
    private_course, learner, circle_leader, circle, other_circle, editor, lecture
):
    from progress.activities import activity_for_page

    question = make_question(options=["Ja", "Nej"], right=["Ja"])
    quiz = make_quiz([question], title="Quiz")
    scenario = make_scenario(
        [("start", "Hej", False), ("slut", "Tack", True)],
        [("start", "Hej, hur kan jag hjälpa?", "slut", (1, 1, 1), False)],
        live=True,
    )
    for snippet in (question, quiz, scenario):
        snippet.save_revision()
    quiz_topic = place_on_topic(private_course, quiz, "quiz", "quiz")
    call_topic = place_on_topic(private_course, scenario, "roleplay", "scenario")
    invitee = UserFactory(username="ny", email="ny@example.se", roles=[LEARNER])
    invitee.set_unusable_password()
    invitee.save()
    CircleMembership.objects.create(circle=circle, user=invitee)
    topic = private_course.get_children().get(slug="vad-ar-kc").specific
    return SimpleNamespace(
        course=private_course,
        topic=topic,
        topic_activity=activity_for_page(topic),
        lecture=lecture,
        circle=circle,
        question=question,
        quiz=quiz,
        quiz_topic=quiz_topic,
        attempt=attempts.start_or_resume(quiz, learner, quiz_topic),
        scenario=scenario,
        call_topic=call_topic,
        call=playing.start(scenario, learner, call_topic),
        cert=Certificate.objects.create(
            user=learner,
            course=private_course,
            learner_name="Lisa",
            course_title="Testkurs",
        ),
        # Made after the certificate: it invites the learner, who completed.
        evaluation=make_evaluation(private_course),
        course_sharing=CourseSharing.objects.create(course=private_course),
        invitee=invitee,
        feedback=Feedback.objects.create(
            page=topic,
            course=private_course,
            subject_title=topic.title,
            kind=Feedback.Kind.PRAISE,
            text="Tydligt!",
            sender=learner,
        ),
        # The latest link: inviting again replaces the earlier one.
        invitation=lambda: invitations.make_token(
            type(invitee).objects.get(pk=invitee.pk)
        ),
        # A reset link for the learner, valid now (logging in ends earlier ones).
        reset=lambda: {
            "uidb64": urlsafe_base64_encode(force_bytes(learner.pk)),
            "token": default_token_generator.make_token(
                type(learner).objects.get(pk=learner.pk)
            ),
        },
        import_job=import_jobs.create(editor, "kurs.zip"),
        **catalog_world(private_course),
        lockout=AccessAttempt.objects.create(
            username="lisa",
            ip_address="10.0.0.1",
            user_agent="test",
            failures_since_start=3,
        ),
        users={
            "anonymous": None,
            "learner": learner,
            "other_learner": other_circle.memberships.get().user,
            "leader": circle_leader,
            "other_leader": other_circle.leader,
            "editor": editor,
        },
    )


def outcome(response):
    if response.status_code != 302:
        return response.status_code
    if response.url.startswith("/konto/logga-in/?next="):
        return LOGIN
    if response.url.startswith("/admin/login/?next="):
        return ADMIN_LOGIN
    if response.url == reverse("wagtailadmin_home"):
        return ADMIN_DENIED
    return Redirect(response.url)


def matches(expected, got) -> bool:
    if isinstance(expected, Redirect):
        return isinstance(got, Redirect) and got.prefix.startswith(expected.prefix)
    return expected == got


def request(world, role, name, row):
    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    if row.url:
        url = row.url(world)
    else:
        url = reverse(name, kwargs=row.kwargs(world) if row.kwargs else None)
    data = row.data(world) if row.data else {}
    if row.json:
        return client.post(url, json.dumps(data), content_type="application/json")
    return getattr(client, row.method)(url, data)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_matrix_says(world, role):
    wrong = []
    for name, row in {**MATRIX, **SAMPLED}.items():
        expected = getattr(row.expect, role)
        got = outcome(request(world, role, name, row))
        if not matches(expected, got):
            wrong.append(f"{name}: expected {expected}, got {got}")
    assert not wrong, "\n".join(wrong)
