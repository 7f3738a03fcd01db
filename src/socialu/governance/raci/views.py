"""Pages of the "who does what" (RACI) matrix: the matrix for everyone, the editor and exports."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socialu.core.downloads import download
from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext, org_view
from socialu.governance.models import RaciActivity, RaciLetter, RaciParty, RaciPartyKind
from socialu.governance.raci import selectors, services
from socialu.governance.raci.exports import raci_csv_text, raci_xlsx_bytes
from socialu.governance.raci.forms import RaciActivityForm, RaciPartyForm
from socialu.people.selectors import person_for_user

LETTER_CHOICES = [("", "—"), *((str(value), str(value)) for value, _ in RaciLetter.choices)]


def _activity_or_404(org: OrgContext, activity_id: int) -> RaciActivity:
    activity = selectors.raci_activity_get(organisation=org.organisation, activity_id=activity_id)
    if activity is None:
        raise Http404("There is no such activity.")
    return activity


def _party_or_404(org: OrgContext, party_id: int) -> RaciParty:
    party = selectors.raci_party_get(organisation=org.organisation, party_id=party_id)
    if party is None:
        raise Http404("There is no such party.")
    return party


def _yours(org: OrgContext, matrix: selectors.RaciMatrix) -> set[int]:
    """Return the ids of the columns that describe the signed-in person: their roles, or them by name."""
    person = person_for_user(organisation=org.organisation, user_id=org.user_id)
    return {
        party.pk
        for party in matrix.parties
        if (party.kind == RaciPartyKind.ROLE and party.role in org.roles)
        or (party.kind == RaciPartyKind.PERSON and person is not None and party.person_id == person.pk)
    }


@require_GET
@org_view(Capability.VIEW_RACI)
def raci(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Show everyone who does what on social media: a matrix on wide screens, one card per activity on phones."""
    matrix = selectors.raci_matrix(organisation=org.organisation)
    yours = _yours(org, matrix)
    your_part = []
    for row in matrix.rows:
        letters = sorted(
            {letter for party, letter in zip(matrix.parties, row.letters, strict=True) if letter and party.pk in yours},
            key="RACI".index,
        )
        if letters:
            your_part.append((row.activity, [(letter, RaciLetter(letter).label) for letter in letters]))
    columns = list(zip(matrix.parties, matrix.labels, strict=True))
    table = [(row, list(zip(matrix.parties, row.letters, strict=True))) for row in matrix.rows]
    context = {
        "matrix": matrix,
        "columns": columns,
        "table": table,
        "yours": yours,
        "your_part": your_part,
        "letters": [
            (str(value), label, selectors.LETTER_HELP[RaciLetter(value)]) for value, label in RaciLetter.choices
        ],
    }
    return render(request, "governance/raci.html", context)


def _editor(
    request: HttpRequest,
    org: OrgContext,
    *,
    values: Mapping[str, str] | None = None,
    errors: Mapping[int, str] | None = None,
    activity_form: RaciActivityForm | None = None,
    party_form: RaciPartyForm | None = None,
    status: int = 200,
) -> HttpResponse:
    matrix = selectors.raci_matrix(organisation=org.organisation)
    errors = errors or {}
    rows = []
    for row in matrix.rows:
        cells = []
        for party, label, letter in zip(matrix.parties, matrix.labels, row.letters, strict=True):
            name = f"cell-{row.activity.pk}-{party.pk}"
            value = values.get(name, "") if values is not None else letter
            cells.append({"name": name, "label": label, "value": value})
        rows.append({"activity": row.activity, "cells": cells, "error": errors.get(row.activity.pk, "")})
    context: dict[str, Any] = {
        "matrix": matrix,
        "columns": list(zip(matrix.parties, matrix.labels, strict=True)),
        "rows": rows,
        "errors": [(pk, message) for pk, message in errors.items()],
        "choices": LETTER_CHOICES,
        "letters": [
            (str(value), label, selectors.LETTER_HELP[RaciLetter(value)]) for value, label in RaciLetter.choices
        ],
        "activity_form": activity_form or RaciActivityForm(),
        "party_form": party_form or RaciPartyForm(organisation=org.organisation),
    }
    return render(request, "governance/raci_edit.html", context, status=status)


def _grid_from_post(org: OrgContext, data: Mapping[str, str]) -> dict[int, dict[int, str]]:
    """Return the cells the form sent, as activity id → party id → letter (cells not sent are left alone)."""
    matrix = selectors.raci_matrix(organisation=org.organisation)
    grid: dict[int, dict[int, str]] = {}
    for row in matrix.rows:
        for party in matrix.parties:
            name = f"cell-{row.activity.pk}-{party.pk}"
            if name in data:
                grid.setdefault(row.activity.pk, {})[party.pk] = data[name]
    return grid


