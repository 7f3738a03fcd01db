"""The certificate as a PDF: a landscape A4 page rendered by WeasyPrint from a template."""

from __future__ import annotations

from pathlib import Path

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from socialu.certification.awarding import code_display
from socialu.certification.models import Certificate
from socialu.core.documents import pdf_from_html
from socialu.core.models import Organisation

PRINT_CSS = Path(__file__).with_name("pdf") / "certificate.css"


def verification_url(code: str) -> str:
    """Return the public address where anyone can check the certificate with this code."""
    return settings.SITE_URL + reverse("certificate_verify", args=[code_display(code)])


def certificate_html(*, certificate: Certificate, inline_css: bool = False) -> str:
    """Return the certificate page as HTML (with its print CSS inlined when asked, for a preview)."""
    organisation = Organisation.objects.get(pk=certificate.organisation_id)
    url = verification_url(certificate.code)
    context = {
        "certificate": certificate,
        "organisation": organisation,
        "code": code_display(certificate.code),
        "url": url,
        "qr": segno.make(url, error="m").svg_data_uri(scale=4, dark="#12324f", border=0),
        "description": certificate.tier.description,
        "inline_css": PRINT_CSS.read_text(encoding="utf-8") if inline_css else "",
    }
    return render_to_string("certification/certificate_pdf.html", context)


def certificate_pdf(*, certificate: Certificate) -> bytes:
    """Render the certificate as a PDF."""
    return pdf_from_html(certificate_html(certificate=certificate), base_folder=PRINT_CSS.parent, stylesheet=PRINT_CSS)


def certificate_filename(certificate: Certificate) -> str:
    return f"{certificate.tier_name.lower().replace(' ', '-')}-certificate-{certificate.code}.pdf"
