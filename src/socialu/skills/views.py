"""Pages of the skills app: find someone who can help, my skills, the taxonomy editor, standing exports."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socialu.core.downloads import download, download_written
from socialu.core.errors import DomainError
from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext, org_view
from socialu.people.models import Person
from socialu.people.selectors import person_for_user
from socialu.skills import exports, selectors, services
from socialu.skills.forms import EndorseForm, ExpertSearchForm, ProfileForm, SelfRatingForm, SkillForm
from socialu.skills.models import Skill

RESULTS_SHOWN = 25
NOT_LINKED = "Your account is not linked to a person in the roster yet; ask a programme admin to link it."


@require_GET
@org_view(Capability.FIND_SKILLED_PEOPLE)
def find(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Find someone who can help with a skill, ranked by evidence, each with the evidence that put them there."""
    skills = list(selectors.skills_in(organisation=org.organisation))
    form = ExpertSearchForm(request.GET or None, skills=skills)
    results = None
    unknown = ""
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        skill, platform = data["skill"], data["platform"]
        if data["q"]:
            named_skill, named_platform = selectors.terms_parse(organisation=org.organisation, text=data["q"])
            skill, platform = skill or named_skill, platform or named_platform
        if skill:
            query = selectors.ExpertQuery(
                skill=skill,
                platform=platform,
                location=data["location"],
                language=data["language"],
                time_zone=data["time_zone"],
                audience=data["audience"],
            )
            results = selectors.experts_find(organisation=org.organisation, query=query, limit=RESULTS_SHOWN)
        else:
            unknown = data["q"] or ""
    context = {
        "form": form,
        "results": results,
        "unknown": unknown,
        "has_skills": bool(skills),
        "shown": RESULTS_SHOWN,
    }
    return render(request, "skills/find.html", context)


def _rate(request: HttpRequest, org: OrgContext, person: Person, skills: list[Skill]) -> SelfRatingForm | None:
    """Save a self-rating from the POST; return the form with its errors, or None when saved."""
    form = SelfRatingForm(request.POST, skills=skills)
    if form.is_valid():
        level = form.cleaned_data["level"]
        try:
            services.self_rating_set(
                organisation=org.organisation,
                person=person,
                skill_slug=form.cleaned_data["skill"],
                level=int(level) if level else None,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your rating is saved. It counts for little next to evidence.")
            return None
    return form


def _preferences(request: HttpRequest, org: OrgContext, person: Person) -> ProfileForm | None:
    """Save listing preferences from the POST; return the form with its errors, or None when saved."""
    form = ProfileForm(request.POST)
    if form.is_valid():
        try:
            services.profile_update(organisation=org.organisation, person=person, **form.cleaned_data)
        except DomainError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, "Your preferences are saved.")
            return None
    return form


