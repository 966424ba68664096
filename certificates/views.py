from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from .models import Certificate
from .pdf import certificate_pdf as render_pdf


def normalise(code: str) -> str:
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


@require_GET
def lookup(request):
    """Anyone can check a certificate: type the code, land on the certificate."""
    code = request.GET.get("kod", "").strip()
    if code:
        found = Certificate.objects.filter(code=normalise(code)).first()
        if found:
            return HttpResponseRedirect(
                reverse("certificates:certificate", args=[found.code])
            )
    return render(
        request,
        "certificates/lookup.html",
        {"code": code, "not_found": bool(code)},
        status=404 if code else 200,
    )


@require_GET
def certificate(request, code: str):
    """The public, printable certificate: who, which course, when, and its code."""
    cert = get_object_or_404(Certificate, code=normalise(code))
    return render(request, "certificates/certificate.html", {"certificate": cert})


@require_GET
def certificate_pdf(request, code: str):
    cert = get_object_or_404(Certificate, code=normalise(code))
    url = request.build_absolute_uri(
        reverse("certificates:certificate", args=[cert.code])
    )
    response = HttpResponse(render_pdf(cert, url), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="intyg-{cert.code}.pdf"'
    return response