@require_http_methods(["GET", "POST"])
@org_view(Capability.MANAGE_RACI)
def raci_edit(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Edit the letters of every activity at once; errors name the activity and nothing typed is lost."""
    if request.method != "POST":
        return _editor(request, org)
    values = {name: str(value) for name, value in request.POST.items() if name.startswith("cell-")}
    try:
        changed = services.raci_assignments_save(organisation=org.organisation, grid=_grid_from_post(org, request.POST))
    except services.RaciGridError as error:
        return _editor(request, org, values=values, errors=error.activity_errors, status=422)
    except services.RaciError as error:
        messages.error(request, str(error))
        return _editor(request, org, values=values, status=422)
    messages.success(request, f"Saved: {changed} change{'s' if changed != 1 else ''}.")
    return redirect("raci", org.slug)


@require_POST
@org_view(Capability.MANAGE_RACI)
def raci_install_default_view(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Install SocialU's default matrix, then open it."""
    if services.raci_install_default(organisation=org.organisation):
        messages.success(request, "The default “who does what” is installed. Adjust it to how your teams work.")
    else:
        messages.info(request, "This organisation already has a “who does what”; nothing was changed.")
    return redirect("raci", org.slug)


@require_POST
@org_view(Capability.MANAGE_RACI)
def raci_activity_add(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Add an activity at the end of the matrix."""
    form = RaciActivityForm(request.POST)
    if form.is_valid():
        try:
            activity = services.raci_activity_create(organisation=org.organisation, **form.cleaned_data)
        except services.RaciError as error:
            form.add_error("name", str(error))
        else:
            messages.success(request, f"“{activity.name}” is added. Give it an Accountable and a Responsible party.")
            return redirect(f"{_edit_url(org)}#activity-{activity.pk}")
    return _editor(request, org, activity_form=form, status=422)


@require_POST
@org_view(Capability.MANAGE_RACI)
def raci_party_add(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Add a column: a SocialU role, a function or team, or a named person."""
    form = RaciPartyForm(request.POST, organisation=org.organisation)
    if form.is_valid():
        try:
            party = services.raci_party_create(organisation=org.organisation, **form.values())
        except services.RaciError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"“{selectors.party_label(party)}” is added as a column.")
            return redirect("raci_edit", org.slug)
    return _editor(request, org, party_form=form, status=422)


def _edit_url(org: OrgContext) -> str:
    return reverse("raci_edit", args=[org.slug])


@require_http_methods(["GET", "POST"])
@org_view(Capability.MANAGE_RACI)
def raci_activity_edit(request: HttpRequest, org: OrgContext, raci_activity_id: int) -> HttpResponse:
    """Rename an activity, change its description, move it or remove it."""
    activity = _activity_or_404(org, raci_activity_id)
    initial = {"name": activity.name, "description": activity.description}
    form = RaciActivityForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        action = request.POST.get("action", "save")
        if action in {"up", "down"}:
            services.raci_activity_move(activity=activity, up=action == "up")
            return redirect(f"{_edit_url(org)}#activity-{activity.pk}")
        if action == "remove":
            services.raci_activity_delete(activity=activity)
            messages.success(request, f"“{activity.name}” is removed.")
            return redirect("raci_edit", org.slug)
        if form.is_valid():
            try:
                services.raci_activity_update(activity=activity, **form.cleaned_data)
            except services.RaciError as error:
                form.add_error("name", str(error))
            else:
                messages.success(request, f"“{activity.name}” is saved.")
                return redirect("raci_edit", org.slug)
    return render(request, "governance/raci_activity_edit.html", {"form": form, "activity": activity})


@require_POST
@org_view(Capability.MANAGE_RACI)
def raci_party_remove(request: HttpRequest, org: OrgContext, raci_party_id: int) -> HttpResponse:
    """Remove a column, unless an activity would be left without its Accountable or Responsible party."""
    party = _party_or_404(org, raci_party_id)
    label = selectors.party_label(party)
    try:
        services.raci_party_delete(party=party)
    except services.RaciError as error:
        messages.error(request, f"“{label}” cannot be removed yet. {error}")
    else:
        messages.success(request, f"“{label}” is removed.")
    return redirect("raci_edit", org.slug)


@require_GET
@org_view(Capability.VIEW_RACI)
def raci_export_csv(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Download the matrix as CSV."""
    return download(raci_csv_text(organisation=org.organisation), filename=f"{org.slug}-raci.csv")


@require_GET
@org_view(Capability.VIEW_RACI)
def raci_export_xlsx(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Download the matrix as Excel; every cell is text, never a formula."""
    return download(raci_xlsx_bytes(organisation=org.organisation), filename=f"{org.slug}-raci.xlsx")
