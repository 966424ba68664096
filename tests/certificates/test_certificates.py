import re
import zlib

import pytest

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


def pdf_text(data: bytes) -> bytes:
    chunks = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            chunks.append(zlib.decompress(stream))
        except zlib.error:
            chunks.append(stream)
    return b"".join(chunks)


@pytest.mark.django_db
def test_the_pdf_names_the_learner_course_and_code(client, certificate):
    response = client.get(f"/intyg/{certificate.code}/intyg.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Åsa Öberg".encode("latin-1") in text
    assert b"Testkurs" in text and certificate.code.encode() in text
