"""The demo lecture is where the README says: "Projektorganisation" starts with
"Projektets steg", in a new installation and, once, in one loaded before."""

from io import StringIO

import pytest
from django.core.management import call_command

from courses.models import DemoRecord, TopicPage
from ecirkel.demo import demo_uuid
from lectures.models import LecturePage

KEY = "block:projektorganisation:lecture"


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", verbosity=2, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def lecture() -> LecturePage:
    return LecturePage.objects.get(uuid=demo_uuid("projektets-steg"))


def projektorganisation() -> TopicPage:
    return TopicPage.objects.get(uuid=demo_uuid("projektorganisation"))


def block_types(topic) -> list[str]:
    return [block["type"] for block in topic.body.raw_data]


def remove_lecture_block() -> None:
    """As an editor would: delete the block and publish."""
    topic = projektorganisation()
    for index in reversed(range(len(topic.body))):
        if topic.body[index].block_type == "lecture":
            del topic.body[index]
    topic.save_revision().publish()


def test_projektorganisation_starts_with_the_lecture_projektets_steg(
    client, demo, learner
):
    topic = projektorganisation()
    first = topic.body.raw_data[0]
    assert first["type"] == "lecture" and first["value"]["lecture"] == lecture().pk
    assert DemoRecord.objects.get(key=KEY).object_id == topic.pk
    client.force_login(learner)
    html = client.get(topic.url).content.decode()
    assert "<video" in html and "Projektets steg" in html


def test_an_installation_loaded_before_gets_the_lecture_block_once(demo):
    remove_lecture_block()
    DemoRecord.objects.filter(key=KEY).delete()  # as before this block existed

    assert "Added the lecture" in load_demo()
    topic = projektorganisation()
    assert block_types(topic)[0] == "lecture"
    assert block_types(topic).count("lecture") == 1
    assert "Demo already loaded: nothing to do." in load_demo()
    assert block_types(projektorganisation()).count("lecture") == 1


def test_a_lecture_block_an_editor_removed_is_not_added_again(demo):
    remove_lecture_block()
    load_demo()
    assert "lecture" not in block_types(projektorganisation())


def test_a_database_that_has_the_block_but_no_record_gets_no_second_block(demo):
    DemoRecord.objects.all().delete()
    load_demo()
    assert block_types(projektorganisation()).count("lecture") == 1
    assert DemoRecord.objects.filter(key=KEY).exists()


def test_a_deleted_lecture_is_not_made_again_for_the_block(demo):
    remove_lecture_block()
    lecture().delete()
    DemoRecord.objects.filter(key=KEY).delete()
    load_demo()
    assert not LecturePage.objects.filter(uuid=demo_uuid("projektets-steg")).exists()
    assert "lecture" not in block_types(projektorganisation())
    assert DemoRecord.objects.get(key=KEY).object_id is None


def test_an_editors_draft_keeps_its_changes_and_gets_the_block(demo):
    remove_lecture_block()
    topic = projektorganisation()
    topic.title = "Projektorganisation (utkast)"
    topic.save_revision()  # a draft, not published
    DemoRecord.objects.filter(key=KEY).delete()

    assert "publish the draft" in load_demo()
    live = projektorganisation()
    assert live.title == "Projektorganisation"
    assert "lecture" not in block_types(live)
    draft = live.get_latest_revision_as_object()
    assert draft.title == "Projektorganisation (utkast)"
    assert block_types(draft)[0] == "lecture"
