"""REST API operations of the certification app: tiers, certificates, verification and the register.

Every path starts with ``/orgs/{org_slug}/``; someone who is not a member of
that organisation gets 404, exactly as if it did not exist. The public
verification page (``/verify/<code>/``) needs no token; the API's verify
operation answers only for the organisation's own certificates.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from socialu.certification import selectors, services
from socialu.certification.awarding import code_display
from socialu.certification.models import Certificate
from socialu.core.api import MAX_LIMIT_ASKED, ErrorOut, PageQuery, api_context
from socialu.core.permissions import Capability
from socialu.people.selectors import unit_get

router = Router(tags=["Certification"])

MAX_PAGE_SIZE = 500


class RequirementOut(Schema):
    kind: str
    label: str
    description: str
    parameters: dict[str, Any]
    available: bool = Field(description="False when no installed capability checks this kind yet.")


class TierOut(Schema):
    slug: str
    name: str
    description: str
    rank: int
    validity_months: int
    reminder_days: int
    is_active: bool
    holders: int = Field(description="People holding a current certificate of this tier.")
    requirements: list[RequirementOut]


class CertificateOut(Schema):
    id: int
    code: str
    person_id: int
    holder_name: str
    tier: str = Field(description="The tier's slug.")
    tier_name: str
    issued_at: datetime
    expires_at: datetime
    status: str = Field(description="valid, expired or revoked.")
    revoked_at: datetime | None
    revoked_reason: str


class CertificatePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[CertificateOut]


class VerificationOut(Schema):
    code: str
    holder_name: str
    tier_name: str
    organisation: str
    issued_at: datetime
    expires_at: datetime
    status: str = Field(description="valid, expired or revoked.")
    revoked_at: datetime | None


class RevokeIn(Schema):
    reason: str = Field(description="Why the certificate is revoked; the holder is emailed it.")


class RegisterEntryOut(Schema):
    person_id: int
    name: str
    email: str
    unit: str
    audience: str
    tier: str
    tier_name: str
    valid_until: datetime
    expiring_soon: bool = Field(description="The certification ends within 30 days.")
    code: str
    standing: str = Field(description="listed (certified to speak), or suspended until something outstanding is done.")
    outstanding: list[str] = Field(
        description="For a suspended person: what they still have to do, such as acknowledging a policy."
    )


class CertificateQuery(PageQuery):
    tier: str = Field("", description="A tier slug.")
    status: str = Field("", description="valid, expiring (within 30 days), expired or revoked.")
    q: str = Field("", description="Part of the holder's name, or a certificate code.")
    limit: int = Field(100, ge=1, le=MAX_LIMIT_ASKED, description=f"At most {MAX_PAGE_SIZE}; larger values are capped.")


class RegisterQuery(Schema):
    unit: int | None = Field(None, description="A unit id; people in the units below it are included.")
    audience: str = ""
    tier: str = Field("", description="Only people whose highest tier is this one.")
    standing: str = Field(
        "listed",
        description=(
            "listed (default): who may speak now; suspended: certified people held back until they acknowledge "
            "every current policy that applies to them."
        ),
    )


def _certificate_out(certificate: Certificate) -> dict[str, Any]:
    return {
        "id": certificate.pk,
        "code": certificate.code,
        "person_id": certificate.person_id,
        "holder_name": certificate.holder_name,
        "tier": certificate.tier.slug,
        "tier_name": certificate.tier_name,
        "issued_at": certificate.issued_at,
        "expires_at": certificate.expires_at,
        "status": str(selectors.certificate_status(certificate)),
        "revoked_at": certificate.revoked_at,
        "revoked_reason": certificate.revoked_reason,
    }


@router.get("/orgs/{org_slug}/certification/tiers", response=list[TierOut], summary="List certification tiers")
def list_tiers(request: HttpRequest, org_slug: str) -> list[dict[str, Any]]:
    """Return the tiers by rank, each with its requirements and current holders."""
    context = api_context(request, org_slug, Capability.VIEW_OWN_CERTIFICATES)
    return [
        {
            "slug": view.tier.slug,
            "name": view.tier.name,
            "description": view.tier.description,
            "rank": view.tier.rank,
            "validity_months": view.tier.validity_months,
            "reminder_days": view.tier.reminder_days,
            "is_active": view.tier.is_active,
            "holders": view.holders,
            "requirements": [
                {
                    "kind": item.requirement.kind,
                    "label": item.label,
                    "description": item.description,
                    "parameters": item.requirement.parameters,
                    "available": item.available,
                }
                for item in view.requirements
            ],
        }
        for view in selectors.tier_list(organisation=context.organisation)
    ]


@router.get("/orgs/{org_slug}/certificates", response=CertificatePage, summary="List certificates")
def list_certificates(request: HttpRequest, org_slug: str, filters: Query[CertificateQuery]) -> dict[str, Any]:
    """Return the certificates issued, newest first, filtered by tier, status, holder or code."""
    context = api_context(request, org_slug, Capability.MANAGE_CERTIFICATION)
    certificates = selectors.certificate_search(
        organisation=context.organisation, tier_slug=filters.tier, status=filters.status, query=filters.q
    )
    limit = min(filters.limit, MAX_PAGE_SIZE)
    items = certificates[filters.offset : filters.offset + limit]
    return {
        "count": certificates.count(),
        "limit": limit,
        "offset": filters.offset,
        "items": [_certificate_out(c) for c in items],
    }


@router.get("/orgs/{org_slug}/me/certificates", response=list[CertificateOut], summary="List my certificates")
def list_my_certificates(request: HttpRequest, org_slug: str) -> list[dict[str, Any]]:
    """Return the signed-in person's own certificates, newest first."""
    context = api_context(request, org_slug, Capability.VIEW_OWN_CERTIFICATES)
    person = context.person
    if person is None:
        return []
    certificates = Certificate.objects.filter(organisation=context.organisation, person=person).select_related("tier")
    return [_certificate_out(c) for c in certificates.order_by("-issued_at", "-pk")]


