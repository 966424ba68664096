"""Spreadsheet cells that never run as formulas (CSV injection, OWASP).

Every export that writes text someone else typed (a learner's name, a topic title,
feedback) goes through ``csv_cell`` or ``xlsx_cell``, so a value such as
``=HYPERLINK(...)`` is text in Excel or LibreOffice, never a formula. Shared by the
circle reports and the feedback inbox's export.
"""

from datetime import datetime

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# A cell starting with one of these is a formula to Excel and LibreOffice (OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A CSV cell that no spreadsheet runs: text that would start a formula gets a
    leading single quote (OWASP's advice). Numbers stay numbers, even -0.5."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def xlsx_cell(sheet, value) -> WriteOnlyCell:
    """A cell for openpyxl's write-only sheet. Text is stored as text: openpyxl would
    make a formula of any string starting with "=", and Excel would re-read one
    starting with + - @ as a formula when the cell is edited, so such cells also get
    the quote prefix (Excel's hidden apostrophe). Characters XLSX cannot hold (control
    characters) are dropped instead of failing the whole download."""
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    if not isinstance(value, str):
        return WriteOnlyCell(sheet, value=value)
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    if text.startswith(FORMULA_START):
        cell.quotePrefix = True
    return cell
