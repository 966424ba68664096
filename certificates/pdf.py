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

    def line(text: str, size: int, height: float, bold: bool = False) -> None:
        """One centred line (wrapping if long) in Helvetica."""
        pdf.set_font("Helvetica", "B" if bold else "", size)
        pdf.multi_cell(
            0, height, latin1(text), align="C", new_x="LMARGIN", new_y="NEXT"
        )

    issued = formats.date_format(certificate.issued_at, "DATE_FORMAT")
    pdf.set_y(38)
    line(_("Certificate"), 34, 16, bold=True)
    pdf.ln(8)
    line(_("This certifies that"), 16, 10)
    line(certificate.learner_name, 26, 16, bold=True)
    line(_("has completed the course"), 16, 10)
    line(certificate.course_title, 22, 12, bold=True)
    pdf.ln(6)
    line(_("Date: %(date)s") % {"date": issued}, 14, 8)
    pdf.set_y(170)
    line(_("Verification code: %(code)s") % {"code": certificate.code}, 11, 6)
    line(_("Check it at %(url)s") % {"url": verify_url}, 11, 6)
    return bytes(pdf.output())