@router.get("/orgs/{org_slug}/certificates/{certificate_id}", response=CertificateOut, summary="Get a certificate")
def get_certificate(request: HttpRequest, org_slug: str, certificate_id: int) -> dict[str, Any]:
    context = api_context(request, org_slug, Capability.MANAGE_CERTIFICATION)
    certificate = selectors.certificate_get(organisation=context.organisation, certificate_id=certificate_id)
    if certificate is None:
        raise Http404("There is no such certificate.")
    return _certificate_out(certificate)


@router.post(
    "/orgs/{org_slug}/certificates/{certificate_id}/revoke",
    response={200: CertificateOut, 422: ErrorOut},
    summary="Revoke a certificate",
)
def revoke_certificate(
    request: HttpRequest, org_slug: str, certificate_id: int, payload: RevokeIn
) -> Status[dict[str, Any]]:
    """Revoke the certificate with a reason; the holder is emailed and the public page shows it revoked."""
    context = api_context(request, org_slug, Capability.MANAGE_CERTIFICATION)
    certificate = selectors.certificate_get(organisation=context.organisation, certificate_id=certificate_id)
    if certificate is None:
        raise Http404("There is no such certificate.")
    services.certificate_revoke(certificate=certificate, reason=payload.reason, user=request.auth)  # type: ignore[attr-defined]
    return Status(200, _certificate_out(certificate))


@router.get(
    "/orgs/{org_slug}/certificate-codes/{code}", response=VerificationOut, summary="Verify a certificate by its code"
)
def verify_certificate(request: HttpRequest, org_slug: str, code: str) -> dict[str, Any]:
    """Return what the public verification page shows, for one of the organisation's certificates."""
    context = api_context(request, org_slug, Capability.VIEW_OWN_CERTIFICATES)
    certificate = selectors.certificate_by_code(code=code, organisation=context.organisation)
    if certificate is None:
        raise Http404("No certificate of this organisation has this code.")
    return {
        "code": code_display(certificate.code),
        "holder_name": certificate.holder_name,
        "tier_name": certificate.tier_name,
        "organisation": context.organisation.name,
        "issued_at": certificate.issued_at,
        "expires_at": certificate.expires_at,
        "status": str(selectors.certificate_status(certificate)),
        "revoked_at": certificate.revoked_at,
    }


@router.get(
    "/orgs/{org_slug}/spokesperson-register",
    response={200: list[RegisterEntryOut], 404: ErrorOut, 422: ErrorOut},
    summary="The spokesperson register",
)
def list_spokespeople(request: HttpRequest, org_slug: str, filters: Query[RegisterQuery]) -> Status[Any]:
    """Return who is certified to speak for the organisation now, at their highest tier, by name.

    Only people who have acknowledged every current policy that applies to them are listed; ask for
    ``standing=suspended`` to see the certified people held back until they do.
    """
    context = api_context(request, org_slug, Capability.VIEW_SPOKESPERSON_REGISTER)
    unit = None
    if filters.unit is not None:
        unit = unit_get(organisation=context.organisation, unit_id=filters.unit)
        if unit is None:
            return Status(404, {"detail": "There is no such unit in this organisation."})
    if filters.standing not in set(selectors.Standing):
        return Status(422, {"detail": "Set standing to listed or suspended."})
    entries = selectors.register_entries(
        organisation=context.organisation,
        unit=unit,
        audience=filters.audience,
        tier_slug=filters.tier,
        standing=filters.standing,
    )
    return Status(
        200,
        [
            {
                "person_id": e.person_id,
                "name": e.name,
                "email": e.email,
                "unit": e.unit,
                "audience": e.audience,
                "tier": e.tier_slug,
                "tier_name": e.tier_name,
                "valid_until": e.valid_until,
                "expiring_soon": e.expiring_soon,
                "code": e.code,
                "standing": str(e.standing),
                "outstanding": list(e.outstanding),
            }
            for e in entries
        ],
    )
