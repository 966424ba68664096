"""Swedish first, English available, and the translation files complete."""

import functools
import html
import io
import json
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.utils.translation.template import templatize
from wagtail.models import Collection, GroupCollectionPermission
from wagtailmedia.models import get_media_model

from courses.factories import TopicPageFactory

LOCALE = Path(settings.BASE_DIR) / "locale"


@pytest.mark.django_db
def test_swedish_is_the_default_even_for_an_english_browser(client, course):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "Hoppa till innehållet" in html


@pytest.mark.django_db
def test_the_switcher_changes_the_language_and_keeps_it(client, course):
    response = client.post("/sprak/", {"language": "en", "next": course.url})
    assert response.status_code == 302 and response.url == course.url
    html = client.get(course.url).content.decode()
    assert '<html lang="en">' in html
    assert "Skip to content" in html and "Topics of the course" in html
    # The content stays Swedish and says so, for screen readers.
    assert '<h1 lang="sv">Testkurs</h1>' in html


@pytest.mark.django_db
def test_an_unknown_language_cookie_falls_back_to_swedish(client, course):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert '<html lang="sv">' in client.get("/").content.decode()


def catalog(language):
    with open(LOCALE / language / "LC_MESSAGES" / "django.po", "rb") as handle:
        return read_po(handle)


def test_every_ui_string_is_translated_to_swedish():
    untranslated = [
        message.id
        for message in catalog("sv")
        if message.id
        and (not message.string or "fuzzy" in message.flags)
        or (isinstance(message.string, tuple) and not all(message.string))
    ]
    assert untranslated == []


def test_the_english_catalog_has_the_same_strings():
    sv = {message.id for message in catalog("sv") if message.id}
    en = {message.id for message in catalog("en") if message.id}
    assert sv == en and sv


# --- The catalogs: no leftovers, nothing obsolete, nothing missing -------------------

ROOT = Path(settings.BASE_DIR)
GETTEXT = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
}
NOT_SOURCE = {".venv", "tests", "migrations", "static", "media", "node_modules"}


def msgids_in(data: bytes) -> set[str]:
    return {
        message if isinstance(message, str) else message[0]
        for _line, message, _comments, _context in extract(
            "python", io.BytesIO(data), keywords=GETTEXT
        )
    }


@functools.cache
def source_msgids() -> frozenset[str]:
    """Every string our code and templates mark for translation (what ``make
    messages`` would find, without needing GNU gettext)."""
    found = set()
    for path in ROOT.rglob("*"):
        parts = set(path.relative_to(ROOT).parts)
        if parts & NOT_SOURCE or not path.is_file():
            continue
        if path.suffix == ".py":
            found |= msgids_in(path.read_bytes())
        elif path.suffix in (".html", ".txt") and "templates" in parts:
            code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
            # Django's template-to-Python text is meant for xgettext; tokenize wants
            # no indentation.
            code = "\n".join(line.lstrip() for line in code.splitlines())
            found |= msgids_in(code.encode())
    return frozenset(found)


@functools.cache
def third_party_msgids() -> frozenset[str]:
    """Strings of the installed apps (Django, Wagtail, wagtailmedia, django-axes …),
    which our catalogs may translate where the apps' own Swedish is missing: those in
    their English catalogs, and those their Python code marks (some catalogs lag)."""
    found = set()
    for app in apps.get_app_configs():
        app_path = Path(app.path)
        if ROOT in app_path.parents and "site-packages" not in app_path.parts:
            continue  # our own app (the virtualenv may live inside the project)
        po = app_path / "locale" / "en" / "LC_MESSAGES" / "django.po"
        if po.exists():
            with open(po, "rb") as handle:
                found |= {
                    m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle)
                }
        for path in app_path.rglob("*.py"):
            if not {"migrations", "tests"} & set(path.parts):
                found |= msgids_in(path.read_bytes())
        # Some apps (wagtailmedia) ship no English catalog: read their templates.
        for path in app_path.rglob("templates/**/*.html"):
            code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
            code = "\n".join(line.lstrip() for line in code.splitlines())
            try:
                found |= msgids_in(code.encode())
            except SyntaxError:  # a template Django's templatize cannot turn into code
                continue
    return frozenset(found)


