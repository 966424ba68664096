"""Staff lists: a CSV file of new learners (name, e-mail, circle), read and checked.

The file is UTF-8 (with or without the BOM Excel writes), separated by semicolons or
commas (whichever the header row uses), with a header row such as
``namn;e-post;cirkel`` (or ``förnamn;efternamn;e-post;cirkel``, or the same in
English). Every line is checked before anything is created, and the whole file is
refused if any line is wrong, with each error and its line number.
"""

import csv
import io
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from ecirkel.text import NotText, decode_upload

from .models import fold

MAX_BYTES = 1024 * 1024
MAX_LINES = 2000
MAX_ERRORS = 100
NAME_LENGTH = 150
EMAIL_LENGTH = 254

# Header names (folded: lowercase, no accents) → the column they stand for.
HEADERS = {
    "namn": "name",
    "name": "name",
    "fullstandigt namn": "name",
    "full name": "name",
    "fornamn": "first_name",
    "first name": "first_name",
    "firstname": "first_name",
    "first_name": "first_name",
    "given name": "first_name",
    "efternamn": "last_name",
    "last name": "last_name",
    "lastname": "last_name",
    "last_name": "last_name",
    "surname": "last_name",
    "family name": "last_name",
    "e-post": "email",
    "epost": "email",
    "e-postadress": "email",
    "mejl": "email",
    "email": "email",
    "e-mail": "email",
    "mail": "email",
    "email address": "email",
    "e-mail address": "email",
    "cirkel": "circle",
    "studiecirkel": "circle",
    "circle": "circle",
    "study circle": "circle",
}
# Words that belong to the last name: "Anna von Essen" is Anna + von Essen.
NAME_PARTICLES = {"af", "av", "von", "van", "de", "der", "den", "la", "le", "du"}


@dataclass
class StaffLine:
    line: int
    first_name: str
    last_name: str
    email: str
    circle: object | None


