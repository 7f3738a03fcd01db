"""Readiness pages for programme admins and executive viewers: assessments, one assessment, results."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext, org_view
from socialu.readiness import scoring, selectors, services
from socialu.readiness.forms import AssessmentForm, RespondentsForm
from socialu.readiness.models import Assessment, AssessmentStatus
from socialu.readiness.question_set.selectors import assessment_questions, question_set


def _assessment_or_404(org: OrgContext, assessment_id: int) -> Assessment:
    assessment = selectors.assessment_get(organisation=org.organisation, assessment_id=assessment_id)
    if assessment is None:
        raise Http404("There is no such assessment.")
    return assessment


@require_http_methods(["GET", "POST"])
@org_view(Capability.RUN_ASSESSMENTS)
def assessments(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """List the organisation's assessments and create a new one."""
    form = AssessmentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_create(
                organisation=org.organisation, user=request.user, **form.cleaned_data
            )
        except services.ReadinessError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"“{assessment.title}” is created. Now choose who to ask, then open it.")
            return redirect("assessment_detail", org.slug, assessment.pk)
    context = {
        "assessments": selectors.assessments_list(organisation=org.organisation),
        "form": form,
        "own_questions": sum(1 for q in question_set(organisation=org.organisation) if q.custom),
    }
    return render(request, "readiness/assessments.html", context)


def _act(request: HttpRequest, org: OrgContext, assessment: Assessment, form: RespondentsForm) -> bool:
    """Carry out the button the admin pressed; return whether to redirect back to the page."""
    action = request.POST.get("action", "")
    try:
        if action == "add":
            if not form.is_valid():
                return False
            unit, audiences = form.cleaned_data["unit"], form.cleaned_data["audiences"]
            people = form.cleaned_data["people"]
            if people is not None and unit is None and not audiences:
                added = services.respondents_add(assessment=assessment, people=people)
            else:
                added = services.respondents_add(
                    assessment=assessment, people=people, unit=unit, audiences=audiences or None
                )
            messages.success(request, f"{added} {'person' if added == 1 else 'people'} added.")
        elif action == "open":
            sent = services.assessment_open(assessment=assessment)
            messages.success(request, f"The assessment is open. {sent} {'email' if sent == 1 else 'emails'} sent.")
        elif action == "remind":
            sent = services.reminders_send(assessment=assessment)
            messages.success(request, f"{sent} {'reminder' if sent == 1 else 'reminders'} sent.")
        elif action == "close":
            services.assessment_close(assessment=assessment)
            messages.success(request, "The assessment is closed. The results below are final.")
        else:
            messages.error(request, "Choose one of the buttons on this page.")
    except services.ReadinessError as error:
        messages.error(request, str(error))
    return True


@require_http_methods(["GET", "POST"])
@org_view(Capability.RUN_ASSESSMENTS)
def assessment_detail(request: HttpRequest, org: OrgContext, assessment_id: int) -> HttpResponse:
    """Show who is asked and how far they have got; add respondents, open, remind and close."""
    assessment = _assessment_or_404(org, assessment_id)
    posted = request.POST if request.method == "POST" and request.POST.get("action") == "add" else None
    form = RespondentsForm(posted, organisation=org.organisation)
    if request.method == "POST" and _act(request, org, assessment, form):
        return redirect("assessment_detail", org.slug, assessment.pk)
    progress = selectors.assessment_progress(assessment=assessment)
    questions = assessment_questions(assessment=assessment)
    context = {
        "questions": questions,
        "own_questions": sum(1 for q in questions if q.custom),
        "assessment": assessment,
        "progress": progress,
        "form": form,
        "can_view_results": org.can(Capability.VIEW_ASSESSMENT_RESULTS),
        "statuses": AssessmentStatus,
    }
    return render(request, "readiness/assessment_detail.html", context)


@require_GET
@org_view(Capability.VIEW_ASSESSMENT_RESULTS)
def assessment_results(request: HttpRequest, org: OrgContext, assessment_id: int) -> HttpResponse:
    """The scores, disagreements, training mix, next steps and trend, computed by the pure modules."""
    assessment = _assessment_or_404(org, assessment_id)
    context = {
        "assessment": assessment,
        "results": selectors.assessment_results(assessment=assessment),
        "progress": selectors.assessment_progress(assessment=assessment),
        "can_run": org.can(Capability.RUN_ASSESSMENTS),
        "levels": _levels(),
    }
    return render(request, "readiness/assessment_results.html", context)


def _levels() -> list[dict[str, object]]:
    bounds = [level.minimum for level in scoring.LEVELS[1:]] + [100]
    return [
        {"title": level.title, "minimum": level.minimum, "next": bound - 1, "description": level.description}
        for level, bound in zip(scoring.LEVELS, bounds, strict=True)
    ]


@require_GET
@org_view(Capability.VIEW_ASSESSMENT_RESULTS)
def assessment_results_latest(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Send executive viewers (who do not run assessments) to the latest results."""
    latest = selectors.latest_with_results(organisation=org.organisation)
    if latest is not None:
        return redirect("assessment_results", org.slug, latest.pk)
    return render(request, "readiness/no_results.html", {"can_run": org.can(Capability.RUN_ASSESSMENTS)})
