"""`load_demo` stays off production and leaves what administrators changed alone."""

import importlib
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.images import get_image_model
from wagtail.models import Page

from circles.models import StudyCircle
from courses.models import DemoRecord, RelatedTopic, TopicPage
from ecirkel.demo import demo_uuid
from tests.courses.test_demo import snapshot

User = get_user_model()


def load_demo(**options) -> str:
    out = StringIO()
    call_command("load_demo", stdout=out, stderr=out, **options)
    return out.getvalue()


@pytest.fixture
def demo(db):
    load_demo(verbosity=0)


def nothing_was_written(pages_before: int) -> bool:
    return (
        not User.objects.exists()
        and Page.objects.count() == pages_before
        and not DemoRecord.objects.exists()
    )


def test_the_demo_is_refused_where_the_settings_do_not_allow_it(db, settings):
    settings.ECIRKEL_ALLOW_DEMO = False
    pages = Page.objects.count()
    with pytest.raises(CommandError, match="--force-on-production") as refused:
        load_demo()
    assert refused.value.returncode != 0  # manage.py exits with it
    assert "admin" in str(refused.value)
    assert nothing_was_written(pages)


def test_the_demo_is_refused_under_the_production_settings(db, settings, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "production-test-key-" + "k3Y9x" * 8)
    monkeypatch.setenv("ALLOWED_HOSTS", "kc.example.se")
    monkeypatch.setenv("DATABASE_URL", "postgres://kc@127.0.0.1:5432/kc")
    production = importlib.import_module("ecirkel.settings.production")
    if hasattr(production, "ECIRKEL_ALLOW_DEMO"):
        settings.ECIRKEL_ALLOW_DEMO = production.ECIRKEL_ALLOW_DEMO
    else:
        del settings.ECIRKEL_ALLOW_DEMO
    pages = Page.objects.count()
    with pytest.raises(CommandError):
        load_demo()
    assert nothing_was_written(pages)


def test_a_forced_run_loads_the_demo_on_production_with_a_warning(db, settings):
    settings.ECIRKEL_ALLOW_DEMO = False
    output = load_demo(force_on_production=True)
    assert "production" in output and "change or delete" in output
    assert User.objects.filter(username="admin", is_superuser=True).exists()
    assert TopicPage.objects.count() == 20


def test_the_development_and_test_settings_allow_the_demo():
    for name in ("dev", "test"):
        module = importlib.import_module(f"ecirkel.settings.{name}")
        assert module.ECIRKEL_ALLOW_DEMO is True, name


def test_a_renamed_demo_circle_keeps_its_name_and_is_not_made_again(demo):
    circle = StudyCircle.objects.get()
    circle.name = "Höstens nyanställda"
    circle.save()
    load_demo()
    assert list(StudyCircle.objects.values_list("name", flat=True)) == [
        "Höstens nyanställda"
    ]


def test_a_deleted_related_topic_link_is_not_made_again(demo):
    links = RelatedTopic.objects.count()
    link = {"page__slug": "fordelar", "topic__slug": "medborgarservice"}
    RelatedTopic.objects.get(**link).delete()
    load_demo()
    assert not RelatedTopic.objects.filter(**link).exists()
    assert RelatedTopic.objects.count() == links - 1


def test_a_deleted_demo_account_is_not_made_again(demo):
    User.objects.get(username="deltagare").delete()
    output = load_demo()
    assert not User.objects.filter(username="deltagare").exists()
    assert "deltagare / deltagare" not in output
    assert "deltagare: deleted" in output


def test_a_renamed_demo_account_is_not_made_again_and_stays_in_the_circle(demo):
    user = User.objects.get(username="deltagare")
    user.username = "dana.d"
    user.save()
    output = load_demo()
    assert not User.objects.filter(username="deltagare").exists()
    assert StudyCircle.objects.get().memberships.filter(user=user).exists()
    assert "dana.d / deltagare" in output


