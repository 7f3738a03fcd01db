"""Pages of the champions network: the network and its coverage, nominating, deciding, the champions' space."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socialu.core.downloads import download, download_written
from socialu.core.errors import DomainError
from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext, org_view
from socialu.people.selectors import person_find, person_for_user, unit_get, unit_list
from socialu.skills.champions import selectors, services
from socialu.skills.champions.exports import champion_rows
from socialu.skills.champions.forms import AnnouncementForm, ChampionSettingsForm, DecisionForm, NominationForm
from socialu.skills.exports import csv_text, xlsx_write
from socialu.skills.models import ChampionTerm, Nomination


def _network_context(org: OrgContext, unit_id: int | None = None) -> dict[str, object]:
    unit = unit_get(organisation=org.organisation, unit_id=unit_id) if unit_id is not None else None
    if unit_id is not None and unit is None:
        raise Http404("There is no such unit.")
    terms = list(selectors.terms_current(organisation=org.organisation))
    if unit is not None:
        prefix = unit.path + " › "
        terms = [
            term
            for term in terms
            if term.person.unit and (term.person.unit_id == unit.pk or term.person.unit.path.startswith(prefix))
        ]
    settings = selectors.champion_settings(organisation=org.organisation)
    activity = (
        selectors.activity_for(organisation=org.organisation, people=[term.person for term in terms])
        if settings.leaderboard_enabled or org.can(Capability.MANAGE_CHAMPIONS)
        else []
    )
    return {
        "unit": unit,
        "terms": terms,
        "coverage": selectors.coverage(organisation=org.organisation, unit=unit),
        "settings": settings,
        "activity": activity,
        "badges": selectors.BADGES,
        "units": list(unit_list(organisation=org.organisation).filter(depth__lte=1)[:200]),
    }


@require_GET
@org_view(Capability.VIEW_CHAMPIONS)
def champions(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Show the champions network: who, where the gaps are, recognition; admins decide nominations here."""
    context = _network_context(org)
    if org.can(Capability.MANAGE_CHAMPIONS):
        context["pending"] = list(selectors.nominations_pending(organisation=org.organisation))
        context["settings_form"] = ChampionSettingsForm(
            initial={
                "leaderboard_enabled": context["settings"].leaderboard_enabled,  # type: ignore[attr-defined]
                "term_months": context["settings"].term_months,  # type: ignore[attr-defined]
            }
        )
    return render(request, "skills/champions.html", context)


@require_GET
@org_view(Capability.VIEW_CHAMPIONS)
def champions_unit(request: HttpRequest, org: OrgContext, unit_id: int) -> HttpResponse:
    """Show the champions of one unit and the sub-units and locations in it without one."""
    return render(request, "skills/champions.html", _network_context(org, unit_id))


