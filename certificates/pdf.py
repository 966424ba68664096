"""The certificate as a one-page PDF, drawn with fpdf2 (no system libraries needed).

Names are printed in the bundled Noto fonts (``fonts/``, SIL Open Font License): Noto
Sans for Latin with its extensions (Sámi ŋ, Á, Č; Polish, Czech, Vietnamese …), Greek
and Cyrillic, and Noto Sans Arabic as the fallback for Arabic script. Text shaping
(HarfBuzz, through uharfbuzz) joins Arabic letters in their connected forms and lays
them out right to left; without it an Arabic name would print as separate letters in
the wrong order. A long name or course title wraps and is set smaller, so the
certificate always stays on its page.
"""

from pathlib import Path

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import MethodReturnValue

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY, ARABIC = "NotoSans", "NotoSansArabic"


def new_pdf() -> FPDF:
    pdf = FPDF(orientation="landscape", format="A4")
    for family in (FAMILY, ARABIC):
        pdf.add_font(family, "", FONTS / f"{family}-Regular.ttf")
        pdf.add_font(family, "B", FONTS / f"{family}-Bold.ttf")
    pdf.set_margins(22, 20, 22)  # text keeps clear of the frame drawn at 10 mm
    pdf.set_fallback_fonts([ARABIC])
    pdf.set_text_shaping(True)
    return pdf


def certificate_pdf(certificate, verify_url: str) -> bytes:
    pdf = new_pdf()
    pdf.set_title(f"{_('Certificate')} – {certificate.course_title}")
    pdf.set_author("E-cirkel")
    pdf.add_page()
    pdf.set_draw_color(11, 83, 148)
    pdf.set_line_width(1.5)
    pdf.rect(10, 10, 277, 190)

    def line(text: str, size: float, bold: bool = False) -> None:
        """One centred line, wrapping if long."""
        pdf.set_font(FAMILY, "B" if bold else "", size)
        pdf.multi_cell(0, size * 0.6, text, align="C", new_x="LMARGIN", new_y="NEXT")

    def fitted(text: str, sizes: tuple[float, ...], bold: bool = True) -> None:
        """The text in the largest of ``sizes`` at which it takes at most two
        lines (three at the smallest size): a 300-character name still fits."""
        for size in sizes:
            pdf.set_font(FAMILY, "B" if bold else "", size)
            lines = pdf.multi_cell(
                0, size * 0.6, text, dry_run=True, output=MethodReturnValue.LINES
            )
            if len(lines) <= 2:
                break
        line(text, size, bold)

    issued = formats.date_format(
        timezone.localtime(certificate.issued_at), "DATE_FORMAT"
    )
    pdf.set_y(34)
    line(_("Certificate"), 34, bold=True)
    pdf.ln(6)
    line(_("This certifies that"), 16)
    fitted(certificate.learner_name, (26, 22, 18, 15, 12))
    line(_("has completed the course"), 16)
    fitted(certificate.course_title, (22, 18, 15, 12))
    pdf.ln(4)
    line(_("Date: %(date)s") % {"date": issued}, 14)
    pdf.set_y(172)
    line(_("Verification code: %(code)s") % {"code": certificate.code}, 11)
    line(_("Check it at %(url)s") % {"url": verify_url}, 11)
    return bytes(pdf.output())
