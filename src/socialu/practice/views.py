"""Learner pages of the practice sandbox: the scenarios, the composer, an attempt, My practice."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext, org_view
from socialu.core.text import keeps_control_characters
from socialu.people.models import Person
from socialu.people.selectors import person_for_user
from socialu.practice import presenting, selectors, services
from socialu.practice.checking import draft_check
from socialu.practice.drafting import MAX_SUBMIT_CHARACTERS, clean_draft_text, controls_message, too_long_message
from socialu.practice.forms import PracticeDraftForm, ScenarioFilterForm
from socialu.practice.models import AttemptStatus, Scenario
from socialu.preflight.presenting import platform_limits
from socialu.preflight.selectors import rule_set_for

NOT_LINKED = (
    "Your account is not linked to a person in this organisation's roster yet, so SocialU cannot keep your practice "
    "answers. You can read the scenarios; ask your programme admin to link your account to start practising."
)


def _person(org: OrgContext) -> Person | None:
    return person_for_user(organisation=org.organisation, user_id=org.user_id)


def _scenario_or_404(org: OrgContext, scenario_slug: str) -> Scenario:
    scenario = selectors.scenario_get(organisation=org.organisation, slug=scenario_slug)
    if scenario is None:
        raise Http404("There is no such scenario.")
    return scenario


@require_GET
@org_view(Capability.PRACTISE)
def scenario_list(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """List the active scenarios, filtered by platform, difficulty, situation and audience."""
    form = ScenarioFilterForm(request.GET or None)
    values = form.cleaned_data if form.is_valid() else {}
    filters = selectors.ScenarioFilters(**{key: values.get(key) or "" for key in ScenarioFilterForm.base_fields})
    person = _person(org)
    scenarios = selectors.scenario_list(organisation=org.organisation, filters=filters)
    latest = selectors.latest_attempts(organisation=org.organisation, person=person)
    context = {
        "form": form,
        "filters": filters,
        "scenarios": [
            (
                scenario,
                presenting.platform_label(scenario.platform),
                presenting.situation_label(scenario.situation_type),
                latest.get(scenario.pk),
            )
            for scenario in scenarios
        ],
        "person": person,
        "any_installed": selectors.scenarios_exist(organisation=org.organisation),
        "not_linked": NOT_LINKED,
    }
    return render(request, "practice/scenarios.html", context)


def _scenario_context(org: OrgContext, scenario: Scenario, person: Person | None, **extra: Any) -> dict[str, Any]:
    submitted = (
        selectors.submitted_attempts(organisation=org.organisation, person=person, scenario=scenario) if person else []
    )
    return {
        "scenario": scenario,
        "person": person,
        "platform_label": presenting.platform_label(scenario.platform),
        "situation_label": presenting.situation_label(scenario.situation_type),
        "rubric": presenting.rubric_rows(scenario),
        "submitted": submitted,
        "limits": platform_limits(rule_set_for(organisation=org.organisation)),
        "max_submit": MAX_SUBMIT_CHARACTERS,
        "not_linked": NOT_LINKED,
        **extra,
    }


@require_http_methods(["GET", "POST"])
@org_view(Capability.PRACTISE)
@keeps_control_characters
def scenario_page(request: HttpRequest, org: OrgContext, scenario_slug: str) -> HttpResponse:
    """Show the brief and the composer; a POST saves the draft or submits it for review."""
    scenario = _scenario_or_404(org, scenario_slug)
    person = _person(org)
    if request.method == "GET" or person is None:
        draft = selectors.draft_for(organisation=org.organisation, person=person, scenario=scenario) if person else None
        form = PracticeDraftForm(scenario=scenario, initial={"text": draft.text if draft else ""})
        text = draft.text if draft else ""
        checked = draft_check(organisation=org.organisation, scenario=scenario, text=text) if text else None
        context = _scenario_context(org, scenario, person, form=form, checked=checked, draft=draft)
        return render(request, "practice/scenario.html", context)
    form = PracticeDraftForm(request.POST, scenario=scenario)
    typed = request.POST.get("text", "")
    error = ""
    notice = controls_message(clean_draft_text(typed).removed_controls)
    try:
        if request.POST.get("action") == "submit":
            attempt = services.attempt_submit(
                organisation=org.organisation, person=person, scenario=scenario, text=typed
            )
            messages.success(request, "Your answer is submitted for review. Here is the model answer to compare.")
            if notice:
                messages.info(request, notice)
            return redirect("practice_attempt", org.slug, attempt.pk)
        saved = services.attempt_draft_save(organisation=org.organisation, person=person, scenario=scenario, text=typed)
    except services.PracticeError as failure:
        error = failure.message
    else:
        if saved.cleaned.too_long_to_submit:
            error = too_long_message(len(saved.cleaned.text))
        else:
            messages.success(request, "Your draft is saved.")
            if notice:
                messages.info(request, notice)
            return redirect("practice_scenario", org.slug, scenario.slug)
    # Re-show exactly what was typed, with the problem next to it: nothing is lost.
    checked = draft_check(organisation=org.organisation, scenario=scenario, text=typed) if typed.strip() else None
    draft = selectors.draft_for(organisation=org.organisation, person=person, scenario=scenario)
    context = _scenario_context(
        org, scenario, person, form=form, checked=checked, draft=draft, error=error, notice=notice
    )
    return render(request, "practice/scenario.html", context, status=400)


@require_POST
@org_view(Capability.PRACTISE)
@keeps_control_characters
def scenario_findings(request: HttpRequest, org: OrgContext, scenario_slug: str) -> HttpResponse:
    """Return the pre-flight verdict and findings for the draft as typed (the composer asks as you type)."""
    scenario = _scenario_or_404(org, scenario_slug)
    form = PracticeDraftForm(request.POST, scenario=scenario)
    text = clean_draft_text(request.POST.get("text", "")).text
    checked = draft_check(organisation=org.organisation, scenario=scenario, text=text) if text.strip() else None
    too_long = too_long_message(len(text)) if len(text) > MAX_SUBMIT_CHARACTERS else ""
    return render(request, "practice/_findings.html", {"form": form, "checked": checked, "too_long": too_long})


@require_POST
@org_view(Capability.PRACTISE)
@keeps_control_characters
def scenario_autosave(request: HttpRequest, org: OrgContext, scenario_slug: str) -> HttpResponse:
    """Save the draft as typed and say so (the composer saves a few seconds after typing stops)."""
    scenario = _scenario_or_404(org, scenario_slug)
    person = _person(org)
    if person is None:
        return render(request, "practice/_saved.html", {"error": NOT_LINKED})
    try:
        saved = services.attempt_draft_save(
            organisation=org.organisation, person=person, scenario=scenario, text=request.POST.get("text", "")
        )
    except services.PracticeError as failure:
        return render(request, "practice/_saved.html", {"error": failure.message})
    notes = [controls_message(saved.cleaned.removed_controls)]
    if saved.cleaned.too_long_to_submit:
        notes.append(too_long_message(len(saved.cleaned.text)))
    return render(request, "practice/_saved.html", {"saved": saved.attempt, "notes": [n for n in notes if n]})


@require_GET
@org_view(Capability.PRACTISE)
def attempt_page(request: HttpRequest, org: OrgContext, attempt_id: int) -> HttpResponse:
    """Show an attempt: the answer, its pre-flight verdict, the model answer and every review."""
    attempt = selectors.attempt_get(organisation=org.organisation, attempt_id=attempt_id)
    if attempt is None or not selectors.attempt_visible_to(attempt, user_id=org.user_id):
        raise Http404("There is no such attempt.")
    own = selectors.is_own_attempt(attempt, user_id=org.user_id)
    reviews = [
        (review, presenting.review_rows(review), presenting.review_reasons(review)) for review in attempt.reviews.all()
    ]
    can_review = (
        not own
        and attempt.status != AttemptStatus.DRAFT
        and org.can(Capability.REVIEW_PRACTICE)
        and selectors.review_by(organisation=org.organisation, attempt=attempt, user_id=org.user_id) is None
    )
    context = {
        "attempt": attempt,
        "scenario": attempt.scenario,
        "own": own,
        "reviews": reviews,
        "deciders": presenting.deciders(selectors.review_rule(organisation=org.organisation)),
        "can_review": can_review,
        "platform_label": presenting.platform_label(attempt.scenario.platform),
        "revealed": attempt.status != AttemptStatus.DRAFT,
    }
    return render(request, "practice/attempt.html", context)


@require_GET
@org_view(Capability.PRACTISE)
def my_practice(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """List the signed-in person's attempts, with their mean score across reviewed attempts as a chart."""
    person = _person(org)
    record = selectors.my_practice(organisation=org.organisation, person=person) if person else None
    return render(request, "practice/mine.html", {"person": person, "record": record, "not_linked": NOT_LINKED})