@require_http_methods(["GET", "POST"])
@org_view(Capability.NOMINATE_CHAMPIONS)
def nominate(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Nominate yourself, someone you manage, or (as an admin) anyone, with a reason."""
    me = person_for_user(organisation=org.organisation, user_id=org.user_id)
    form = NominationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        identifier = form.cleaned_data["person"]
        person = person_find(organisation=org.organisation, identifier=identifier) if identifier else me
        if person is None:
            form.add_error("person", "Nobody in the roster has that employee ID or email address.")
        else:
            try:
                nomination = services.nomination_create(
                    organisation=org.organisation,
                    person_id=person.pk,
                    role=form.cleaned_data["role"],
                    reason=form.cleaned_data["reason"],
                    nominator=me,
                    nominator_user_id=org.user_id,
                    nominator_name=me.name if me else str(request.user),
                    as_admin=org.can(Capability.MANAGE_CHAMPIONS),
                )
            except DomainError as error:
                for field, problems in error.errors.items():
                    form.add_error(field if field in form.fields else None, problems)
                if not error.details:
                    form.add_error(None, str(error))
            else:
                messages.success(
                    request, f"{nomination.person.name} is nominated. A programme admin decides, and they will see it."
                )
                return redirect("champions", org.slug)
    status = 422 if request.method == "POST" else 200
    return render(request, "skills/nominate.html", {"form": form, "me": me}, status=status)


def _nomination_or_404(org: OrgContext, nomination_id: int) -> Nomination:
    found = selectors.nomination_get(organisation=org.organisation, nomination_id=nomination_id)
    if found is None:
        raise Http404("There is no such nomination.")
    return found


def _term_or_404(org: OrgContext, term_id: int) -> ChampionTerm:
    found = selectors.term_get(organisation=org.organisation, term_id=term_id)
    if found is None:
        raise Http404("There is no such term.")
    return found


@require_POST
@org_view(Capability.MANAGE_CHAMPIONS)
def nomination_decide(request: HttpRequest, org: OrgContext, nomination_id: int) -> HttpResponse:
    """Approve or decline a nomination."""
    nomination = _nomination_or_404(org, nomination_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose approve or decline.")
        return redirect("champions", org.slug)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        term = services.nomination_decide(
            organisation=org.organisation,
            nomination=nomination,
            approve=approve,
            decided_by_id=org.user_id,
            note=form.cleaned_data["note"],
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        if term is not None:
            messages.success(
                request,
                f"{nomination.person.name} is a {term.get_role_display().lower()} until {term.ends_on:%d %B %Y}.",
            )
        else:
            messages.success(request, f"The nomination of {nomination.person.name} is declined.")
    return redirect("champions", org.slug)


def _term_change(request: HttpRequest, org: OrgContext, term_id: int, *, renew: bool) -> HttpResponse:
    term = _term_or_404(org, term_id)
    try:
        if renew:
            services.term_renew(organisation=org.organisation, term=term)
        else:
            services.term_end(organisation=org.organisation, term=term)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        done = f"now runs until {term.ends_on:%d %B %Y}" if renew else "has ended"
        messages.success(request, f"{term.person.name}'s term {done}.")
    return redirect("champions", org.slug)


@require_POST
@org_view(Capability.MANAGE_CHAMPIONS)
def term_renew(request: HttpRequest, org: OrgContext, term_id: int) -> HttpResponse:
    """Renew a term for another term length."""
    return _term_change(request, org, term_id, renew=True)


@require_POST
@org_view(Capability.MANAGE_CHAMPIONS)
def term_end(request: HttpRequest, org: OrgContext, term_id: int) -> HttpResponse:
    """End a term today."""
    return _term_change(request, org, term_id, renew=False)


@require_POST
@org_view(Capability.MANAGE_CHAMPIONS)
def settings_update(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Turn the recognition table on or off; set the term length."""
    form = ChampionSettingsForm(request.POST)
    if form.is_valid():
        try:
            services.champion_settings_update(organisation=org.organisation, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Champion settings saved.")
    else:
        messages.error(request, "Choose a term length from 1 to 60 months.")
    return redirect("champions", org.slug)


@require_http_methods(["GET", "POST"])
@org_view(Capability.USE_CHAMPION_SPACE)
def space(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """The champions' own space: announcements, newest first; any champion or admin may post."""
    form = AnnouncementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        me = person_for_user(organisation=org.organisation, user_id=org.user_id)
        try:
            services.announcement_post(
                organisation=org.organisation,
                author_id=org.user_id,
                author_name=me.name if me else str(request.user),
                **form.cleaned_data,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Posted to the champions' space.")
            return redirect("champions_space", org.slug)
    context = {"form": form, "posts": selectors.announcements(organisation=org.organisation, limit=50)}
    return render(request, "skills/space.html", context, status=422 if request.method == "POST" else 200)


@require_GET
@org_view(Capability.MANAGE_CHAMPIONS)
def register_export(request: HttpRequest, org: OrgContext, extension: str) -> HttpResponse:
    """Download the running terms with their activity as CSV or XLSX."""
    rows = champion_rows(organisation=org.organisation)
    filename = f"{org.slug}-champions.{extension}"
    if extension == "xlsx":
        return download_written(lambda out: xlsx_write(rows, title="Champions", output=out), filename=filename)
    return download(csv_text(rows), filename=filename)
