"""REST endpoint for the policy pre-flight check: send a draft, get the verdict and findings.

``POST /orgs/{org_slug}/policy/check`` checks against that organisation's
rules. ``POST /policy/check`` does the same for someone who belongs to exactly
one organisation. Authentication is applied by the API that mounts this router
(``socialu.config.api``).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from socialu.core.api import ErrorOut, api_context, token_grant
from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext
from socialu.policycheck import AccountKind, Platform, check
from socialu.preflight import selectors
from socialu.preflight.forms import MAX_DRAFT_CHARACTERS
from socialu.preflight.presenting import result_dict

router = Router(tags=["policy check"])

PLATFORMS = ", ".join(platform.value for platform in Platform)


class CheckIn(Schema):
    text: str = Field(description=f"The draft post, up to {MAX_DRAFT_CHARACTERS:,} characters.")
    platform: str = Field(description=f"Where it will be posted: {PLATFORMS}.")
    account_kind: str = Field("personal", description="personal (your own account) or official.")


class FindingOut(Schema):
    rule_id: str
    category: str
    severity: str = Field(description="block, warn or info.")
    start: int = Field(description="Where the words found start in the text (a Python string index).")
    end: int
    excerpt: str = Field(description="The words found, exactly as written: text[start:end].")
    message: str
    suggestion: str = Field(description="What to do instead.")


class CheckOut(Schema):
    verdict: str = Field(description="pass, warn or block: the worst severity found.")
    platform: str
    account_kind: str
    length: int = Field(description="The length in user-perceived characters.")
    findings: list[FindingOut]


def _check(context: OrgContext, payload: CheckIn) -> Status[dict[str, Any]]:
    try:
        platform = Platform.parse(payload.platform)
        account_kind = AccountKind.parse(payload.account_kind)
    except ValueError as error:
        return Status(422, {"detail": str(error)})
    if len(payload.text) > MAX_DRAFT_CHARACTERS:
        return Status(422, {"detail": f"The text is too long: send at most {MAX_DRAFT_CHARACTERS:,} characters."})
    rules = selectors.rule_set_for(organisation=context.organisation)
    return Status(200, result_dict(check(payload.text, platform=platform, account_kind=account_kind, rules=rules)))


@router.post(
    "/orgs/{org_slug}/policy/check",
    response={200: CheckOut, 422: ErrorOut},
    summary="Check a post against the organisation's rules",
)
def check_post(request: HttpRequest, org_slug: str, payload: CheckIn) -> Status[dict[str, Any]]:
    """Return the verdict (pass, warn or block) and every finding for the draft."""
    return _check(api_context(request, org_slug, Capability.CHECK_POSTS), payload)


@router.post(
    "/policy/check",
    response={200: CheckOut, 400: ErrorOut, 422: ErrorOut},
    summary="Check a post against your organisation's rules",
)
def check_post_in_my_organisation(request: HttpRequest, payload: CheckIn) -> Status[dict[str, Any]]:
    """Check the draft against the rules of your organisation, when you belong to exactly one."""
    user = request.auth  # type: ignore[attr-defined]
    organisations = selectors.organisations_of(user_id=user.pk)
    grant = token_grant(request)
    if grant is not None and grant.organisation_id is not None:
        # A token made for one organisation checks against that organisation's rules.
        organisations = [organisation for organisation in organisations if organisation.pk == grant.organisation_id]
    if len(organisations) != 1:
        if not organisations:
            return Status(400, {"detail": "You are not a member of any organisation, so there are no rules to use."})
        slugs = ", ".join(organisation.slug for organisation in organisations)
        return Status(
            400,
            {
                "detail": f"You belong to {len(organisations)} organisations: say which one's rules to use with "
                f"POST /api/v1/orgs/{{org_slug}}/policy/check, where org_slug is one of {slugs}."
            },
        )
    return _check(api_context(request, organisations[0].slug, Capability.CHECK_POSTS), payload)