def ids(language) -> set[str]:
    return {
        m.id if isinstance(m.id, str) else m.id[0] for m in catalog(language) if m.id
    }


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_catalogs_have_no_fuzzy_or_leftover_entries(language):
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    lines = path.read_text(encoding="utf-8").splitlines()
    leftovers = [
        line for line in lines if line.startswith(("#~", "#|", "# |", "#, fuzzy"))
    ]
    assert leftovers == []
    assert [m.id for m in catalog(language) if m.fuzzy] == []


def squeezed(strings) -> set[str]:
    """Strings with their white space folded (template strings keep indentation that
    reading templates as code cannot reproduce exactly)."""
    return {" ".join(string.split()) for string in strings}


def test_the_catalogs_have_no_obsolete_entries():
    used = squeezed(source_msgids() | third_party_msgids())
    assert sorted(squeezed(ids("sv")) - used) == []
    assert sorted(squeezed(ids("en")) - used) == []


def test_every_string_the_code_marks_is_in_the_catalogs():
    assert sorted(source_msgids() - ids("sv")) == []


def test_the_english_catalog_keeps_the_english_source_strings():
    # Every source string is English, so the English catalog changes none.
    changed = {
        m.id: m.string
        for m in catalog("en")
        if m.id and isinstance(m.id, str) and m.string != m.id
    }
    assert changed == {}


# --- The Swedish admin, as an editor sees it ------------------------------------------


def unescaped(response) -> str:
    assert response.status_code == 200, response.status_code
    return html.unescape(response.content.decode())


@pytest.fixture
def media_editor(editor):
    """The editor, allowed to use the media library (videos and recordings)."""
    group = Group.objects.create(name="Media")
    root = Collection.get_first_root_node()
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailmedia",
        codename__in=["add_media", "change_media"],
    ):
        group.permissions.add(permission)
        GroupCollectionPermission.objects.create(
            group=group, collection=root, permission=permission
        )
    editor.groups.add(group)
    return editor


@pytest.mark.django_db
def test_the_admin_login_asks_for_the_password_in_swedish(client):
    page = unescaped(client.get("/admin/login/"))
    assert "Lösenord" in page
    assert "Password" not in page


