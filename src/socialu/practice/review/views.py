"""Reviewer and admin pages of the practice sandbox: the queue, the review form, managing scenarios."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext, org_view
from socialu.policycheck import Platform
from socialu.practice import presenting, selectors, services
from socialu.practice.forms import ReviewForm
from socialu.practice.models import Attempt, AttemptStatus, ReviewRule
from socialu.practice.scenario_files import ScenarioFileError, dump_scenario
from socialu.preflight.presenting import PLATFORM_LABELS


@require_GET
@org_view(Capability.REVIEW_PRACTICE)
def review_queue(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """List answers waiting for review, oldest first, leaving out the reviewer's own."""
    scenario_slug = request.GET.get("scenario", "")
    platform = request.GET.get("platform", "")
    if platform not in {p.value for p in Platform}:
        platform = ""
    attempts = selectors.review_queue(
        organisation=org.organisation, user_id=org.user_id, scenario_slug=scenario_slug, platform=platform
    )
    context = {
        "attempts": [(attempt, presenting.platform_label(attempt.scenario.platform)) for attempt in attempts],
        "scenario_choices": selectors.review_queue_scenarios(organisation=org.organisation),
        "platform_choices": [(p.value, PLATFORM_LABELS[p]) for p in Platform],
        "scenario_slug": scenario_slug,
        "platform": platform,
        "limit": selectors.QUEUE_LIMIT,
    }
    return render(request, "practice/queue.html", context)


def _reviewable_or_404(org: OrgContext, attempt_id: int) -> Attempt:
    attempt = selectors.attempt_get(organisation=org.organisation, attempt_id=attempt_id)
    if attempt is None or attempt.status == AttemptStatus.DRAFT:
        raise Http404("There is no such answer waiting for review.")
    return attempt


@require_http_methods(["GET", "POST"])
@org_view(Capability.REVIEW_PRACTICE)
def review_page(request: HttpRequest, org: OrgContext, attempt_id: int) -> HttpResponse:
    """Score a submitted answer against the scenario's rubric and comment on it."""
    attempt = _reviewable_or_404(org, attempt_id)
    own = selectors.is_own_attempt(attempt, user_id=org.user_id)
    already = selectors.review_by(organisation=org.organisation, attempt=attempt, user_id=org.user_id)
    form = ReviewForm(request.POST if request.method == "POST" else None)
    error = ""
    if request.method == "POST" and not own and already is None and form.is_valid():
        try:
            review = services.review_submit(
                organisation=org.organisation,
                attempt=attempt,
                reviewer=request.user,
                scores=form.scores(),
                comments=form.comments(),
                overall_comment=form.cleaned_data["overall_comment"],
            )
        except services.PracticeError as failure:
            error = failure.message
        else:
            verdict = "passes" if review.passed else "does not pass yet"
            if review.decisive:
                messages.success(request, f"Review saved: a mean of {review.mean_score:.1f}, which {verdict}.")
            else:
                messages.success(
                    request,
                    f"Review saved as advice: a mean of {review.mean_score:.1f}. Whether the answer passes is "
                    "decided by a mentor's review.",
                )
            return redirect("practice_review_queue", org.slug)
    rubric = {row.name: row for row in presenting.rubric_rows(attempt.scenario)}
    context = {
        "attempt": attempt,
        "scenario": attempt.scenario,
        "own": own,
        "already": already,
        "form": form,
        "criteria": [(name, score, comment, rubric[name]) for name, score, comment in form.criteria()],
        "error": error,
        "platform_label": presenting.platform_label(attempt.scenario.platform),
    }
    status = 400 if request.method == "POST" and (error or form.errors) else 200
    return render(request, "practice/review.html", context, status=status)


@require_GET
@org_view(Capability.MANAGE_SCENARIOS)
def manage_scenarios(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """List every scenario, retired ones too, with the buttons to install the shipped set and retire or restore."""
    scenarios = selectors.scenario_list(organisation=org.organisation, include_retired=True)
    rows = [(s, presenting.platform_label(s.platform), presenting.situation_label(s.situation_type)) for s in scenarios]
    context = {
        "scenarios": rows,
        "review_rule": selectors.review_rule(organisation=org.organisation),
        "review_rules": ReviewRule.choices,
    }
    return render(request, "practice/manage.html", context)


@require_POST
@org_view(Capability.MANAGE_PRACTICE_RULES)
def review_rule_update(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Set whose practice reviews decide whether an answer passes."""
    try:
        services.review_rule_set(organisation=org.organisation, rule=request.POST.get("review_rule", ""))
    except services.PracticeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Saved. New reviews follow this rule; earlier reviews keep the weight they had.")
    return redirect("practice_manage", org.slug)


@require_POST
@org_view(Capability.MANAGE_SCENARIOS)
def install_shipped(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Install the scenarios shipped with SocialU, or bring them up to date."""
    try:
        result = services.scenarios_install_shipped(organisation=org.organisation)
    except ScenarioFileError as error:
        messages.error(request, f"The shipped scenarios could not be read: {error}")
    else:
        messages.success(
            request,
            f"Scenarios installed: {result.created} new, {result.updated} updated, {result.unchanged} unchanged.",
        )
    return redirect("practice_manage", org.slug)


@require_POST
@org_view(Capability.MANAGE_SCENARIOS)
def scenario_status(request: HttpRequest, org: OrgContext, scenario_slug: str) -> HttpResponse:
    """Retire a scenario or make it active again."""
    if selectors.scenario_get(organisation=org.organisation, slug=scenario_slug, include_retired=True) is None:
        raise Http404("There is no such scenario.")
    try:
        scenario = services.scenario_status_set(
            organisation=org.organisation, slug=scenario_slug, status=request.POST.get("status", "")
        )
    except services.PracticeError as error:
        messages.error(request, error.message)
    else:
        state = "is active again" if scenario.status == "active" else "is retired: learners no longer see it"
        messages.success(request, f"“{scenario.title}” {state}.")
    return redirect("practice_manage", org.slug)


@require_http_methods(["GET", "POST"])
@org_view(Capability.MANAGE_SCENARIOS)
def scenario_edit(request: HttpRequest, org: OrgContext, scenario_slug: str) -> HttpResponse:
    """Edit a scenario as YAML, in the same format as the scenario files; a problem names the line and field."""
    scenario = selectors.scenario_get(organisation=org.organisation, slug=scenario_slug, include_retired=True)
    if scenario is None:
        raise Http404("There is no such scenario.")
    if request.method == "GET":
        yaml_text = dump_scenario(services.scenario_data(scenario))
        return render(request, "practice/edit.html", {"scenario": scenario, "yaml_text": yaml_text, "error": ""})
    yaml_text = request.POST.get("yaml", "")
    try:
        saved = services.scenario_update_from_yaml(
            organisation=org.organisation, slug=scenario.slug, yaml_text=yaml_text
        )
    except services.PracticeError as error:
        context = {"scenario": scenario, "yaml_text": yaml_text, "error": error.message}
        return render(request, "practice/edit.html", context, status=400)
    messages.success(request, f"“{saved.title}” is saved.")
    return redirect("practice_manage", org.slug)
