import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from quizzes.models import Question

GIFT = "::Bygglov:: Vilket val i talsvaret gäller bygglov? {=4 ~1 ~2 ~9}\n".encode()


@pytest.mark.django_db
def test_an_editor_imports_a_gift_file_in_the_admin(client, editor):
    client.force_login(editor)
    assert client.get("/admin/fragebank/importera/").status_code == 200
    response = client.post(
        "/admin/fragebank/importera/",
        {
            "file": SimpleUploadedFile("q.gift", GIFT),
            "format": "gift",
            "tags": "Bygg och miljö, Talsval",
        },
    )
    assert response.status_code == 200
    question = Question.objects.get()
    assert set(question.tags.names()) == {"Bygg och miljö", "Talsval"}
    assert client.get("/admin/snippets/quizzes/question/").status_code == 200
    listing = client.get("/admin/snippets/quizzes/question/", {"type": "single"})
    assert "Bygglov" in listing.content.decode()


@pytest.mark.django_db
def test_a_broken_file_in_the_admin_lists_its_lines_and_imports_nothing(client, editor):
    client.force_login(editor)
    response = client.post(
        "/admin/fragebank/importera/",
        {
            "file": SimpleUploadedFile("q.gift", b"Good {=a ~b}\n\nBad {=c ~d\n"),
            "format": "gift",
        },
    )
    html = response.content.decode()
    assert "Rad 3" in html or "Line 3" in html
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_learners_cannot_import(client, learner):
    client.force_login(learner)
    assert client.get("/admin/fragebank/importera/").status_code in (302, 403)


@pytest.mark.django_db
def test_an_editor_assembles_a_quiz_from_tags_and_publishes_it(client, editor):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    from quizzes.models import Quiz

    client.force_login(editor)
    client.post(
        "/admin/fragebank/importera/",
        {
            "file": SimpleUploadedFile("q.gift", GIFT),
            "format": "gift",
            "tags": "Bygg och miljö",
        },
    )
    data = nested_form_data(
        {
            "title": "Bygglovsquiz",
            "intro": "",
            "fixed_questions": inline_formset([]),
            "draws": inline_formset([{"tag": "Bygg och miljö", "count": 1}]),
            "pass_mark": 70,
            "max_attempts": "",
            "time_limit": "",
            "shuffle_questions": "",
            "shuffle_options": "on",
            "review": "immediately",
        }
    )
    response = client.post(
        "/admin/snippets/quizzes/quiz/add/", {**data, "action-publish": "1"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    quiz = Quiz.objects.get(title="Bygglovsquiz")
    assert quiz.live and quiz.draws.get().tag == "Bygg och miljö"
