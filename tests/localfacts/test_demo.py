"""The demo installation is "Exempelkommun": its facts are filled in once, the demo
course names them by placeholder, and installations loaded before the placeholders
get the rewritten blocks once, never over an editor's text."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Site

from courses.demo import content
from courses.demo.loader import same_block, stream
from courses.models import CoursePage, DemoRecord, TopicPage
from localfacts.demo import FACTS
from localfacts.facts import current
from localfacts.models import LocalFacts
from localfacts.usage import course_usage


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def setting() -> LocalFacts:
    return LocalFacts.for_site(Site.objects.get(is_default_site=True))


def test_the_demo_fills_in_exempelkommuns_facts(demo):
    facts = setting()
    assert facts.kommun == "Exempelkommun"
    assert facts.telefon == "08-465 004 00"
    assert "9. Allmänna frågor" in facts.talsvar
    assert [row.name for row in facts.extra_facts.all()] == ["bygglov_oppettider"]


def test_the_demo_course_uses_its_facts_and_every_one_is_filled_in(demo):
    usage = course_usage(CoursePage.objects.get())
    assert {"kommun", "telefon", "talsvar", "oppettider", "medborgarkontor"} <= set(
        usage.names
    )
    assert usage.unfilled(current(None)) == []


def test_a_demo_topic_shows_the_phone_number_and_the_talsvar_menu(demo, client):
    client.force_login(get_user_model().objects.get(username="deltagare"))
    topic = TopicPage.objects.get(slug="organisation-av-kc")
    html = client.get(topic.url).content.decode()
    assert "Talsvaret i Exempelkommun" in html
    assert "Den som ringer 08-465 004 00 väljer område i talsvaret:" in html
    assert "1. Äldreomsorg eller funktionsnedsättning<br>2. Socialtjänst<br>" in html
    assert "[[" not in html
    html = client.get(TopicPage.objects.get(slug="medborgarservice").url).content
    assert "Stortorget 1, entréplan, Exempelstad" in html.decode()


def test_loading_again_keeps_what_an_administrator_filled_in(demo):
    facts = setting()
    facts.kommun = "Jönköpings kommun"
    facts.telefon = "036-10 50 00"
    facts.save()
    call_command("load_demo", verbosity=0)
    facts = setting()
    assert (facts.kommun, facts.telefon) == ("Jönköpings kommun", "036-10 50 00")


def test_an_installations_own_facts_are_never_overwritten(db):
    call_command("load_demo", verbosity=0)
    DemoRecord.objects.filter(key="localfacts:exempelkommun").delete()
    facts = setting()
    facts.kommun = "Egen kommun"
    facts.telefon = ""
    facts.save()
    call_command("load_demo", verbosity=0)
    assert setting().kommun == "Egen kommun" and setting().telefon == ""


def old_installation(slug: str, name: str) -> TopicPage:
    """A topic as the demo wrote it before the placeholders: the old block back
    in place of the new ones, and the rewrite not yet recorded."""
    rewrites = {(t, n): (old, new) for t, n, old, new in content.REWRITTEN_BLOCKS}
    old, new = rewrites[(slug, name)]
    topic = TopicPage.objects.get(slug=slug)
    first = stream(None, new)[0]
    index = next(
        i for i, raw in enumerate(topic.body.raw_data) if same_block(raw, *first)
    )
    topic.body[index] = stream(None, [old])[0]
    for _extra in new[1:]:
        del topic.body[index + 1]
    topic.save_revision().publish()
    DemoRecord.objects.filter(key=f"rewrite:{slug}:{name}").delete()
    return topic


def test_an_installation_loaded_before_gets_the_rewritten_blocks_once(demo):
    old_installation("organisation-av-kc", "talsvar")
    old_installation("medborgarservice", "na-oss")
    call_command("load_demo", verbosity=0)
    talsvar = TopicPage.objects.get(slug="organisation-av-kc")
    titles = [b.value["title"] for b in talsvar.body if b.block_type == "fact_box"]
    assert titles == ["Talsvaret i [[kommun]]"]
    medborgarservice = TopicPage.objects.get(slug="medborgarservice")
    boxes = [
        b.value["title"] for b in medborgarservice.body if b.block_type == "fact_box"
    ]
    assert boxes.count("Så når medborgarna [[kommun]]") == 1
    revisions = medborgarservice.revisions.count()
    call_command("load_demo", verbosity=0)
    assert TopicPage.objects.get(slug="medborgarservice").revisions.count() == revisions


def test_an_editors_own_text_is_not_rewritten(demo):
    topic = old_installation("arbetssituationen", "oppettider")
    for index, block in enumerate(topic.body):
        if block.block_type == "paragraph" and "Järfälla" in block.value.source:
            topic.body[index] = ("paragraph", "<p>Vi har öppet dygnet runt.</p>")
    topic.save_revision().publish()
    call_command("load_demo", verbosity=0)
    sources = [
        b.value.source
        for b in TopicPage.objects.get(pk=topic.pk).body
        if b.block_type == "paragraph"
    ]
    assert "<p>Vi har öppet dygnet runt.</p>" in sources
    assert not any("[[oppettider]]" in source for source in sources)
    assert DemoRecord.objects.filter(
        key="rewrite:arbetssituationen:oppettider"
    ).exists()


def test_the_demo_values_are_consistent_with_the_talsvar_quiz():
    # The quiz "Talsvaret: vart går samtalet?" asks for these choices.
    assert "4. Bygg och miljö" in FACTS["talsvar"]
    assert "9. Allmänna frågor" in FACTS["talsvar"]
    assert "val 1 och 2 öppet till 19.00" in FACTS["oppettider"]
