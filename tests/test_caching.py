"""ecirkel.caching: the content version moves on with each change learners see."""

from unittest import mock

from django.http import HttpResponse
from wagtail.models import PageViewRestriction

from courses.factories import TopicPageFactory
from ecirkel import caching
from users.factories import UserFactory


def test_a_fragment_is_built_once_per_content_version(course):
    built = []

    def build():
        built.append(1)
        return f"kartan {len(built)}"

    assert caching.fragment("karta", course.pk, build=build) == "kartan 1"
    assert caching.fragment("karta", course.pk, build=build) == "kartan 1"
    # Other parts, another entry.
    assert caching.fragment("karta", course.pk, "en", build=build) == "kartan 2"

    course.save_revision().publish()
    assert caching.fragment("karta", course.pk, build=build) == "kartan 3"


def test_every_change_of_pages_moves_the_version_on(course):
    topic = course.get_children().first().specific
    seen = {caching.content_version()}

    def moved_on():
        version = caching.content_version()
        assert version not in seen
        seen.add(version)

    topic.title = "Vad är ett kontaktcenter?"
    topic.save_revision().publish()
    moved_on()
    topic.unpublish()
    moved_on()
    last = course.get_children().last()
    last.move(topic, pos="last-child")
    moved_on()
    restriction = PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.LOGIN
    )
    moved_on()
    restriction.delete()
    moved_on()
    TopicPageFactory(parent=course, title="Ny")
    moved_on()
    course.get_children().last().delete()
    moved_on()


def test_a_draft_of_an_unpublished_page_leaves_the_version(course):
    topic = TopicPageFactory(parent=course, title="Utkast", live=False)
    version = caching.content_version()
    topic.title = "Utkast 2"
    topic.save_revision()
    assert caching.content_version() == version


def test_the_version_moves_on_again_when_a_delete_commits(
    course, django_capture_on_commit_callbacks
):
    # A learner's request that reads the course while the delete is not yet
    # committed builds its fragments under the version the signal made; the commit
    # must leave those behind.
    with django_capture_on_commit_callbacks(execute=True):
        course.get_children().last().delete()
        during = caching.content_version()
        kept_during = caching.fragment("karta", course.pk, build=lambda: "gammal")
    assert kept_during == "gammal"
    assert caching.content_version() != during
    assert caching.fragment("karta", course.pk, build=lambda: "ny") == "ny"


def test_a_fragment_kept_in_the_process_is_served_until_content_changes(course):
    built = []

    def build():
        built.append(1)
        return ("Vad är KC?", len(built))

    def read():
        return caching.fragment("kept", course.pk, build=build, keep_in_process=True)

    first = read()
    # The second read comes from this process: the same object, the shared cache
    # not asked again.
    with mock.patch.object(caching.cache, "get", wraps=caching.cache.get) as get:
        assert read() is first
    assert [call.args[0] for call in get.call_args_list] == [caching.VERSION_KEY]
    assert built == [1]

    # A publish moves the version on: the kept copy is not served.
    topic = course.get_children().first().specific
    topic.title = "Vad är ett KC?"
    topic.save_revision().publish()
    assert read() == ("Vad är KC?", 2)
    assert built == [1, 1]


def test_the_kept_fragments_are_bounded(course, monkeypatch):
    monkeypatch.setattr(caching, "LOCAL_ENTRIES", 3)
    for n in range(10):
        caching.fragment("kept", n, build=lambda n=n: n, keep_in_process=True)
    assert len(caching._local) == 3
    # The latest three, in the order they were used.
    assert list(caching._local.values()) == [7, 8, 9]


def test_slotted_markup_is_cut_at_its_slots_and_filled_per_reader():
    markup = caching.SlottedMarkup.cut(
        '<li class="<!--slot:class:7-->">A &lt;!--slot:class:8--&gt;'
        "<!--slot:dot:7--></li><li><!--slot:class:12--></li>"
    )
    # An escaped title that looks like a slot is text, not a slot.
    assert [(name, key) for name, key, _text in markup.slots] == [
        ("class", 7),
        ("dot", 7),
        ("class", 12),
    ]
    filled = markup.fill(lambda name, key: f"{name}{key}")
    assert filled == (
        '<li class="class7">A &lt;!--slot:class:8--&gt;dot7</li><li>class12</li>'
    )
    assert caching.SlottedMarkup.cut("<p>no slots</p>").fill(str) == "<p>no slots</p>"