def test_a_renamed_topic_keeps_its_new_title(demo):
    topic = TopicPage.objects.get(slug="forstudie")
    topic.title = "Förstudien"
    topic.save_revision().publish()
    load_demo()
    assert TopicPage.objects.get(uuid=demo_uuid("forstudie")).title == "Förstudien"
    assert not TopicPage.objects.filter(title="Förstudie").exists()


def test_a_deleted_topic_is_not_made_again(demo):
    TopicPage.objects.get(slug="nyckelfaktorer").delete()
    load_demo()
    assert not TopicPage.objects.filter(uuid=demo_uuid("nyckelfaktorer")).exists()
    assert TopicPage.objects.count() == 19


def test_a_renamed_chart_is_not_added_again(demo):
    Image = get_image_model()
    images = Image.objects.count()
    chart = Image.objects.get(title="Andel samtal som ett kontaktcenter kan besvara")
    chart.title = "Samtalen i KC"
    chart.save()
    load_demo()
    assert Image.objects.count() == images


def test_a_database_loaded_by_the_old_loader_gets_no_duplicates(demo):
    """The first run of this loader finds the demo by its natural keys."""
    DemoRecord.objects.all().delete()
    before = snapshot()
    load_demo()
    assert snapshot() == before
    assert StudyCircle.objects.count() == 1
    assert DemoRecord.objects.filter(key="account:deltagare").exists()
    # From then on, the records decide.
    User.objects.get(username="deltagare").delete()
    load_demo()
    assert not User.objects.filter(username="deltagare").exists()


def test_what_was_deleted_before_the_records_is_not_made_again(demo):
    """Topics, their links and the accounts came with every earlier demo course."""
    DemoRecord.objects.all().delete()
    link = {"page__slug": "fordelar", "topic__slug": "medborgarservice"}
    RelatedTopic.objects.get(**link).delete()
    User.objects.get(username="deltagare").delete()
    TopicPage.objects.get(slug="nyckelfaktorer").delete()
    load_demo()
    assert not RelatedTopic.objects.filter(**link).exists()
    assert not User.objects.filter(username="deltagare").exists()
    assert not TopicPage.objects.filter(uuid=demo_uuid("nyckelfaktorer")).exists()
    assert DemoRecord.objects.get(key="account:deltagare").object_id is None
    # Later runs follow the records.
    load_demo()
    assert not User.objects.filter(username="deltagare").exists()


def test_a_database_from_before_the_circles_gets_the_demo_circle(demo):
    DemoRecord.objects.all().delete()
    StudyCircle.objects.all().delete()
    load_demo()
    assert StudyCircle.objects.get().memberships.count() == 4


def test_an_old_demo_circle_renamed_before_the_records_is_not_made_again(demo):
    DemoRecord.objects.all().delete()
    StudyCircle.objects.update(name="Höstens nyanställda")
    load_demo()
    assert StudyCircle.objects.count() == 1


def test_the_accounts_table_still_lists_the_demo_accounts(demo):
    output = load_demo()
    assert "Demo already loaded: nothing to do." in output
    for username in ("deltagare", "cirkelledare", "redaktor", "admin"):
        assert f"{username} / {username}" in output


def test_a_topic_the_demo_makes_later_leaves_out_a_quiz_that_was_deleted(demo):
    """A topic new to this database is made without blocks whose object is gone."""
    from quizzes.models import Quiz

    Quiz.objects.get(uuid=demo_uuid("quiz-siffror")).delete()
    TopicPage.objects.get(slug="effektivisering").delete()
    DemoRecord.objects.filter(key="topic:effektivisering").delete()  # as if new
    load_demo()
    topic = TopicPage.objects.get(uuid=demo_uuid("effektivisering"))
    kinds = [block.block_type for block in topic.body]
    assert "quiz" not in kinds and "paragraph" in kinds
    assert not Quiz.objects.filter(uuid=demo_uuid("quiz-siffror")).exists()
