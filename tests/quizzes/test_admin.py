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
