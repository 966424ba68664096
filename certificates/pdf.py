"""The certificate as a one-page PDF, drawn with fpdf2 (no system libraries needed)."""

from django.utils import formats
from django.utils.translation import gettext as _
from fpdf import FPDF


def latin1(text: str) -> str:
    """fpdf2's core fonts speak Latin-1, which has å, ä and ö; map the few others."""
    replacements = {"–": "-", "—": "-", "’": "'", "“": '"', "”": '"', "…": "..."}
    for old, new in replacements.items():
        text = text.replace(old, new)
    return text.encode("latin-1", "replace").decode("latin-1")


def certificate_pdf(certificate, verify_url: str) -> bytes:
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(latin1(f"{_('Certificate')} – {certificate.course_title}"))
    pdf.set_author("E-cirkel")
    pdf.add_page()
    pdf.set_draw_color(11, 83, 148)
    pdf.set_line_width(1.5)
    pdf.rect(10, 10, 277, 190)
    pdf.set_y(38)
    pdf.set_font("Helvetica", "B", 34)
    pdf.cell(0, 16, latin1(_("Certificate")), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 16)
    pdf.ln(8)
    pdf.cell(
        0,
        10,
        latin1(_("This certifies that")),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font("Helvetica", "B", 26)
    pdf.cell(
        0,
        16,
        latin1(certificate.learner_name),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font("Helvetica", "", 16)
    pdf.cell(
        0,
        10,
        latin1(_("has completed the course")),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font("Helvetica", "B", 22)
    pdf.multi_cell(
        0,
        12,
        latin1(certificate.course_title),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font("Helvetica", "", 14)
    pdf.ln(6)
    issued = formats.date_format(certificate.issued_at, "DATE_FORMAT")
    pdf.cell(
        0,
        8,
        latin1(_("Date: %(date)s") % {"date": issued}),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_y(170)
    pdf.set_font("Helvetica", "", 11)
    pdf.cell(
        0,
        6,
        latin1(_("Verification code: %(code)s") % {"code": certificate.code}),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.cell(0, 6, latin1(_("Check it at %(url)s") % {"url": verify_url}), align="C")
    return bytes(pdf.output())
