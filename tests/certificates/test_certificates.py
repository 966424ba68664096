import io
import re

import pytest
from pypdf import PdfReader

from certificates.models import Certificate, new_code


@pytest.fixture
def certificate(course, learner):
    learner.first_name, learner.last_name = "Åsa", "Öberg"
    learner.save()
    return Certificate.objects.create(
        user=learner, course=course, learner_name="Åsa Öberg", course_title="Testkurs"
    )


def test_codes_are_readable_and_unambiguous():
    code = new_code()
    assert re.fullmatch(
        r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", code
    )


@pytest.mark.django_db
def test_anyone_can_verify_a_certificate_by_its_url(client, certificate):
    response = client.get(f"/intyg/{certificate.code}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Åsa Öberg" in html and "Testkurs" in html and certificate.code in html
    assert "Intyget är giltigt" in html


@pytest.mark.django_db
def test_the_lookup_form_forgives_case_and_spacing(client, certificate):
    typed = certificate.code.replace("-", " ").lower()
    response = client.get("/intyg/", {"kod": typed})
    assert response.status_code == 302
    assert response.url == f"/intyg/{certificate.code}/"


@pytest.mark.django_db
def test_an_unknown_code_is_not_a_certificate(client, certificate):
    assert client.get("/intyg/AAAA-BBBB-CCCC/").status_code == 404
    response = client.get("/intyg/", {"kod": "AAAA-BBBB-CCCC"})
    assert response.status_code == 404
    assert "Det finns inget intyg med den koden" in response.content.decode()


def pdf_pages(data: bytes) -> list:
    return PdfReader(io.BytesIO(data)).pages


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pdf_pages(data))


def certificate_for(learner, course, name: str, title: str = "Testkurs"):
    return Certificate.objects.create(
        user=learner, course=course, learner_name=name, course_title=title
    )


@pytest.mark.django_db
def test_the_pdf_names_the_learner_course_and_code(client, certificate):
    response = client.get(f"/intyg/{certificate.code}/intyg.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Åsa Öberg" in text
    assert "Testkurs" in text and certificate.code in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    ["Áŋŋel Sámi", "Máret Čužžá Ŋuolga", "Đorđe Šćekić", "Ἀλέξανδρος Παππᾶς"],
)
def test_the_pdf_prints_names_beyond_latin_1(client, learner, course, name):
    certificate = certificate_for(learner, course, name)
    text = pdf_text(client.get(f"/intyg/{certificate.code}/intyg.pdf").content)
    assert name in text and "?" not in text


@pytest.mark.django_db
def test_the_pdf_prints_an_arabic_name_shaped_right_to_left(client, learner, course):
    certificate = certificate_for(learner, course, "أمينة حداد")
    data = client.get(f"/intyg/{certificate.code}/intyg.pdf").content
    text = pdf_text(data)
    # The extractor reads the line in visual order, so the two words may come out in
    # either order. Each word comes out whole only when the text was shaped: unshaped,
    # fpdf2 lays the letters out one by one and they read back reversed ("ةنيمأ").
    assert "أمينة" in text and "حداد" in text and "?" not in text
    fonts = {
        str(font["/BaseFont"])
        for font in pdf_pages(data)[0]["/Resources"]["/Font"].values()
    }
    assert any("NotoSansArabic" in font for font in fonts), fonts


@pytest.mark.django_db
def test_a_long_name_and_title_wrap_and_stay_on_one_page(client, learner, course):
    name = " ".join(["Anna-Karin Öberg-Lindqvist"] * 5)[:120]
    title = " ".join(["Kontaktcenter i kommunen: bemötande och sekretess"] * 5)
    certificate = certificate_for(learner, course, name, title[:255])
    data = client.get(f"/intyg/{certificate.code}/intyg.pdf").content
    (page,) = pdf_pages(data)
    lines = []  # (y, x, text) of every piece of text drawn

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            lines.append((tm[5], tm[4], text))

    page.extract_text(visitor_text=visit)
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert all(0 < x < width and 0 < y < height for y, x, _t in lines)
    joined = " ".join(
        t.strip() for _y, _x, t in sorted(lines, key=lambda item: -item[0])
    )
    assert name in joined.replace("\n", " ")
    code_y = next(y for y, _x, t in lines if certificate.code in t)
    date_y = next(y for y, _x, t in lines if t.startswith("Datum"))
    assert date_y > code_y + 20  # the body ends well above the verification code


@pytest.mark.django_db
def test_the_pdf_dates_the_certificate_in_swedish_time(client, certificate):
    """Issued at 00:40 in Stockholm, 23:40 UTC the day before: the page said 24
    November, the PDF 23 November."""
    from datetime import UTC, datetime

    certificate.issued_at = datetime(2026, 11, 23, 23, 40, tzinfo=UTC)
    certificate.save()
    text = pdf_text(client.get(f"/intyg/{certificate.code}/intyg.pdf").content)
    assert "24 november 2026" in text and "23 november" not in text
    page = client.get(f"/intyg/{certificate.code}/").content.decode()
    assert "24 november 2026" in page
