"""Demo feedback on "Kontaktcenter i kommunen": what the learners of the demo circle
said about the course, in every state of the inbox — an error report that was
answered, a suggestion someone is on, praise, an anonymous wish, a question about a
quiz. Each item is made once, with its notes and replies, under the key
"feedback:<key>" (a part of ``manage.py load_demo``, see ``ecirkel.demo``)."""

from datetime import timedelta

from django.utils import timezone

from ecirkel.demo import DemoPart, register

from .models import Feedback, FeedbackNote, FeedbackReply, sender_token

Kind = Feedback.Kind
Status = Feedback.Status

ITEMS = [
    {
        "key": "heltid-40-timmar",
        "topic": "effektivisering",
        "sender": "deltagare",
        "kind": Kind.ERROR,
        "rating": 3,
        "status": Status.RESOLVED,
        "days_ago": 12,
        "text": "I räkneexemplet blir 629 timmar 18 heltidstjänster, men hos oss är "
        "heltid 40 timmar i veckan och då blir det knappt 16. Står det någonstans "
        "att exemplet räknar med 35 timmar?",
        "notes": [
            (
                "redaktor",
                "Siffran är rätt (37 744 minuter = 629 timmar, delat med 35). Men "
                "antagandet syns bara i faktarutan – förtydliga i brödtexten.",
            )
        ],
        "replies": [
            (
                "redaktor",
                "Tack för att du räknade efter! Exemplet utgår från en arbetsvecka på "
                "35 timmar. Vi har nu skrivit det tydligare i texten, så att man kan "
                "räkna om med sin egen kommuns arbetstid.",
            )
        ],
    },
    {
        "key": "talsvaret-torsdag",
        "topic": "organisation-av-kc",
        "sender": "amina",
        "kind": Kind.SUGGESTION,
        "rating": 4,
        "status": Status.IN_PROGRESS,
        "assigned": "redaktor",
        "days_ago": 6,
        "text": "Bra med exemplet på talsvaret i Järfälla. Skriv gärna också varför "
        "val 1 och 2 har öppet till 19.00 på torsdagar – vi får ofta frågan om "
        "kvällsöppet från anhöriga inom äldreomsorgen.",
        "notes": [
            (
                "redaktor",
                "Kollar med Järfälla om skälet till torsdagskvällarna innan vi "
                "skriver något.",
            )
        ],
    },
    {
        "key": "forstudie-berom",
        "topic": "forstudie",
        "sender": "bertil",
        "kind": Kind.PRAISE,
        "rating": 5,
        "status": Status.RESOLVED,
        "days_ago": 9,
        "text": "Avsnittet om förstudien var det mest användbara hittills. Att börja "
        "med att kartlägga vilka frågor som faktiskt kommer in kändes självklart "
        "efteråt.",
        "replies": [
            (
                "redaktor",
                "Vad roligt att höra, tack! Dela gärna i studiecirkeln hur ni "
                "kartlade frågorna hos er.",
            )
        ],
    },
    {
        "key": "sekretess-exempel-anonym",
        "topic": "relationer-till-forvaltningar",
        "sender": "cecilia",
        "anonymous": True,
        "kind": Kind.SUGGESTION,
        "rating": 3,
        "status": Status.NEW,
        "days_ago": 2,
        "text": "Jag hade behövt fler exempel på samtal där sekretess gäller, t.ex. "
        "i sociala ärenden. När ska man koppla vidare till förvaltningen och när "
        "får KC svara själv?",
    },
    {
        "key": "quiz-164-samtal",
        "topic": "effektivisering",
        "quiz": "Kontaktcenter i siffror",
        "sender": "amina",
        "kind": Kind.ERROR,
        "rating": 2,
        "status": Status.NEW,
        "days_ago": 1,
        "text": "Frågan om personen som ringde 164 gånger – var står det i kursen? "
        "Jag hittade det inte i texten före quizen.",
    },
    {
        "key": "rekrytering-annat",
        "topic": "rekrytering",
        "sender": "bertil",
        "kind": Kind.OTHER,
        "status": Status.REJECTED,
        "days_ago": 20,
        "text": "Kan kursen också ta upp lönesättning för KC-handläggare?",
        "notes": [
            (
                "redaktor",
                "Lönesättning hör till HR och kursen ska inte ge råd om den. "
                "Avvisas, men svarar vänligt.",
            )
        ],
        "replies": [
            (
                "redaktor",
                "Tack för frågan! Lön sätts lokalt och ligger utanför kursen. Fråga "
                "gärna din chef eller HR i kommunen.",
            )
        ],
    },
    {
        "key": "bemotande-nytt",
        "topic": "medborgarservice",
        "sender": "deltagare",
        "kind": Kind.PRAISE,
        "rating": 5,
        "status": Status.NEW,
        "days_ago": 0,
        "text": "Tipsen om bemötande i telefon kan jag använda direkt imorgon.",
    },
]


def load(loader) -> None:
    course = loader.objects.get("course:kontaktcenter-i-kommunen")
    for item in ITEMS:
        topic = loader.objects.get(f"topic:{item['topic']}")
        sender = loader.objects.get(f"account:{item['sender']}")
        if course is None or topic is None or sender is None:
            continue
        loader.ensure(
            f"feedback:{item['key']}",
            Feedback,
            lambda: None,  # nothing to find by: made once, recorded from then on
            lambda item=item, topic=topic, sender=sender: make(
                loader, item, course, topic, sender
            ),
        )


def make(loader, item, course, topic, sender) -> Feedback:
    anonymous = item.get("anonymous", False)
    assigned = item.get("assigned")
    feedback = Feedback.objects.create(
        page=topic,
        course=course,
        subject=Feedback.Subject.QUIZ if item.get("quiz") else Feedback.Subject.PAGE,
        subject_title=item.get("quiz") or topic.title,
        kind=item["kind"],
        rating=item.get("rating"),
        text=item["text"],
        anonymous=anonymous,
        sender=None if anonymous else sender,
        sender_token=sender_token(sender) if anonymous else "",
        status=item["status"],
        assigned_to=loader.objects.get(f"account:{assigned}") if assigned else None,
    )
    when = timezone.now() - timedelta(days=item["days_ago"])
    Feedback.objects.filter(pk=feedback.pk).update(created_at=when)
    for number, (author, text) in enumerate(item.get("notes", []), start=1):
        note = FeedbackNote.objects.create(
            feedback=feedback, author=loader.objects.get(f"account:{author}"), text=text
        )
        FeedbackNote.objects.filter(pk=note.pk).update(
            created_at=when + timedelta(hours=number)
        )
    for number, (author, text) in enumerate(item.get("replies", []), start=1):
        reply = FeedbackReply.objects.create(
            feedback=feedback, author=loader.objects.get(f"account:{author}"), text=text
        )
        FeedbackReply.objects.filter(pk=reply.pk).update(
            created_at=when + timedelta(hours=2 + number)
        )
    count = 1 + len(item.get("notes", [])) + len(item.get("replies", []))
    return loader.counted(
        feedback, f"Created demo feedback “{item['key']}”.", count=count
    )


register(DemoPart("feedback", load, after=("courses", "quizzes", "users", "circles")))
