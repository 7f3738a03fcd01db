"""Pages for the policy pre-flight check: check a post, and edit the organisation's rules."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socialu.core.downloads import download
from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext, org_view
from socialu.policycheck import RuleSet, RuleSetError, check, load_rule_set
from socialu.preflight import selectors, services
from socialu.preflight.forms import DraftForm, RulesForm
from socialu.preflight.presenting import CheckView, length_limit, platform_limits

SAMPLE_PREFIX = "sample"


def _check_draft(form: DraftForm, rules: RuleSet) -> CheckView | None:
    """Return the check of a valid draft form, or None when the form has errors."""
    if not form.is_valid():
        return None
    text: str = form.cleaned_data["text"]
    result = check(
        text, platform=form.cleaned_data["platform"], account_kind=form.cleaned_data["account_kind"], rules=rules
    )
    return CheckView(result=result, text=text, limit=length_limit(rules, result.platform))


@require_http_methods(["GET", "POST"])
@org_view(Capability.CHECK_POSTS)
def check_page(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Show the composer; a POST (without JavaScript) shows the findings below the draft."""
    rules = selectors.rule_set_for(organisation=org.organisation)
    form = DraftForm(request.POST if request.method == "POST" else None)
    checked = _check_draft(form, rules) if request.method == "POST" else None
    context = {"form": form, "checked": checked, "limits": platform_limits(rules)}
    return render(request, "preflight/check.html", context)


@require_POST
@org_view(Capability.CHECK_POSTS)
def findings_partial(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Return the verdict and findings for the draft posted (the composer asks as you type)."""
    rules = selectors.rule_set_for(organisation=org.organisation)
    form = DraftForm(request.POST)
    return render(request, "preflight/_findings.html", {"form": form, "checked": _check_draft(form, rules)})


def _rules_context(org: OrgContext, **extra: Any) -> dict[str, Any]:
    record = selectors.rule_set_record(organisation=org.organisation)
    return {
        "record": record,
        "uses_default": record is None or not record.yaml,
        "saved_rules_problem": selectors.rule_set_problem(organisation=org.organisation),
        "versions": selectors.rule_set_versions(organisation=org.organisation)[:50],
        **extra,
    }


def _test_against_typed_rules(yaml_text: str, sample: DraftForm) -> dict[str, Any]:
    """Check the sample draft against the rules as typed; report a YAML problem instead of findings."""
    if not yaml_text.strip():
        return {"rules_error": "The rules are empty: type some rules to test them.", "checked": None}
    try:
        rules = load_rule_set(yaml_text)
    except RuleSetError as error:
        return {"rules_error": str(error), "checked": None}
    return {"rules_error": "", "checked": _check_draft(sample, rules), "form": sample}


@require_http_methods(["GET", "POST"])
@org_view(Capability.MANAGE_POLICY_RULES)
def rules_page(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Edit the organisation's rules: save, reset to the default, test, and see the history."""
    if request.method == "GET":
        form = RulesForm(initial={"yaml": selectors.rule_set_yaml_for(organisation=org.organisation)})
        sample = DraftForm(prefix=SAMPLE_PREFIX)
        return render(request, "preflight/rules.html", _rules_context(org, form=form, sample=sample))
    action = request.POST.get("action", "save")
    if action == "reset":
        services.rule_set_reset(organisation=org.organisation, user=request.user)
        messages.success(request, "The organisation now uses SocialU's default rules.")
        return redirect("preflight_rules", org.slug)
    form = RulesForm(request.POST)
    sample = DraftForm(request.POST, prefix=SAMPLE_PREFIX)
    yaml_text = form.data.get("yaml", "")
    if action == "test":
        tested = _test_against_typed_rules(yaml_text, sample)
        return render(request, "preflight/rules.html", _rules_context(org, form=form, sample=sample, test=tested))
    try:
        record = services.rule_set_save(organisation=org.organisation, yaml_text=yaml_text, user=request.user)
    except services.PolicyRulesError as error:
        form.add_error("yaml", error.message)
        test = _test_against_typed_rules(yaml_text, sample) if request.POST.get("sample-text", "").strip() else None
        context = _rules_context(org, form=form, sample=sample, test=test)
        return render(request, "preflight/rules.html", context, status=400)
    messages.success(request, f"The rules were saved as version {record.version}.")
    return redirect("preflight_rules", org.slug)


@require_POST
@org_view(Capability.MANAGE_POLICY_RULES)
def rules_test(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Return the findings for the sample draft against the rules as typed, or the rules' problem."""
    sample = DraftForm(request.POST, prefix=SAMPLE_PREFIX)
    test = _test_against_typed_rules(request.POST.get("yaml", ""), sample)
    return render(request, "preflight/_rules_test.html", {"test": test})


@require_GET
@org_view(Capability.MANAGE_POLICY_RULES)
def rules_yaml(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Download the rules in force as a YAML file."""
    response = download(
        selectors.rule_set_yaml_for(organisation=org.organisation), filename=f"{org.slug}-policy-rules.yaml"
    )
    return response