@require_http_methods(["GET", "POST"])
@org_view(Capability.FIND_SKILLED_PEOPLE)
def my_skills(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Show my evidence per skill; rate myself; choose whether colleagues can find me."""
    person = person_for_user(organisation=org.organisation, user_id=org.user_id)
    skills = list(selectors.skills_in(organisation=org.organisation))
    profile = selectors.profile_for(organisation=org.organisation, person=person) if person else None
    initial = {
        "listed": profile.listed if profile else True,
        "languages": ", ".join(profile.languages) if profile else "",
        "time_zone": profile.time_zone if profile else "",
    }
    profile_form = ProfileForm(initial=initial)
    rating_form = SelfRatingForm(skills=skills)
    if request.method == "POST":
        if person is None:
            messages.error(request, NOT_LINKED)
            return redirect("skills_mine", org.slug)
        if request.POST.get("action") == "rate":
            failed_rating = _rate(request, org, person, skills)
            if failed_rating is None:
                return redirect("skills_mine", org.slug)
            rating_form = failed_rating
        else:
            failed_profile = _preferences(request, org, person)
            if failed_profile is None:
                return redirect("skills_mine", org.slug)
            profile_form = failed_profile
    strengths = selectors.my_evidence(organisation=org.organisation, person=person) if person else []
    context = {
        "person": person,
        "strengths": strengths,
        "profile_form": profile_form,
        "rating_form": rating_form,
        "not_linked": NOT_LINKED,
    }
    return render(request, "skills/mine.html", context, status=422 if request.method == "POST" else 200)


@require_POST
@org_view(Capability.FIND_SKILLED_PEOPLE)
def endorse(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Endorse a colleague found in the search for a skill."""
    person = person_for_user(organisation=org.organisation, user_id=org.user_id)
    form = EndorseForm(request.POST)
    back = request.POST.get("next", "")
    if person is None:
        messages.error(request, NOT_LINKED)
    elif form.is_valid():
        try:
            endorsement = services.endorsement_add(
                organisation=org.organisation,
                endorser=person,
                person_id=form.cleaned_data["person_id"],
                skill_slug=form.cleaned_data["skill"],
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"You endorsed {endorsement.person.name} for {endorsement.skill.name}.")
    else:
        messages.error(request, "Choose a person and a skill to endorse.")
    if back.startswith(f"/o/{org.slug}/skills/"):
        return redirect(back)
    return redirect("skills_find", org.slug)


def _skill_or_404(org: OrgContext, slug: str) -> Skill:
    skill = selectors.skill_get(organisation=org.organisation, slug=slug, active_only=False)
    if skill is None:
        raise Http404("There is no such skill.")
    return skill


@require_http_methods(["GET", "POST"])
@org_view(Capability.MANAGE_SKILLS)
def taxonomy(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """List the taxonomy, add a skill, or load the shipped taxonomy again."""
    form = SkillForm(initial={"kind": "practice", "is_active": True})
    if request.method == "POST":
        if request.POST.get("action") == "load":
            result = services.taxonomy_load_shipped(organisation=org.organisation)
            messages.success(
                request,
                f"Shipped taxonomy loaded: {result.created} added, {result.updated} updated, "
                f"{result.unchanged} unchanged.",
            )
            return redirect("skills_taxonomy", org.slug)
        form = SkillForm(request.POST)
        if form.is_valid():
            try:
                skill = services.skill_save(organisation=org.organisation, create=True, **form.cleaned_data)
            except DomainError as error:
                _errors_to_form(form, error)
            else:
                messages.success(request, f"{skill.name} is added.")
                return redirect("skills_taxonomy", org.slug)
    skills = list(selectors.skills_in(organisation=org.organisation, active_only=False))
    status = 422 if request.method == "POST" else 200
    return render(request, "skills/taxonomy.html", {"skills": skills, "form": form}, status=status)


def _errors_to_form(form: forms.Form, error: DomainError) -> None:
    if not error.details:
        form.add_error(None, str(error))
    for field, problems in error.errors.items():
        form.add_error(field if field in form.fields else None, problems)


@require_http_methods(["GET", "POST"])
@org_view(Capability.MANAGE_SKILLS)
def skill_edit(request: HttpRequest, org: OrgContext, skill_slug: str) -> HttpResponse:
    """Edit one skill of the taxonomy (its slug stays)."""
    skill = _skill_or_404(org, skill_slug)
    initial = {
        "slug": skill.slug,
        "name": skill.name,
        "kind": skill.kind,
        "description": skill.description,
        "competencies": ", ".join(skill.competencies or []),
        "is_active": skill.is_active,
    }
    form = SkillForm(request.POST or None, initial=initial)
    form.fields["slug"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "slug": skill.slug}
        try:
            services.skill_save(organisation=org.organisation, **data)
        except DomainError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, f"{skill.name} is saved.")
            return redirect("skills_taxonomy", org.slug)
    status = 422 if request.method == "POST" else 200
    return render(request, "skills/skill_edit.html", {"skill": skill, "form": form}, status=status)


@require_GET
@org_view(Capability.MANAGE_SKILLS)
def standing_export(request: HttpRequest, org: OrgContext, skill_slug: str, extension: str) -> HttpResponse:
    """Download everyone's standing in a skill, with their evidence counts, as CSV or XLSX."""
    skill = _skill_or_404(org, skill_slug)
    filename = f"{org.slug}-{skill.slug}-standing.{extension}"
    if extension == "xlsx":
        return download_written(
            lambda out: exports.standing_xlsx_write(organisation=org.organisation, skill=skill, output=out),
            filename=filename,
        )
    return download(exports.standing_csv(organisation=org.organisation, skill=skill), filename=filename)
