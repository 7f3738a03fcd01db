"""The audience rules page: list the rules, add one, remove one, go back to the defaults."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from socialu.core.audiences import Audience
from socialu.core.errors import DomainError
from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext, org_view
from socialu.people.audience_rules import services
from socialu.people.audience_rules.selectors import audience_rules_are_defaults, audience_rules_for
from socialu.people.models import AudienceRuleKind


class AudienceRuleForm(forms.Form):
    """A new rule: what it looks at, the value it needs, the audience it gives and where it goes."""

    kind = forms.ChoiceField(label="When a person…", choices=AudienceRuleKind.choices)
    value = forms.CharField(
        label="Value",
        required=False,
        max_length=500,
        help_text="Job title words separated by commas (Chief, VP); a unit path (Sales › EMEA); or a number of "
        "levels below the top (0 is the top). Leave empty for the other kinds.",
    )
    audience = forms.ChoiceField(label="…they join the audience", choices=Audience.choices)
    position = forms.IntegerField(
        label="Position", required=False, min_value=1, max_value=1000, help_text="1 is tried first; empty: last."
    )


@require_http_methods(["GET", "POST"])
@org_view(Capability.IMPORT_ROSTER)
def audience_rules_page(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """List the rules and add one."""
    form = AudienceRuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.audience_rule_add(organisation=org.organisation, **form.cleaned_data)
        except DomainError as error:
            for field, problems in error.errors.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            messages.success(request, "The rule was added.")
            return redirect("audience_rules", org.slug)
    context = {
        "form": form,
        "rules": audience_rules_for(organisation=org.organisation),
        "defaults": audience_rules_are_defaults(organisation=org.organisation),
    }
    return render(request, "people/audience_rules.html", context, status=400 if form.errors else 200)


@require_POST
@org_view(Capability.IMPORT_ROSTER)
def audience_rule_remove_view(request: HttpRequest, org: OrgContext, position: int) -> HttpResponse:
    """Remove one rule."""
    services.audience_rule_remove(organisation=org.organisation, position=position)
    messages.success(request, f"Rule {position} was removed.")
    return redirect("audience_rules", org.slug)


@require_POST
@org_view(Capability.IMPORT_ROSTER)
def audience_rules_reset_view(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Go back to the default rules."""
    services.audience_rules_reset(organisation=org.organisation)
    messages.success(request, "The default rules apply again.")
    return redirect("audience_rules", org.slug)
