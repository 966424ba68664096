"""How course evaluations travel in a sharing package (the registry:
``sharing.travel``): a course brings its evaluation and its questions; whether it
is open for answers is this installation's decision, and invitations, responses and
answers never travel."""

from sharing import travel

from .models import Evaluation

travel.register(Evaluation, order=70, exclude=["is_open"])
travel.attach(
    "courses.coursepage", lambda course: Evaluation.objects.filter(course=course)
)
