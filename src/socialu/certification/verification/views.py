"""The public verification pages: anyone holding a code may check a certificate, and learn nothing else.

The page shows only the holder's name, the tier, the organisation, the issue
and expiry dates and the status (with the date of a revocation, never its
reason). An unknown code gets the same plain "not found" page whatever it
looks like.

Guessing codes means asking for codes that do not exist, so the limit that
stops it counts *unknown* codes per client address (30 a minute). Every look-up
counts too, against a far higher limit, so a whole company behind one NAT
address (or a recruiter checking a hundred candidates) is never turned away.
The client address is the real one: behind a trusted proxy it comes from
``X-Forwarded-For`` (see ``core/proxies.py``).
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from socialu.certification.awarding import code_display
from socialu.certification.forms import VerifyForm
from socialu.certification.selectors import certificate_by_code, certificate_status
from socialu.core.models import Organisation
from socialu.core.proxies import client_address

# Unknown codes per client address per minute: plenty for typing mistakes, too few to try codes at random.
LOOKUPS_PER_MINUTE = 30
# All look-ups per client address per minute: far above what a company behind one address needs.
ALL_LOOKUPS_PER_MINUTE = 600


def _count(key: str, *, add: int) -> int:
    cache.add(key, 0, timeout=60)
    if not add:
        return int(cache.get(key) or 0)
    try:
        return int(cache.incr(key, add))
    except ValueError:
        return add


def _too_many(request: HttpRequest) -> bool:
    address = client_address(request)
    misses = _count(f"certification:verify:unknown:{address}", add=0)
    lookups = _count(f"certification:verify:all:{address}", add=1)
    return misses >= LOOKUPS_PER_MINUTE or lookups > ALL_LOOKUPS_PER_MINUTE


def _record_unknown(request: HttpRequest) -> None:
    _count(f"certification:verify:unknown:{client_address(request)}", add=1)


def _private(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def verify_lookup(request: HttpRequest) -> HttpResponse:
    """Ask for a code and open its verification page."""
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        return redirect("certificate_verify", form.cleaned_data["code"].strip())
    return _private(render(request, "certification/verify_lookup.html", {"form": form}))


@require_GET
def certificate_verify(request: HttpRequest, code: str) -> HttpResponse:
    """Show whether the certificate with *code* is valid, expired or revoked."""
    if _too_many(request):
        response = render(request, "certification/verify_busy.html", status=429)
        response["Retry-After"] = "60"
        return _private(response)
    certificate = certificate_by_code(code=code)
    if certificate is None:
        _record_unknown(request)
        return _private(render(request, "certification/verify_unknown.html", {"form": VerifyForm()}, status=404))
    organisation = Organisation.objects.get(pk=certificate.organisation_id)
    context = {
        "holder": certificate.holder_name,
        "tier": certificate.tier_name,
        "organisation_name": organisation.name,
        "issued_at": certificate.issued_at,
        "expires_at": certificate.expires_at,
        "revoked_at": certificate.revoked_at,
        "status": certificate_status(certificate),
        "code": code_display(certificate.code),
    }
    return _private(render(request, "certification/verify.html", context))
