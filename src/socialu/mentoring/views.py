"""Pages of mentoring, under ``/o/<org_slug>/mentoring/``: my pairings, and a programme for its admins."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_GET, require_POST

from socialu.core.downloads import download_written
from socialu.core.errors import DomainError
from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext, org_view
from socialu.mentoring import selectors, services
from socialu.mentoring.charts import load_chart
from socialu.mentoring.exports import pairings_export
from socialu.mentoring.models import Pairing, PairingStatus, Programme
from socialu.people.selectors import person_for_user


def _programme(org: OrgContext, programme_slug: str) -> Programme:
    programme = selectors.programme_get(organisation=org.organisation, slug=programme_slug)
    if programme is None:
        raise Http404
    return programme


def _pairing(org: OrgContext, pairing_id: int) -> Pairing:
    pairing = selectors.pairing_get(organisation=org.organisation, pairing_id=pairing_id)
    if pairing is None:
        raise Http404
    return pairing


@require_GET
@org_view(Capability.TAKE_PART_IN_MENTORING)
def mentoring_home(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Show the programmes and the signed-in person's pairings, with what they can do in each."""
    person = person_for_user(organisation=org.organisation, user_id=org.user_id)
    mine = list(selectors.pairings_of(organisation=org.organisation, person=person)) if person else []
    context = {
        "programmes": selectors.programme_list(organisation=org.organisation),
        "person": person,
        "pairings": mine,
        "statuses": PairingStatus,
        "by_programme": (
            selectors.outcomes_by_programme(organisation=org.organisation)
            if Capability.MANAGE_MENTORING in org.capabilities
            else []
        ),
    }
    return render(request, "mentoring/home.html", context)


@require_GET
@org_view(Capability.MANAGE_MENTORING)
def programme_page(request: HttpRequest, org: OrgContext, programme_slug: str) -> HttpResponse:
    """Show a programme to its admins: run and publish the match, every pairing, the outcomes."""
    programme = _programme(org, programme_slug)
    outcomes = selectors.outcomes(organisation=org.organisation, programme=programme)
    context = {
        "programme": programme,
        "pairings": selectors.pairings(organisation=org.organisation, programme=programme),
        "outcomes": outcomes,
        "chart": load_chart(outcomes.mentor_load["histogram"]),  # type: ignore[arg-type]
        "proposed": selectors.pairings(
            organisation=org.organisation, programme=programme, status=PairingStatus.PROPOSED
        ).count(),
    }
    return render(request, "mentoring/programme.html", context)


@require_POST
@org_view(Capability.MANAGE_MENTORING)
def programme_match(request: HttpRequest, org: OrgContext, programme_slug: str) -> HttpResponse:
    """Run the batch match."""
    programme = _programme(org, programme_slug)
    run = services.match_run(organisation=org.organisation, programme=programme)
    messages.success(request, f"{run.proposed} pair(s) proposed; {run.unmatched} mentee(s) without a mentor.")
    return redirect("mentoring_programme", org.slug, programme.slug)


@require_POST
@org_view(Capability.MANAGE_MENTORING)
def programme_publish(request: HttpRequest, org: OrgContext, programme_slug: str) -> HttpResponse:
    """Publish the proposals: both sides are asked to accept."""
    programme = _programme(org, programme_slug)
    count = services.proposals_publish(organisation=org.organisation, programme=programme)
    messages.success(request, f"{count} proposal(s) published; both sides are asked to accept.")
    return redirect("mentoring_programme", org.slug, programme.slug)


@require_GET
@org_view(Capability.MANAGE_MENTORING)
def programme_export_csv(request: HttpRequest, org: OrgContext, programme_slug: str) -> HttpResponse:
    """Download the programme's pairings as CSV."""
    programme = _programme(org, programme_slug)
    return download_written(
        lambda out: pairings_export(organisation=org.organisation, programme=programme, format="csv", output=out),
        filename=f"{org.slug}-{programme.slug}-pairings.csv",
    )


@require_GET
@org_view(Capability.MANAGE_MENTORING)
def programme_export_xlsx(request: HttpRequest, org: OrgContext, programme_slug: str) -> HttpResponse:
    """Download the programme's pairings as an XLSX workbook."""
    programme = _programme(org, programme_slug)
    return download_written(
        lambda out: pairings_export(organisation=org.organisation, programme=programme, format="xlsx", output=out),
        filename=f"{org.slug}-{programme.slug}-pairings.xlsx",
    )


@require_POST
@org_view(Capability.TAKE_PART_IN_MENTORING)
def pairing_answer(request: HttpRequest, org: OrgContext, pairing_id: int) -> HttpResponse:
    """Accept or decline a published match."""
    pairing = _pairing(org, pairing_id)
    person = person_for_user(organisation=org.organisation, user_id=org.user_id)
    answer = request.POST.get("answer", "")
    if person is None or answer not in ("accept", "decline"):
        messages.error(request, "Choose Accept or Decline.")
        return redirect("mentoring_home", org.slug)
    try:
        services.pairing_respond(pairing=pairing, person=person, accept=answer == "accept")
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Accepted." if answer == "accept" else "Declined: the place goes to a re-match.")
    return redirect("mentoring_home", org.slug)


@require_POST
@org_view(Capability.TAKE_PART_IN_MENTORING)
def pairing_check_in(request: HttpRequest, org: OrgContext, pairing_id: int) -> HttpResponse:
    """Record a check-in: did we meet, what we worked on, the next step."""
    pairing = _pairing(org, pairing_id)
    person = person_for_user(organisation=org.organisation, user_id=org.user_id)
    if person is None:
        messages.error(request, "Your account is not linked to a person in this organisation's roster.")
        return redirect("mentoring_home", org.slug)
    met_on = parse_date(request.POST.get("met_on", "") or "") if request.POST.get("met_on") else None
    try:
        services.check_in_record(
            pairing=pairing,
            person=person,
            met=request.POST.get("met") == "yes",
            met_on=met_on,
            worked_on=request.POST.get("worked_on", ""),
            next_step=request.POST.get("next_step", ""),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Check-in recorded.")
    return redirect("mentoring_home", org.slug)