def test_a_new_release_of_the_code_or_a_template_reads_other_entries(
    settings, tmp_path
):
    """The shared cache outlives a deploy: a fragment of the previous release (a
    cached class with other fields, a template's old markup) is never read by the
    next one."""
    (tmp_path / "ecirkel" / "templates").mkdir(parents=True)
    template = tmp_path / "ecirkel" / "templates" / "map.html"
    template.write_text("<ul><!--slot:class:1--></ul>")
    settings.BASE_DIR = tmp_path
    caching.code_release.cache_clear()
    try:
        keys = [caching.fragment_key("mindmap-markup", 1, "sv")]
        assert caching.fragment_key("mindmap-markup", 1, "sv") == keys[0]
        template.write_text("<ol><!--slot:class:1--></ol>")
        caching.code_release.cache_clear()  # a new process of the new release
        keys.append(caching.fragment_key("mindmap-markup", 1, "sv"))
        (tmp_path / "requirements.lock").write_text("wagtail==7.2\n")
        caching.code_release.cache_clear()
        keys.append(caching.fragment_key("mindmap-markup", 1, "sv"))
        assert len(set(keys)) == 3
        # A stylesheet: a cached page links to its hashed name.
        (tmp_path / "ecirkel" / "static").mkdir()
        (tmp_path / "ecirkel" / "static" / "site.css").write_text("a { color: red }")
        caching.code_release.cache_clear()
        keys.append(caching.fragment_key("mindmap-markup", 1, "sv"))
        assert len(set(keys)) == 4
        (tmp_path / "ecirkel" / "notes.txt").write_text("not code")
        caching.code_release.cache_clear()
        assert caching.fragment_key("mindmap-markup", 1, "sv") == keys[-1]
    finally:
        caching.code_release.cache_clear()


def test_a_request_reads_the_version_from_the_shared_cache_once(client, course):
    learner = UserFactory(username="lisa")
    client.force_login(learner)
    topic = "/testkurs/vad-ar-kc/fordelar/"

    def versions_read(url):
        assert client.get(url).status_code == 200
        with mock.patch.object(caching.cache, "get", wraps=caching.cache.get) as get:
            assert client.get(url).status_code == 200
        return [call.args[0] for call in get.call_args_list].count(caching.VERSION_KEY)

    # Once for the request; a page's view restrictions read it afresh
    # (ecirkel.content.KeptViewRestrictionsMixin).
    assert versions_read(topic) == 2
    assert versions_read("/min-utveckling/") == 1
    # Outside a request every call asks: another process may have moved it on.
    caching.cache.set(caching.VERSION_KEY, "annan-process")
    assert caching.content_version() == "annan-process"


def test_a_change_within_a_request_moves_its_held_version_on(rf, course):
    seen = []

    def view(request):
        seen.append(caching.content_version())
        seen.append(caching.content_version())
        topic = course.get_children().first().specific
        topic.title = "Vad är ett kontaktcenter?"
        topic.save_revision().publish()
        seen.append(caching.content_version())
        return HttpResponse()

    caching.OneVersionPerRequestMiddleware(view)(rf.get("/"))
    assert seen[0] == seen[1] != seen[2]
    assert seen[2] == caching.cache.get(caching.VERSION_KEY)


def test_another_process_moving_the_version_on_shows_in_the_next_request(rf, course):
    seen = []

    def view(request):
        seen.append(caching.content_version())
        caching.cache.set(caching.VERSION_KEY, "annan-process")  # meanwhile
        seen.append(caching.content_version())
        return HttpResponse()

    middleware = caching.OneVersionPerRequestMiddleware(view)
    middleware(rf.get("/"))
    assert seen[0] == seen[1] != "annan-process"  # the request it started with
    middleware(rf.get("/"))
    assert seen[2] == "annan-process"
