"""REST endpoints for an organisation's audience assignment rules."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from socialu.core.api import api_context
from socialu.core.models import Organisation
from socialu.core.permissions import Capability
from socialu.people.audience_rules import services
from socialu.people.audience_rules.selectors import audience_rules_are_defaults, audience_rules_for

router = Router(tags=["people"])


class AudienceRuleOut(Schema):
    position: int = Field(description="Rules are tried in order; the first that matches decides.")
    kind: str = Field(description="top_of_tree, job_title, has_direct_reports, max_depth, unit or external.")
    value: str
    audience: str
    description: str


class AudienceRulesOut(Schema):
    defaults: bool = Field(description="True when the organisation uses the shipped default rules.")
    rules: list[AudienceRuleOut]


class AudienceRuleIn(Schema):
    kind: str = Field(max_length=32)
    value: str = Field(default="", max_length=500)
    audience: str = Field(max_length=16)
    position: int | None = Field(default=None, ge=1, le=1000, description="Where to insert; default last.")


def _rules(organisation: Organisation) -> dict[str, Any]:
    return {
        "defaults": audience_rules_are_defaults(organisation=organisation),
        "rules": [
            {
                "position": rule.position,
                "kind": rule.kind,
                "value": rule.value,
                "audience": rule.audience,
                "description": rule.describe(),
            }
            for rule in audience_rules_for(organisation=organisation)
        ],
    }


@router.get("/orgs/{org_slug}/audience-rules", response={200: AudienceRulesOut}, summary="List the audience rules")
def list_audience_rules(request: HttpRequest, org_slug: str) -> dict[str, Any]:
    """Return the rules an import uses to place people when the file has no audience column."""
    context = api_context(request, org_slug, Capability.IMPORT_ROSTER)
    return _rules(context.organisation)


@router.post("/orgs/{org_slug}/audience-rules", response={201: AudienceRulesOut}, summary="Add an audience rule")
def add_audience_rule(request: HttpRequest, org_slug: str, payload: AudienceRuleIn) -> Status[dict[str, Any]]:
    """Add a rule; the first change starts from the default rules. Returns every rule."""
    context = api_context(request, org_slug, Capability.IMPORT_ROSTER)
    services.audience_rule_add(organisation=context.organisation, **payload.model_dump())
    return Status(201, _rules(context.organisation))


@router.post(
    "/orgs/{org_slug}/audience-rules/reset", response={200: AudienceRulesOut}, summary="Reset the audience rules"
)
def reset_audience_rules(request: HttpRequest, org_slug: str) -> dict[str, Any]:
    """Go back to the default rules."""
    context = api_context(request, org_slug, Capability.IMPORT_ROSTER)
    services.audience_rules_reset(organisation=context.organisation)
    return _rules(context.organisation)


@router.delete(
    "/orgs/{org_slug}/audience-rules/{position}", response={200: AudienceRulesOut}, summary="Remove an audience rule"
)
def remove_audience_rule(request: HttpRequest, org_slug: str, position: int) -> dict[str, Any]:
    """Remove the rule with this number; later rules move up. Returns every rule."""
    context = api_context(request, org_slug, Capability.IMPORT_ROSTER)
    services.audience_rule_remove(organisation=context.organisation, position=position)
    return _rules(context.organisation)
