"""Policy pages: the list, one policy, acknowledging, publishing, coverage and reminders."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socialu.core.downloads import download_lines, download_written
from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext, org_view
from socialu.governance.models import Policy
from socialu.governance.policies import exports, selectors, services
from socialu.governance.policies.forms import PolicyForm, PublishForm
from socialu.people.selectors import person_for_user

NOT_LINKED = (
    "Your account is not linked to a person in this organisation's roster yet, so SocialU cannot record that you "
    "have read a policy. Ask your programme admin to link it."
)


def _policy_or_404(org: OrgContext, policy_slug: str) -> Policy:
    policy = selectors.policy_get(organisation=org.organisation, slug=policy_slug)
    if policy is None:
        raise Http404("There is no such policy.")
    return policy


@require_GET
@org_view(Capability.VIEW_POLICIES)
def policies(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """List the organisation's policies with what the signed-in person still has to acknowledge."""
    person = person_for_user(organisation=org.organisation, user_id=org.user_id)
    statuses = selectors.policy_statuses(organisation=org.organisation, person=person)
    pending = [status for status in statuses if status.pending]
    context = {"statuses": statuses, "pending": pending, "person": person, "not_linked": NOT_LINKED}
    return render(request, "governance/policies.html", context)


@require_POST
@org_view(Capability.MANAGE_POLICIES)
def policy_install_default_view(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Install the default social media policy and open it."""
    policy, created = services.policy_install_default(organisation=org.organisation, user=request.user)
    if created:
        messages.success(request, f"“{policy.title}” is published. Everyone will be asked to acknowledge it.")
    else:
        messages.info(request, f"“{policy.title}” was already installed.")
    return redirect("policy_detail", org.slug, policy.slug)


@require_http_methods(["GET", "POST"])
@org_view(Capability.MANAGE_POLICIES)
def policy_new(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Create a policy, then go on to write and publish its first version."""
    form = PolicyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            policy = services.policy_create(organisation=org.organisation, **form.cleaned_data)
        except services.GovernanceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"“{policy.title}” is created. Now write and publish its first version.")
            return redirect("policy_publish", org.slug, policy.slug)
    return render(request, "governance/policy_new.html", {"form": form})


@require_GET
@org_view(Capability.VIEW_POLICIES)
def policy_detail(request: HttpRequest, org: OrgContext, policy_slug: str) -> HttpResponse:
    """Show the current version of a policy, its history and the acknowledgement button."""
    policy = _policy_or_404(org, policy_slug)
    person = person_for_user(organisation=org.organisation, user_id=org.user_id)
    status = selectors.policy_status(organisation=org.organisation, policy=policy, person=person)
    context = {"status": status, "policy": policy, "person": person, "not_linked": NOT_LINKED}
    return render(request, "governance/policy_detail.html", context)


@require_POST
@org_view(Capability.VIEW_POLICIES)
def policy_acknowledge_view(request: HttpRequest, org: OrgContext, policy_slug: str) -> HttpResponse:
    """Record that the signed-in person has read and understood the version they were shown."""
    policy = _policy_or_404(org, policy_slug)
    person = person_for_user(organisation=org.organisation, user_id=org.user_id)
    status = selectors.policy_status(organisation=org.organisation, policy=policy, person=person)
    number = request.POST.get("version", "")
    version = next((v for v in status.versions if str(v.number) == number), None)
    if person is None:
        messages.error(request, NOT_LINKED)
    elif version is None:
        messages.error(request, "Open the policy again and use the button at the end of the current version.")
    else:
        try:
            services.policy_acknowledge(person=person, version=version)
        except services.GovernanceError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Thank you. You have acknowledged version {version.number} of {policy.title}.")
    return redirect("policy_detail", org.slug, policy.slug)


@require_http_methods(["GET", "POST"])
@org_view(Capability.MANAGE_POLICIES)
def policy_publish(request: HttpRequest, org: OrgContext, policy_slug: str) -> HttpResponse:
    """Publish a new version; the form starts from the current text so that an edit is quick."""
    policy = _policy_or_404(org, policy_slug)
    versions = selectors.policy_versions(policy=policy)
    current = versions[0] if versions else None
    initial = {"summary": current.summary, "body": current.body} if current else {}
    form = PublishForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.policy_version_publish(policy=policy, user=request.user, **form.cleaned_data)
        except services.GovernanceError as error:
            form.add_error(None, str(error))
        else:
            again = (
                "Everyone will be asked to acknowledge it."
                if version.requires_reacknowledgement
                else ("It is a minor edit: nobody is asked to acknowledge it again.")
            )
            messages.success(request, f"Version {version.number} of {policy.title} is published. {again}")
            return redirect("policy_detail", org.slug, policy.slug)
    preview = form.data.get("body", "") if form.is_bound else initial.get("body", "")
    context = {"policy": policy, "form": form, "current": current, "preview": preview}
    return render(request, "governance/policy_publish.html", context)


@require_POST
@org_view(Capability.MANAGE_POLICIES)
def policy_preview(request: HttpRequest, org: OrgContext, policy_slug: str) -> HttpResponse:
    """Render the Markdown being written, for the live preview beside the publish form."""
    _policy_or_404(org, policy_slug)
    return render(request, "governance/_preview.html", {"preview": request.POST.get("body", "")})


@require_GET
@org_view(Capability.VIEW_POLICY_COVERAGE)
def policy_coverage(request: HttpRequest, org: OrgContext, policy_slug: str) -> HttpResponse:
    """Show who has acknowledged the current version: totals, by unit and by audience."""
    policy = _policy_or_404(org, policy_slug)
    result = selectors.coverage(organisation=org.organisation, policy=policy)
    return render(request, "governance/policy_coverage.html", {"policy": policy, "coverage": result})


@require_GET
@org_view(Capability.VIEW_POLICY_COVERAGE)
def policy_coverage_csv(request: HttpRequest, org: OrgContext, policy_slug: str) -> HttpResponse:
    """Download one row per person with their acknowledgement status, as CSV."""
    policy = _policy_or_404(org, policy_slug)
    return download_lines(
        exports.coverage_csv_lines(organisation=org.organisation, policy=policy), filename=f"{policy.slug}-coverage.csv"
    )


@require_GET
@org_view(Capability.VIEW_POLICY_COVERAGE)
def policy_coverage_xlsx(request: HttpRequest, org: OrgContext, policy_slug: str) -> HttpResponse:
    """Download one row per person with their acknowledgement status, as Excel."""
    policy = _policy_or_404(org, policy_slug)
    return download_written(
        lambda output: exports.coverage_xlsx_write(organisation=org.organisation, policy=policy, output=output),
        filename=f"{policy.slug}-coverage.xlsx",
    )


@require_POST
@org_view(Capability.MANAGE_POLICIES)
def policy_remind(request: HttpRequest, org: OrgContext, policy_slug: str) -> HttpResponse:
    """Email everyone who still has to acknowledge the policy, then say how many were sent."""
    policy = _policy_or_404(org, policy_slug)
    path = reverse("policy_detail", args=[org.slug, policy.slug])
    try:
        sent = services.policy_reminders_send(organisation=org.organisation, policy=policy, path=path)
    except services.GovernanceError as error:
        messages.error(request, str(error))
    else:
        if sent:
            messages.success(request, f"Sent {sent} reminder{'s' if sent != 1 else ''} by email.")
        else:
            messages.info(request, "Nobody needed a reminder: everyone with an email address has acknowledged it.")
    return redirect("policy_coverage", org.slug, policy.slug)