@pytest.mark.django_db
def test_the_media_library_is_swedish(client, media_editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    get_media_model().objects.create(
        title="Projektets steg", type="video", file=ContentFile(b"x", name="steg.webm")
    )
    client.force_login(media_editor)
    index = unescaped(client.get("/admin/media/"))
    for swedish in ("Lägg till video", "Lägg till ljud", "Uppladdad", "1 mediefil"):
        assert swedish in index
    for english in ("Add video", "Uploaded", "media file"):
        assert english not in index
    form = unescaped(client.get("/admin/media/video/add/"))
    assert "Längd" in form and "Miniatyrbild" in form and "Läses från filen" in form
    assert "Duration" not in form and "Thumbnail" not in form


@pytest.mark.django_db
def test_images_are_chosen_and_placed_in_swedish(client, editor, course):
    client.force_login(editor)
    response = client.get("/admin/images/chooser/")
    chooser = html.unescape(json.loads(response.content)["html"])
    assert "Välj en bild" in chooser and "Ladda upp" in chooser
    editing = unescaped(client.get(f"/admin/pages/{course.get_children()[0].pk}/edit/"))
    # The image block's image field (Wagtail labels it "Image" in every language).
    assert '"label": "Image"' not in editing
    assert '"label": "Bild", "description": "", "required": true' in editing


@pytest.mark.django_db
def test_publishing_a_quiz_is_confirmed_in_swedish(client, editor):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    from quizzes.factories import make_question

    question = make_question(options=("4", "1"), right=("4",))
    client.force_login(editor)
    data = nested_form_data(
        {
            "title": "Talsvarsquiz",
            "intro": "",
            "fixed_questions": inline_formset([{"question": question.pk}]),
            "draws": inline_formset([]),
            "pass_mark": 70,
            "max_attempts": "",
            "time_limit": "",
            "shuffle_questions": "",
            "shuffle_options": "on",
            "review": "immediately",
        }
    )
    response = client.post(
        "/admin/snippets/quizzes/quiz/add/",
        {**data, "action-publish": "1"},
        follow=True,
    )
    page = unescaped(response)
    assert "Quiz ”Talsvarsquiz” har skapats och publicerats." in page
    assert "created and published" not in page
    # The listing shows the status as a word, not Python's True.
    listing = re.sub(r"\s+", "", page)
    assert ">publicerad<" in listing.lower() and ">True<" not in listing


@pytest.mark.django_db
def test_the_page_listing_counts_and_moves_in_swedish(client, editor, course):
    for n in range(3):
        TopicPageFactory(parent=course, title=f"Ämne {n}", slug=f"amne-{n}")
    client.force_login(editor)
    listing = unescaped(client.get(f"/admin/pages/{course.pk}/"))
    assert "1-5 av 5 sidor" in listing
    assert "Utforskar" in listing and "Exploring" not in listing
    ordering = unescaped(client.get(f"/admin/pages/{course.pk}/", {"ordering": "ord"}))
    assert 'data-w-orderable-message-value="”__LABEL__” har flyttats."' in ordering
    assert "moved successfully" not in ordering


@pytest.mark.django_db
def test_autosave_is_announced_in_swedish(client, editor, course):
    client.force_login(editor)
    editing = unescaped(client.get(f"/admin/pages/{course.pk}/edit/"))
    assert "Automatisk sparning är pausad" in editing
    assert "Autosave is" not in editing


ROLEPLAY_FORM = {
    "title": "Nytt samtal",
    "summary": "S",
    "department": "Allmänt",
    "caller_name": "A",
    "pass_mark": "60",
    "caller_background": "",
    "caller_goal": "G",
    "caller_mood": "M",
    "caller_lines": "",
    "handler_rules": "R",
    "handler_routing": "X",
    "observer_notes": "",
}


@pytest.mark.django_db
def test_a_refused_role_play_gives_only_its_own_reason_in_swedish(client, editor):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    client.force_login(editor)
    # Two steps that lead to each other, and no end step.
    steps = inline_formset(
        [
            {"key": key, "caller_says": "Hej", "narration": "", "is_end": ""}
            for key in ("start", "mitten")
        ]
    )
    choice = {"text": "Hm", "feedback": "F", "breaks_rule": ""}
    scores = {"empathy": 0, "correctness": 0, "routing": 0}
    choices = inline_formset(
        [
            {**choice, **scores, "step_key": "start", "leads_to": "mitten"},
            {**choice, **scores, "step_key": "mitten", "leads_to": "start"},
        ]
    )
    data = nested_form_data({**ROLEPLAY_FORM, "steps": steps, "choices": choices})
    page = unescaped(
        client.post(
            "/admin/snippets/roleplays/scenario/add/", {**data, "action-publish": "1"}
        )
    )
    assert "Manuset kan inte publiceras än:" in page
    assert "Scenariot har inget slutsteg." in page
    assert "Ingen kurs har publicerats ännu." not in page
    assert "frågan har ingen text." not in page


@pytest.mark.django_db
def test_the_score_for_manner_is_english_in_the_english_admin(client, editor):
    from roleplays.factories import make_scenario

    scenario = make_scenario(
        [("start", "Hej", False), ("slut", "", True)],
        [("start", "Hej då", "slut", (1, 1, 1), False)],
    )
    client.force_login(editor)
    url = f"/admin/snippets/roleplays/scenario/edit/{scenario.pk}/"
    swedish = unescaped(client.get(url))
    assert "Bemötande" in swedish and "Berättartext" in swedish
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = unescaped(client.get(url))
    assert "Manner" in english and "Narration" in english
    assert "emötande" not in english
