"""The demo course evaluation: anonymous, on the demo course, answered by the demo
circle's three colleagues and three learners outside any circle, so the results show
both for the circle and for the whole course. If the demo learner has completed the
course, the evaluation invites them (its post_save does), so Min utveckling shows it
waiting; otherwise they are not invited. Made once, with its answers. A part of
``manage.py load_demo`` (see ``ecirkel.demo``)."""

from django.utils import timezone

from ecirkel.demo import DemoPart, demo_uuid, register

from .answering import circle_of
from .models import Answer, Evaluation, Invitation, Question, Response

TITLE = "Kursutvärdering: Kontaktcenter i kommunen"
INTRODUCTION = (
    "Tack för att du gick kursen! Berätta vad du tyckte, så att vi kan göra den "
    "bättre för nästa grupp. Det tar ungefär fem minuter."
)
STATEMENTS = [
    "Jag vet nu vad ett kontaktcenter gör och inte gör",
    "Jag vet när ett ärende ska lämnas till förvaltningen (ROSA)",
    "Övningssamtalen förberedde mig för riktiga samtal",
    "Föreläsningarna var lagom långa",
    "Jag kan rekommendera kursen till en kollega",
]
QUESTIONS = [
    "Vad var mest användbart i kursen?",
    "Vad skulle du vilja ändra eller lägga till?",
]
# (username or None for a learner outside the circle, Likert values, texts)
ANSWERS = [
    (
        "amina",
        [5, 4, 4, 3, 5],
        [
            "Övningssamtalen, särskilt när vi fick höra varandra.",
            "Fler exempel på ärenden som ska lämnas vidare.",
        ],
    ),
    ("bertil", [4, 3, 5, 2, 4], ["Genomgången av ROSA-klassificeringen.", ""]),
    (
        "cecilia",
        [4, 4, 3, 4, 4],
        ["", "Kortare föreläsningar, gärna med textning på fler språk."],
    ),
    (
        None,
        [5, 5, 4, 4, 5],
        ["Att förstå vad kontraktet med förvaltningen innebär.", ""],
    ),
    (None, [3, 2, 4, 3, 3], ["", "Mer tid för frågor i studiecirkeln."]),
    (None, [4, 4, 5, 2, 4], ["Checklistan för svåra samtal.", ""]),
]


def make_answers(evaluation, questions, accounts) -> int:
    """The demo responses and their answers; how many rows were made."""
    made = 0
    course = evaluation.course
    for username, values, texts in ANSWERS:
        user = None
        if username is not None:
            user = accounts.get(username)
            if user is None:
                continue  # the account is gone
            invitation, _created = Invitation.objects.get_or_create(
                evaluation=evaluation, user=user
            )
            invitation.answered = True
            invitation.save(update_fields=["answered"])
        response = Response.objects.create(
            evaluation=evaluation,
            circle=circle_of(user, course) if user else None,
            submitted_on=timezone.localdate(),
        )
        given = [(q, v, "") for q, v in zip(questions[:5], values, strict=True)] + [
            (q, None, t) for q, t in zip(questions[5:], texts, strict=True) if t
        ]
        Answer.objects.bulk_create(
            Answer(response=response, question=q, value=v, text=t) for q, v, t in given
        )
        made += 1 + len(given)
    return made


def load(loader) -> None:
    course = loader.objects.get("course:kontaktcenter-i-kommunen")
    key_uuid = demo_uuid("evaluation-kontaktcenter-i-kommunen")

    def find():
        return (
            Evaluation.objects.filter(uuid=key_uuid).first()
            or Evaluation.objects.filter(course=course).first()
        )

    def make():
        if course is None:
            return None
        evaluation = Evaluation(
            uuid=key_uuid,
            course=course,
            title=TITLE,
            introduction=INTRODUCTION,
            anonymous=True,
        )
        evaluation.questions = [
            Question(kind=Question.Kind.LIKERT, text=text, required=True)
            for text in STATEMENTS
        ] + [Question(kind=Question.Kind.TEXT, text=text) for text in QUESTIONS]
        evaluation.save()  # invites the demo learner if they hold a certificate
        accounts = {
            name: loader.objects.get(f"account:{name}")
            for name, _values, _texts in ANSWERS
            if name
        }
        made = make_answers(evaluation, list(evaluation.questions.all()), accounts)
        return loader.counted(
            evaluation,
            f"Created the course evaluation “{TITLE}” with its answers.",
            count=1 + len(STATEMENTS) + len(QUESTIONS) + made,
        )

    loader.ensure("evaluation:kontaktcenter-i-kommunen", Evaluation, find, make)


register(DemoPart("evaluations", load, after=("courses", "users", "circles")))
