"""A staff list (CSV) of new learners: read in the forms Excel and LibreOffice write,
every line checked first, errors listed by line, and nothing created unless every
line is right."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from circles.models import CircleMembership, StudyCircle
from users import staff_lists
from users.factories import UserFactory
from users.roles import LEARNER
from users.staff_lists import read_staff_list, split_name

User = get_user_model()
IMPORT = "/cirklar/deltagare/importera/"
LATIN_1 = "namn;e-post;cirkel\nAnna;a@k.se;Cirkel A\nÅsa;b@k.se;Cirkel A\n".encode(
    "latin-1"
)

GOOD = (
    "namn;e-post;cirkel\r\n"
    "Cecilia Öberg;cecilia.oberg@kommun.se;Cirkel A\r\n"
    "Anna von Essen;anna.vonessen@kommun.se;cirkel a\r\n"
    "\r\n"
    "Åsa Ärlig;asa@kommun.se;Cirkel A\r\n"
)


def led_by(leader):
    return StudyCircle.objects.filter(leader=leader)


def read(text, circles, encoding="utf-8", circle_optional=False):
    data = text.encode(encoding) if isinstance(text, str) else text
    return read_staff_list(data, circles, circle_optional=circle_optional)


@pytest.mark.parametrize(
    "name,first,last",
    [
        ("Cecilia Öberg", "Cecilia", "Öberg"),
        ("Anna von Essen", "Anna", "von Essen"),
        ("Karl-Johan af Ekström", "Karl-Johan", "af Ekström"),
        ("Öberg, Cecilia", "Cecilia", "Öberg"),
        ("Mats Erik Svensson", "Mats Erik", "Svensson"),
        ("Madonna", "Madonna", ""),
        ("  Lisa   Ek  ", "Lisa", "Ek"),
    ],
)
def test_a_name_is_split_into_first_and_last_name(name, first, last):
    assert split_name(name) == (first, last)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text,encoding",
    [
        (GOOD, "utf-8"),
        ("\ufeff" + GOOD, "utf-8"),  # Excel's "CSV UTF-8" starts with a BOM
        (GOOD.replace(";", ","), "utf-8"),
        (
            GOOD.replace("namn;e-post;cirkel", "Name;E-mail;Circle").replace(
                "\r\n", "\n"
            ),
            "utf-8",
        ),
    ],
)
def test_a_good_list_is_read_with_either_separator_and_english_headers(
    circle, circle_leader, text, encoding
):
    staff = read(text, led_by(circle_leader), encoding)
    assert staff.errors == []
    assert [
        (line.line, line.first_name, line.last_name, line.email, line.circle)
        for line in staff.lines
    ] == [
        (2, "Cecilia", "Öberg", "cecilia.oberg@kommun.se", circle),
        (3, "Anna", "von Essen", "anna.vonessen@kommun.se", circle),
        (5, "Åsa", "Ärlig", "asa@kommun.se", circle),
    ]


@pytest.mark.django_db
def test_first_and_last_name_columns_and_quoted_commas_work(circle, editor):
    text = (
        "Förnamn,Efternamn,E-post,Cirkel\n"
        '"Lars, jr",Ek,lars@kommun.se,\n'
        "Eva,Berg,eva@kommun.se,Cirkel A\n"
    )
    staff = read(text, StudyCircle.objects.all(), circle_optional=True)
    assert staff.errors == []
    assert [(x.first_name, x.last_name, x.circle) for x in staff.lines] == [
        ("Lars, jr", "Ek", None),  # an editor may leave the circle empty
        ("Eva", "Berg", circle),
    ]


@pytest.mark.django_db
def test_every_bad_line_is_listed_with_its_number(
    circle, circle_leader, other_circle, learner
):
    learner.email = "Lisa@Kommun.se"
    learner.save()
    text = (
        "namn;e-post;cirkel\n"
        "Cecilia Öberg;cecilia.oberg@kommun.se;Cirkel A\n"  # 2: good
        "Bo Bredd;bo@;Cirkel A\n"  # 3: not an address
        "Cecilia Öberg;CECILIA.OBERG@kommun.se;Cirkel A\n"  # 4: twice in the file
        "Lisa Ek;lisa@kommun.se;Cirkel A\n"  # 5: has an account already
        "Sten Sten;sten@kommun.se;Cirkel X\n"  # 6: no such circle
        "Stina Sol;stina@kommun.se;Cirkel B\n"  # 7: not led by the importer
        "Utan Cirkel;utan@kommun.se;\n"  # 8: the leader must name a circle
        ";noname@kommun.se;Cirkel A\n"  # 9: no name
        "Ada Adress;;Cirkel A\n"  # 10: no address
        "Per Per;per@kommun.se;Cirkel A;extra\n"  # 11: a value too many
    )
    staff = read(text, led_by(circle_leader))
    assert staff.errors == [
        "Rad 3: ”bo@” är ingen e-postadress.",
        "Rad 4: CECILIA.OBERG@kommun.se finns redan på rad 2. Varje person får "
        "finnas en gång i listan.",
        "Rad 5: det finns redan ett konto med e-postadressen lisa@kommun.se. Ta bort "
        "raden; en redaktör kan lägga till det befintliga kontot i en cirkel.",
        # A circle led by someone else is answered like one that does not exist:
        # the errors tell no names of circles the importer does not lead.
        "Rad 6: du leder ingen studiecirkel som heter ”Cirkel X”. Du kan lägga till "
        "deltagare i cirklarna du leder: Cirkel A.",
        "Rad 7: du leder ingen studiecirkel som heter ”Cirkel B”. Du kan lägga till "
        "deltagare i cirklarna du leder: Cirkel A.",
        "Rad 8: cirkeln saknas. Skriv namnet på en cirkel du leder: Cirkel A.",
        "Rad 9: namnet saknas.",
        "Rad 10: e-postadressen saknas.",
        "Rad 11 har fler värden än rubrikraden har kolumner. Kontrollera avgränsarna "
        "(ett namn med kommatecken ska stå inom citattecken).",
    ]
    assert [line.line for line in staff.lines] == [2]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "Filen är tom."),
        (b";;;\n", "Filen är tom."),  # separators only: was a 500
        (b"namn;e-post;cirkel\n", "Filen har en rubrikrad men inga deltagare."),
        (LATIN_1, "Rad 3 är inte UTF-8-text."),
        (b"namn;e-post\x00;cirkel\n", "Filen är ingen textfil (den innehåller NUL"),
        (b"namn;telefon;cirkel\n", "Rad 1: kolumnen ”telefon” är okänd."),
        (b"namn;cirkel\nAnna;Cirkel A\n", "Rad 1: det finns ingen kolumn för e-post."),
        (b"e-post;e-post\n", "Rad 1: kolumnen ”e-post” finns två gånger."),
        (b"Anna Ek;anna@kommun.se;Cirkel A\n", "Rad 1: kolumnen ”Anna Ek” är okänd."),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_what_to_do(
    circle, circle_leader, data, message
):
    staff = read(data, led_by(circle_leader))
    assert staff.lines == []
    assert len(staff.errors) >= 1
    assert staff.errors[0].startswith(message), staff.errors


@pytest.mark.django_db
def test_too_many_lines_or_bytes_are_refused(circle, circle_leader, monkeypatch):
    monkeypatch.setattr(staff_lists, "MAX_LINES", 2)
    text = "namn;e-post;cirkel\n" + "".join(
        f"P {n};p{n}@kommun.se;Cirkel A\n" for n in range(3)
    )
    staff = read(text, led_by(circle_leader))
    assert staff.errors == [
        "Filen har 3 deltagare; högst 2 kan importeras på en gång. Dela upp listan i "
        "mindre filer."
    ]
    monkeypatch.setattr(staff_lists, "MAX_BYTES", 20)
    assert (
        read(text, led_by(circle_leader))
        .errors[0]
        .startswith("Filen är större än 1 MB.")
    )


@pytest.mark.django_db
def test_at_most_a_hundred_errors_are_listed(circle, circle_leader):
    text = "namn;e-post;cirkel\n" + "X;fel;Cirkel A\n" * 150
    staff = read(text, led_by(circle_leader))
    assert len(staff.errors) == 100 and staff.more_errors == 50


# --- Through the page ---------------------------------------------------------------


def upload(text: str, name="personal.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


@pytest.mark.django_db
def test_a_circle_leader_imports_a_staff_list_and_everyone_is_invited(
    client, circle, circle_leader
):
    client.force_login(circle_leader)
    response = client.post(IMPORT, {"file": upload(GOOD), "send_invitations": "on"})
    assert response.status_code == 302
    created = User.objects.filter(email__endswith="@kommun.se").order_by("pk")
    assert [(u.username, u.get_full_name()) for u in created] == [
        ("cecilia.oberg@kommun.se", "Cecilia Öberg"),
        ("anna.vonessen@kommun.se", "Anna von Essen"),
        ("asa@kommun.se", "Åsa Ärlig"),
    ]
    assert all(not u.has_usable_password() for u in created)
    assert all(u.groups.filter(name=LEARNER).exists() for u in created)
    assert CircleMembership.objects.filter(circle=circle, user__in=created).count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in created)
    html = client.get(response.url).content.decode()
    assert "3 deltagarkonton skapades." in html
    assert "Inbjudningar skickades till 3 personer." in html


@pytest.mark.django_db
def test_nothing_is_created_when_any_line_is_bad(client, circle, circle_leader):
    users, memberships = User.objects.count(), CircleMembership.objects.count()
    client.force_login(circle_leader)
    bad = GOOD + "Bo Bredd;bo@;Cirkel A\nSten Sten;sten@kommun.se;Cirkel X\n"
    response = client.post(IMPORT, {"file": upload(bad), "send_invitations": "on"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ingenting importerades" in html
    assert "Rad 6: ”bo@” är ingen e-postadress." in html
    assert "Rad 7: du leder ingen studiecirkel som heter ”Cirkel X”." in html
    assert User.objects.count() == users
    assert CircleMembership.objects.count() == memberships
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_failure_while_creating_leaves_nothing_behind(
    client, circle, circle_leader, monkeypatch
):
    """Even if the database refuses the last account, the first two are undone."""
    from django.db import IntegrityError

    from users import onboarding

    real = onboarding.create_learner

    def failing(first_name, *args, **kwargs):
        if first_name == "Åsa":
            raise IntegrityError("duplicate")
        return real(first_name, *args, **kwargs)

    monkeypatch.setattr(onboarding, "create_learner", failing)
    users = User.objects.count()
    client.force_login(circle_leader)
    html = client.post(IMPORT, {"file": upload(GOOD)}).content.decode()
    assert "Ingenting importerades: ett konto med en av adresserna" in html
    assert User.objects.count() == users
    assert mail.outbox == []


@pytest.mark.django_db
def test_an_import_without_a_file_says_so(client, circle, circle_leader):
    client.force_login(circle_leader)
    response = client.post(IMPORT, {})
    assert response.status_code == 200
    assert "Det här fältet är obligatoriskt" in response.content.decode()


@pytest.mark.django_db
def test_an_editor_imports_into_any_circle(client, circle, other_circle, editor):
    client.force_login(editor)
    text = "namn;e-post;cirkel\nUlf Ek;ulf@kommun.se;Cirkel B\nEva Ek;eva@kommun.se;\n"
    assert client.post(IMPORT, {"file": upload(text)}).status_code == 302
    assert User.objects.get(email="ulf@kommun.se").circle_memberships.get().circle == (
        other_circle
    )
    assert not User.objects.get(email="eva@kommun.se").circle_memberships.exists()
    assert mail.outbox == []  # invitations were not asked for


@pytest.mark.django_db
def test_a_username_taken_by_another_address_gets_a_suffix(
    client, circle, circle_leader
):
    UserFactory(username="ulf@kommun.se", email="annan@kommun.se")
    client.force_login(circle_leader)
    text = "namn;e-post;cirkel\nUlf Ek;ulf@kommun.se;Cirkel A\n"
    client.post(IMPORT, {"file": upload(text)})
    assert User.objects.get(email="ulf@kommun.se").username == "ulf@kommun.se-2"


@pytest.mark.django_db
def test_a_field_too_long_for_csv_is_refused_with_its_line(circle, circle_leader):
    text = "namn;e-post;cirkel\nA;a@k.se;Cirkel A\n" + '"' + "x" * 200_000 + '"\n'
    staff = read(text, led_by(circle_leader))
    assert staff.errors[0].startswith("Rad 3 går inte att läsa som CSV")
    assert staff.lines == []


@pytest.mark.django_db
def test_an_address_too_long_for_the_database_is_refused(circle, circle_leader):
    long_address = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".se"
    staff = read(
        f"namn;e-post;cirkel\nA B;{long_address};Cirkel A\n", led_by(circle_leader)
    )
    assert staff.errors == [f"Rad 2: ”{long_address}” är ingen e-postadress."]


@pytest.mark.django_db
def test_formula_like_names_are_kept_as_plain_names(client, circle, circle_leader):
    client.force_login(circle_leader)
    text = "namn;e-post;cirkel\n=HYPERLINK(1) Ek;ulf@kommun.se;Cirkel A\n"
    client.post(IMPORT, {"file": upload(text)})
    user = User.objects.get(email="ulf@kommun.se")
    assert (user.first_name, user.last_name) == ("=HYPERLINK(1)", "Ek")


@pytest.mark.django_db
def test_a_leader_of_every_circle_must_still_name_one(circle, circle_leader):
    """Leading every circle there is does not make a leader someone who manages all
    learners: an account in no circle would be out of their sight at once."""
    assert StudyCircle.objects.exclude(leader=circle_leader).count() == 0
    staff = read("namn;e-post;cirkel\nTom Utan;tom@kommun.se;\n", led_by(circle_leader))
    assert staff.errors == [
        "Rad 2: cirkeln saknas. Skriv namnet på en cirkel du leder: Cirkel A."
    ]
    editors_list = read(
        "namn;e-post;cirkel\nTom Utan;tom@kommun.se;\n",
        StudyCircle.objects.all(),
        circle_optional=True,
    )
    assert editors_list.errors == [] and editors_list.lines[0].circle is None
