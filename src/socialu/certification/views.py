"""Certification pages: my certificates, the admin's tiers and certificates, the spokesperson register."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socialu.certification import selectors, services
from socialu.certification.awarding import code_display
from socialu.certification.documents import certificate_filename, certificate_pdf
from socialu.certification.exports import register_csv_lines
from socialu.certification.forms import (
    CertificateFilterForm,
    RegisterFilterForm,
    RequirementForm,
    RevokeForm,
    TierForm,
)
from socialu.certification.models import Certificate, Tier
from socialu.certification.requirements import requirement_kinds
from socialu.core.downloads import download, download_lines
from socialu.core.models import Organisation
from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext, org_view
from socialu.people.models import Unit
from socialu.people.selectors import person_for_user, unit_get, unit_list

NOT_LINKED = (
    "Your account is not linked to a person in this organisation's roster yet, so SocialU cannot show your "
    "certificates. Ask your programme admin to link it."
)
PAGE_SIZE = 50


def _tier_or_404(org: OrgContext, tier_slug: str) -> Tier:
    tier = selectors.tier_get(organisation=org.organisation, slug=tier_slug)
    if tier is None:
        raise Http404("There is no such tier.")
    return tier


def _certificate_or_404(org: OrgContext, certificate_id: int) -> Certificate:
    certificate = selectors.certificate_get(organisation=org.organisation, certificate_id=certificate_id)
    if certificate is None:
        raise Http404("There is no such certificate.")
    return certificate


# --- For everyone --------------------------------------------------------------------------


@require_GET
@org_view(Capability.VIEW_OWN_CERTIFICATES)
def my_certificates(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Show each tier: the certificate held, or what is left to earn it; download and recertify."""
    person = person_for_user(organisation=org.organisation, user_id=org.user_id)
    tiers = selectors.my_certification(organisation=org.organisation, person=person) if person else []
    standing = selectors.my_standing(organisation=org.organisation, person=person) if person else None
    context = {"person": person, "tiers": tiers, "not_linked": NOT_LINKED, "standing": standing}
    return render(request, "certification/my_certificates.html", context)


@require_GET
@org_view(Capability.VIEW_OWN_CERTIFICATES)
def certificate_download(request: HttpRequest, org: OrgContext, certificate_id: int) -> HttpResponse:
    """Download a certificate as PDF: the holder's own, or any for a programme admin."""
    certificate = _certificate_or_404(org, certificate_id)
    if certificate.person.user_id != org.user_id and not org.can(Capability.MANAGE_CERTIFICATION):
        raise Http404("There is no such certificate.")
    return download(certificate_pdf(certificate=certificate), filename=certificate_filename(certificate))


@require_POST
@org_view(Capability.VIEW_OWN_CERTIFICATES)
def tier_recertify(request: HttpRequest, org: OrgContext, tier_slug: str) -> HttpResponse:
    """Start renewing a certificate: enrol again in the tier's courses and go to the first quiz."""
    tier = _tier_or_404(org, tier_slug)
    person = person_for_user(organisation=org.organisation, user_id=org.user_id)
    if person is None:
        messages.error(request, NOT_LINKED)
        return redirect("my_certificates", org.slug)
    try:
        slugs = services.recertification_start(person=person, tier=tier)
    except services.CertificationError as error:
        messages.error(request, str(error))
        return redirect("my_certificates", org.slug)
    messages.success(
        request,
        f"You are enrolled again for {tier.name}. Pass the quiz once more and a new certificate is issued at once.",
    )
    return redirect("quiz_take", org.slug, slugs[0])


# --- For programme admins ---------------------------------------------------------------------


