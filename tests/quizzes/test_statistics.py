import pytest

from quizzes import attempts as service
from quizzes.factories import make_question, make_quiz
from quizzes.statistics import quiz_statistics
from users.factories import UserFactory


class Form(dict):
    def getlist(self, key):
        value = self.get(key, [])
        return value if isinstance(value, list) else [value]


@pytest.mark.django_db
def test_statistics_show_share_right_option_picks_and_score_distribution(
    client, editor, placed
):
    question = make_question(options=["Val 1", "Val 2", "Val 4"], right=["Val 4"])
    other = make_question(text="Sekretess?", options=["Ja", "Nej"], right=["Ja"])
    quiz = make_quiz([question, other], shuffle_options=False)
    picks = [("2", "0"), ("2", "1"), ("0", "0"), ("1", "1")]
    page = placed(quiz)
    for n, (first, second) in enumerate(picks):
        attempt = service.start_or_resume(quiz, UserFactory(username=f"l{n}"), page)
        service.submit(attempt, Form(q0=first, q1=second))
    stats = quiz_statistics(quiz)
    assert stats["attempts"] == 4 and stats["passed"] == 1
    assert [b["count"] for b in stats["buckets"]] == [1, 0, 0, 0, 0, 2, 0, 0, 0, 1]
    first_stats = stats["questions"][0]
    assert (first_stats.answered, first_stats.share_right) == (4, 50)
    assert [(o.text, count) for o, count, _share in first_stats.options()] == [
        ("Val 1", 1),
        ("Val 2", 1),
        ("Val 4", 2),
    ]
    client.force_login(editor)
    html = client.get(f"/admin/fragebank/statistik/{quiz.pk}/").content.decode()
    assert "Val 4: 2 (50 %)" in html


@pytest.mark.django_db
def test_learners_cannot_see_statistics(client, learner):
    quiz = make_quiz([])
    client.force_login(learner)
    assert client.get(f"/admin/fragebank/statistik/{quiz.pk}/").status_code in (
        302,
        403,
    )
