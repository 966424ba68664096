from django.utils.translation import gettext_lazy as _

from ecirkel.admin_forms import PublishCheckedForm

from .models import draw_problems


class QuizForm(PublishCheckedForm):
    """Refuses to publish a quiz that has no questions or whose draws cannot be
    filled from the published question bank (``quizzes.models.draw_problems``);
    a draft can be saved either way."""

    publish_formsets = ("fixed_questions", "draws")
    cannot_publish = _("The quiz cannot be published yet:")

    def publishing_problems(self, fixed_rows, draw_rows) -> list:
        fixed = [f.cleaned_data["question"] for f in fixed_rows]
        draws = [(f.cleaned_data["tag"], f.cleaned_data["count"]) for f in draw_rows]
        if not fixed and not draws:
            return [_("The quiz has no questions. Add a question or a draw.")]
        return draw_problems(fixed, draws)