@dataclass
class StaffList:
    lines: list[StaffLine] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    more_errors: int = 0

    def error(self, message: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(message)
        else:
            self.more_errors += 1


def split_name(name: str) -> tuple[str, str]:
    """ "Cecilia Öberg" → ("Cecilia", "Öberg"); "Anna von Essen" → ("Anna", "von
    Essen"); "Öberg, Cecilia" → ("Cecilia", "Öberg"); a single word is a first
    name."""
    if "," in name:
        last, _comma, first = name.partition(",")
        return " ".join(first.split()), " ".join(last.split())
    words = name.split()
    if len(words) < 2:
        return " ".join(words), ""
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in NAME_PARTICLES:
        start -= 1
    return " ".join(words[:start]), " ".join(words[start:])


def decode(data: bytes, staff: StaffList) -> str | None:
    try:
        return decode_upload(data)
    except NotText as error:
        if error.nul:
            staff.error(
                _(
                    "The file is not a text file (it contains NUL bytes). Save the "
                    "list as CSV (UTF-8) and upload that file."
                )
            )
        else:
            staff.error(
                _(
                    "Line %(line)d is not UTF-8 text. In Excel, save the list as “CSV "
                    "UTF-8 (comma delimited)”; in LibreOffice choose the character "
                    "set UTF-8."
                )
                % {"line": error.line}
            )
        return None


def sniff_delimiter(header_line: str) -> str:
    """The separator the header row uses: semicolon (Swedish Excel), comma or tab."""
    counts = {d: header_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


def read_header(cells: list[str], staff: StaffList) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = fold(cell).strip()
        if not name:
            continue
        column = HEADERS.get(name)
        if column is None:
            staff.error(
                _(
                    "Line 1: the column “%(name)s” is unknown. The header row names "
                    "the columns namn, e-post and cirkel (or förnamn and efternamn "
                    "instead of namn; English names work too)."
                )
                % {"name": cell.strip()}
            )
            continue
        if column in columns:
            staff.error(
                _("Line 1: the column “%(name)s” appears twice.")
                % {"name": cell.strip()}
            )
            continue
        columns[column] = index
    if staff.errors:
        return None
    if "email" not in columns:
        staff.error(
            _(
                "Line 1: there is no e-mail column. The first line must be the header "
                "row, e.g. namn;e-post;cirkel."
            )
        )
    if "name" not in columns and not {"first_name", "last_name"} & columns.keys():
        staff.error(
            _(
                "Line 1: there is no name column. The first line must be the header "
                "row, e.g. namn;e-post;cirkel."
            )
        )
    return None if staff.errors else columns


def read_staff_list(data: bytes, circles, *, circle_optional: bool) -> StaffList:
    """Read and check a staff list. ``circles`` are the study circles the importer
    may add learners to (a queryset); a line naming another circle is an error, and
    so is a line without a circle unless ``circle_optional`` (those who manage every
    learner may leave it empty; others would lose sight of the account at once).
    A circle outside ``circles`` is answered as if it did not exist, so the errors
    tell nobody the names of circles they do not lead."""
    staff = StaffList()
    if len(data) > MAX_BYTES:
        staff.error(
            _(
                "The file is larger than 1 MB. Split the list into smaller files and "
                "import them one at a time."
            )
        )
        return staff
    text = decode(data, staff)
    if text is None:
        return staff
    if not text.strip():
        staff.error(
            _("The file is empty. The first line is the header row namn;e-post;cirkel.")
        )
        return staff
    first_line = text.lstrip("\r\n").splitlines()[0]
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=sniff_delimiter(first_line)
    )
    rows = []
    try:
        end = 0
        for row in reader:
            rows.append((end + 1, row))  # the line the record starts on
            end = reader.line_num
    except csv.Error as error:
        staff.error(
            _("Line %(line)d cannot be read as CSV: %(reason)s.")
            % {"line": reader.line_num, "reason": error}
        )
        return staff
    rows = [(number, row) for number, row in rows if any(cell.strip() for cell in row)]
    if not rows:  # only separators, e.g. ";;;"
        staff.error(
            _("The file is empty. The first line is the header row namn;e-post;cirkel.")
        )
        return staff
    header = rows[0][1]
    columns = read_header(header, staff)
    if columns is None:
        return staff
    rows = rows[1:]
    if not rows:
        staff.error(_("The file has a header row but no learners."))
        return staff
    if len(rows) > MAX_LINES:
        staff.error(
            _(
                "The file has %(count)d learners; at most %(max)d can be imported at "
                "once. Split the list into smaller files."
            )
            % {"count": len(rows), "max": MAX_LINES}
        )
        return staff

    allowed = list(circles)
    by_name: dict[str, list] = {}
    for circle in allowed:
        by_name.setdefault(fold(circle.name), []).append(circle)

    # Compared in Python: SQLite's LOWER() folds only ASCII letters.
    existing = {
        email.lower()
        for email in get_user_model()
        .objects.exclude(email="")
        .values_list("email", flat=True)
    }
    seen: dict[str, int] = {}

    for number, row in rows:

        def cell(column, row=row):
            index = columns.get(column)
            return row[index].strip() if index is not None and index < len(row) else ""

        errors_before = len(staff.errors) + staff.more_errors
        extra = [value for value in row[len(header) :] if value.strip()]
        if extra:
            staff.error(
                _(
                    "Line %(line)d has more values than the header row has columns. "
                    "Check the separators (a name with a comma must be in quotes)."
                )
                % {"line": number}
            )
        if "name" in columns:
            first_name, last_name = split_name(cell("name"))
        else:
            first_name, last_name = cell("first_name"), cell("last_name")
        if not (first_name or last_name):
            staff.error(_("Line %(line)d: the name is missing.") % {"line": number})
        elif len(first_name) > NAME_LENGTH or len(last_name) > NAME_LENGTH:
            staff.error(
                _("Line %(line)d: the name is longer than %(max)d characters.")
                % {"line": number, "max": NAME_LENGTH}
            )
        email = cell("email")
        if not email:
            staff.error(
                _("Line %(line)d: the e-mail address is missing.") % {"line": number}
            )
        else:
            try:
                if len(email) > EMAIL_LENGTH:
                    raise ValidationError("too long")
                validate_email(email)
            except ValidationError:
                staff.error(
                    _("Line %(line)d: “%(email)s” is not an e-mail address.")
                    % {"line": number, "email": email}
                )
            else:
                key = email.lower()
                if key in seen:
                    staff.error(
                        _(
                            "Line %(line)d: %(email)s is already on line %(first)d. "
                            "Each person may be on the list once."
                        )
                        % {"line": number, "email": email, "first": seen[key]}
                    )
                else:
                    seen[key] = number
                if key in existing:
                    staff.error(
                        _(
                            "Line %(line)d: an account with the e-mail address "
                            "%(email)s already exists. Remove the line; an editor can "
                            "add the existing account to a circle."
                        )
                        % {"line": number, "email": email}
                    )
        circle = None
        circle_name = cell("circle")
        if circle_name:
            found = by_name.get(fold(circle_name), [])
            if not found and circle_optional:
                staff.error(
                    _("Line %(line)d: there is no study circle called “%(name)s”.")
                    % {"line": number, "name": circle_name}
                )
            elif not found:
                staff.error(
                    _(
                        "Line %(line)d: you lead no study circle called “%(name)s”. "
                        "You can add learners to the circles you lead: %(circles)s."
                    )
                    % {
                        "line": number,
                        "name": circle_name,
                        "circles": ", ".join(c.name for c in allowed) or "–",
                    }
                )
            elif len(found) > 1:
                staff.error(
                    _(
                        "Line %(line)d: several study circles are called “%(name)s”. "
                        "Give them different names first."
                    )
                    % {"line": number, "name": circle_name}
                )
            else:
                circle = found[0]
        elif not circle_optional:
            staff.error(
                _(
                    "Line %(line)d: the circle is missing. Write the name of a circle "
                    "you lead: %(circles)s."
                )
                % {
                    "line": number,
                    "circles": ", ".join(c.name for c in allowed) or "–",
                }
            )
        if len(staff.errors) + staff.more_errors == errors_before:
            staff.lines.append(StaffLine(number, first_name, last_name, email, circle))
    return staff
