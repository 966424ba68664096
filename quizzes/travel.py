"""How quizzes travel in a sharing package (the registry: ``sharing.travel``): a
quiz with its fixed questions (by uuid) and its draws by tag, which pull in every
live question of the bank with that tag; questions with their choices and tags.
Attempts and answers are learners' records and never travel."""

from sharing import travel

from .models import Question, Quiz


def drawn_questions(quiz):
    tags = [draw.tag for draw in quiz.draws.all()]
    if not tags:
        return []
    return Question.objects.filter(live=True, tags__name__in=tags).distinct()


travel.register(Question, order=30)
travel.register(Quiz, order=40, dependencies=drawn_questions)