@require_GET
@org_view(Capability.MANAGE_CERTIFICATION)
def certification_admin(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """List the tiers with their requirements and holders; install the defaults; award now."""
    tiers = selectors.tier_list(organisation=org.organisation)
    warnings = selectors.tier_nesting_warnings(organisation=org.organisation)
    return render(request, "certification/admin.html", {"tiers": tiers, "nesting_warnings": warnings})


@require_POST
@org_view(Capability.MANAGE_CERTIFICATION)
def certification_install_default(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Install the default tiers the organisation does not have yet."""
    created = services.tiers_install_default(organisation=org.organisation)
    if created:
        names = ", ".join(tier.name for tier in created)
        messages.success(request, f"Installed {names}. Check their requirements, then award certificates.")
    else:
        messages.info(request, "The default tiers were already installed.")
    return redirect("certification_admin", org.slug)


@require_POST
@org_view(Capability.MANAGE_CERTIFICATION)
def certification_award(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Check everyone against every tier now and issue the certificates they have earned."""
    issued = services.certificates_award(organisation=org.organisation)
    services.certificates_announce(organisation=org.organisation, certificates=issued)
    if issued:
        messages.success(request, f"Issued {len(issued)} certificate{'s' if len(issued) != 1 else ''}.")
    else:
        messages.info(request, "Nobody has newly earned a tier since the last check.")
    return redirect("certification_admin", org.slug)


def _flow_yaml(example: Mapping[str, Any]) -> str:
    """Return a kind's example settings as one line of YAML, as an admin would type them."""
    return yaml.safe_dump(dict(example), default_flow_style=True, sort_keys=False).strip() if example else ""


def _tier_page(request: HttpRequest, org: OrgContext, tier: Tier, form: TierForm, add: RequirementForm) -> HttpResponse:
    view = next(item for item in selectors.tier_list(organisation=org.organisation) if item.tier.pk == tier.pk)
    kinds = [(kind, _flow_yaml(kind.example)) for kind in requirement_kinds()]
    warnings = [
        warning
        for warning in selectors.tier_nesting_warnings(organisation=org.organisation)
        if warning.tier.pk == tier.pk
    ]
    context = {"tier": tier, "view": view, "form": form, "add": add, "kinds": kinds, "nesting_warnings": warnings}
    status = 200 if not (form.errors or add.errors) else 400
    return render(request, "certification/tier_edit.html", context, status=status)


@require_http_methods(["GET", "POST"])
@org_view(Capability.MANAGE_CERTIFICATION)
def tier_edit(request: HttpRequest, org: OrgContext, tier_slug: str) -> HttpResponse:
    """Change a tier's settings and see its requirements."""
    tier = _tier_or_404(org, tier_slug)
    form = TierForm(request.POST if request.method == "POST" else None, instance=tier)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.tier_update(
                tier=tier,
                name=data["name"],
                description=data["description"],
                validity_months=data["validity_months"],
                reminder_days=data["reminder_days"],
                is_active=data["is_active"],
            )
        except services.CertificationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{tier.name} is saved.")
            return redirect("tier_edit", org.slug, tier.slug)
    return _tier_page(request, org, tier, form, RequirementForm())


@require_POST
@org_view(Capability.MANAGE_CERTIFICATION)
def requirement_add_view(request: HttpRequest, org: OrgContext, tier_slug: str) -> HttpResponse:
    """Add a requirement of a registered kind, with settings checked by that kind."""
    tier = _tier_or_404(org, tier_slug)
    add = RequirementForm(request.POST)
    if add.is_valid():
        try:
            services.requirement_add(
                tier=tier, kind=add.cleaned_data["kind"], parameters=add.cleaned_data["parameters"]
            )
        except services.CertificationError as error:
            add.add_error("parameters", str(error))
        else:
            messages.success(request, f"Requirement added to {tier.name}.")
            return redirect("tier_edit", org.slug, tier.slug)
    return _tier_page(request, org, tier, TierForm(instance=tier), add)


@require_POST
@org_view(Capability.MANAGE_CERTIFICATION)
def requirement_remove_view(request: HttpRequest, org: OrgContext, tier_slug: str, requirement_id: int) -> HttpResponse:
    """Remove a requirement from a tier."""
    tier = _tier_or_404(org, tier_slug)
    requirement = selectors.requirement_get(tier=tier, requirement_id=requirement_id)
    if requirement is None:
        raise Http404("There is no such requirement.")
    services.requirement_remove(requirement=requirement)
    messages.success(request, f"Requirement removed from {tier.name}.")
    return redirect("tier_edit", org.slug, tier.slug)


@require_GET
@org_view(Capability.MANAGE_CERTIFICATION)
def certificates_admin(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """List every certificate issued, filtered by tier, status, holder or code."""
    tiers = [view.tier for view in selectors.tier_list(organisation=org.organisation)]
    form = CertificateFilterForm(request.GET or None, tiers=tiers)
    filters = form.cleaned_data if form.is_valid() else {}
    certificates = selectors.certificate_search(
        organisation=org.organisation,
        tier_slug=filters.get("tier", ""),
        status=filters.get("status", ""),
        query=filters.get("q", ""),
    )
    page = Paginator(certificates, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "tiers": tiers, "now": timezone.now()}
    return render(request, "certification/certificates.html", context)


def _certificate_page(request: HttpRequest, certificate: Certificate, form: RevokeForm) -> HttpResponse:
    context = {
        "certificate": certificate,
        "code": code_display(certificate.code),
        "status": selectors.certificate_status(certificate),
        "form": form,
    }
    return render(request, "certification/certificate_detail.html", context, status=400 if form.errors else 200)


@require_GET
@org_view(Capability.MANAGE_CERTIFICATION)
def certificate_detail(request: HttpRequest, org: OrgContext, certificate_id: int) -> HttpResponse:
    """Show one certificate with its evidence, and the form to revoke it."""
    return _certificate_page(request, _certificate_or_404(org, certificate_id), RevokeForm())


@require_POST
@org_view(Capability.MANAGE_CERTIFICATION)
def certificate_revoke_view(request: HttpRequest, org: OrgContext, certificate_id: int) -> HttpResponse:
    """Revoke a certificate with a reason (confirmed); the holder is emailed."""
    certificate = _certificate_or_404(org, certificate_id)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.certificate_revoke(certificate=certificate, reason=form.cleaned_data["reason"], user=request.user)
        except services.CertificationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"The certificate of {certificate.holder_name} is revoked; they were emailed.")
            return redirect("certificate_detail", org.slug, certificate.pk)
    return _certificate_page(request, certificate, form)


# --- The spokesperson register ---------------------------------------------------------------


@dataclass(frozen=True)
class _RegisterRequest:
    form: RegisterFilterForm
    unit: Unit | None
    audience: str
    tier_slug: str
    standing: str

    def certificates(self, organisation: Organisation, standing: str | None = None) -> QuerySet[Certificate]:
        return selectors.register_queryset(
            organisation=organisation,
            unit=self.unit,
            audience=self.audience,
            tier_slug=self.tier_slug,
            standing=standing or self.standing,
        )


def _register(request: HttpRequest, org: OrgContext) -> _RegisterRequest:
    tiers = [view.tier for view in selectors.tier_list(organisation=org.organisation)]
    form = RegisterFilterForm(request.GET or None, units=list(unit_list(organisation=org.organisation)), tiers=tiers)
    filters = form.cleaned_data if form.is_valid() else {}
    unit = unit_get(organisation=org.organisation, unit_id=filters["unit"]) if filters.get("unit") else None
    return _RegisterRequest(
        form=form,
        unit=unit,
        audience=filters.get("audience", ""),
        tier_slug=filters.get("tier", ""),
        standing=filters.get("standing") or selectors.Standing.LISTED,
    )


@require_GET
@org_view(Capability.VIEW_SPOKESPERSON_REGISTER)
def spokesperson_register(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """List who may currently speak for the organisation, at which tier and until when, and who is suspended."""
    wanted = _register(request, org)
    certificates = wanted.certificates(org.organisation)
    page = Paginator(certificates, PAGE_SIZE).get_page(request.GET.get("page"))
    suspended_view = wanted.standing == selectors.Standing.SUSPENDED
    query = request.GET.copy()
    query.pop("page", None)
    other_standing = selectors.Standing.LISTED if suspended_view else selectors.Standing.SUSPENDED
    other = query.copy()
    other["standing"] = other_standing
    entries = selectors.register_entries_for(
        organisation=org.organisation, certificates=page.object_list, standing=wanted.standing
    )
    context = {
        "form": wanted.form,
        "page": page,
        "entries": list(entries),
        "total": page.paginator.count,
        "expiring": selectors.register_expiring_count(certificates),
        "query": query.urlencode(),
        "other_query": other.urlencode(),
        "other_total": wanted.certificates(org.organisation, other_standing).count(),
        "suspended_view": suspended_view,
        "days": selectors.EXPIRING_SOON_DAYS,
    }
    return render(request, "certification/register.html", context)


@require_GET
@org_view(Capability.VIEW_SPOKESPERSON_REGISTER)
def spokesperson_register_csv(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Download the register, with the same filters, as CSV."""
    wanted = _register(request, org)
    entries = selectors.register_entries_for(
        organisation=org.organisation,
        certificates=wanted.certificates(org.organisation).iterator(chunk_size=2000),
        standing=wanted.standing,
    )
    suffix = "-suspended" if wanted.standing == selectors.Standing.SUSPENDED else ""
    return download_lines(register_csv_lines(entries), filename=f"{org.slug}-spokesperson-register{suffix}.csv")
