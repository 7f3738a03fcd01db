"""REST API operations of the governance app: policies, acknowledgements, coverage, the account registry and RACI.

Every path starts with ``/orgs/{org_slug}/``. Someone who is not a member of
that organisation gets 404; a member whose roles do not allow the action gets
403. Authentication is applied by the API that mounts this router.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import Http404, HttpRequest
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from socialu.core.api import ApiContext, ErrorOut, api_context, linked_person
from socialu.core.errors import FieldProblem, InvalidInputError
from socialu.core.permissions import Capability
from socialu.core.tabular import read_records
from socialu.governance.api_schemas import (
    ACCOUNT_FIELDS_HELP,
    AcknowledgeIn,
    AcknowledgementImportIn,
    AcknowledgementImportOut,
    AcknowledgementOut,
    CoverageOut,
    PolicyDetailOut,
    PolicyOut,
    RaciOut,
    RegistryImportOut,
    RegistryProblemOut,
    SocialAccountIn,
    SocialAccountOut,
)
from socialu.governance.models import Policy, SocialAccount, SocialAccountStatus, SocialPlatform
from socialu.governance.policies import selectors, services
from socialu.governance.presenting import account_dict, coverage_dict, policy_dict, problem_dict
from socialu.governance.raci import selectors as raci_selectors
from socialu.governance.registry import selectors as registry_selectors
from socialu.governance.registry import services as registry_services
from socialu.governance.registry.imports import registry_import
from socialu.people.selectors import units_in

router = Router(tags=["Governance"])

MAX_CSV_BYTES = 2 * 1024 * 1024


# --- Policies ------------------------------------------------------------------------------


def _policy_or_404(context: ApiContext, policy_slug: str) -> Policy:
    policy = selectors.policy_get(organisation=context.organisation, slug=policy_slug)
    if policy is None:
        raise Http404(f"There is no policy “{policy_slug}” in this organisation.")
    return policy


@router.get("/orgs/{org_slug}/policies", response=list[PolicyOut], summary="List policies")
def list_policies(request: HttpRequest, org_slug: str) -> list[dict[str, Any]]:
    """Return every policy with its current version and where the caller stands with it."""
    context = api_context(request, org_slug, Capability.VIEW_POLICIES)
    person = context.person
    return [
        policy_dict(status, person)
        for status in selectors.policy_statuses(organisation=context.organisation, person=person)
    ]


@router.get(
    "/orgs/{org_slug}/policies/{policy_slug}", response={200: PolicyDetailOut, 404: ErrorOut}, summary="Get a policy"
)
def get_policy(request: HttpRequest, org_slug: str, policy_slug: str) -> dict[str, Any]:
    """Return one policy with the full text of its current version and every version's summary."""
    context = api_context(request, org_slug, Capability.VIEW_POLICIES)
    policy = _policy_or_404(context, policy_slug)
    person = context.person
    status = selectors.policy_status(organisation=context.organisation, policy=policy, person=person)
    return policy_dict(status, person, detail=True)


@router.post(
    "/orgs/{org_slug}/policies/{policy_slug}/acknowledgements",
    response={201: AcknowledgementOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Acknowledge a policy",
)
def acknowledge_policy(
    request: HttpRequest, org_slug: str, policy_slug: str, payload: AcknowledgeIn
) -> Status[dict[str, Any]]:
    """Record that you have read and understood the version you name; it must be the current one.

    Acknowledging the same version again changes nothing. A superseded version answers 409.
    """
    context = api_context(request, org_slug, Capability.VIEW_POLICIES)
    policy = _policy_or_404(context, policy_slug)
    person = linked_person(context, why="an acknowledgement cannot be recorded")
    version = next((v for v in selectors.policy_versions(policy=policy) if v.number == payload.version), None)
    if version is None:
        return Status(422, {"detail": f"There is no version {payload.version} of {policy.title}."})
    acknowledgement = services.policy_acknowledge(person=person, version=version)
    return Status(
        201,
        {
            "policy": policy.slug,
            "version": version.number,
            "acknowledged_at": acknowledgement.acknowledged_at,
            "source": acknowledgement.source,
        },
    )


@router.post(
    "/orgs/{org_slug}/acknowledgements/import",
    response={200: AcknowledgementImportOut, 422: ErrorOut},
    summary="Import acknowledgements collected elsewhere",
)
def import_acknowledgements(
    request: HttpRequest, org_slug: str, payload: AcknowledgementImportIn
) -> Status[dict[str, Any]]:
    """Import rows of employee id, policy slug, version and when: all or, if any row is wrong, none.

    Importing the same rows again adds nothing. Errors give the row's line (the first row is line 2, as in a CSV).
    """
    context = api_context(request, org_slug, Capability.MANAGE_POLICIES)
    rows = [{key: str(value) for key, value in row.model_dump().items()} for row in payload.rows]
    result = services.acknowledgements_import(organisation=context.organisation, rows=rows, dry_run=payload.dry_run)
    if result.problems:
        raise InvalidInputError(
            f"{len(result.problems)} row(s) rejected; nothing was written.",
            details=[FieldProblem(field="", message=problem.message, line=problem.line) for problem in result.problems],
        )
    return Status(
        200,
        {
            "rows": result.rows,
            "created": result.created,
            "already_recorded": result.already,
            "dry_run": payload.dry_run,
        },
    )


@router.get(
    "/orgs/{org_slug}/policies/{policy_slug}/coverage",
    response={200: CoverageOut, 404: ErrorOut},
    summary="Who has acknowledged a policy",
)
def get_policy_coverage(request: HttpRequest, org_slug: str, policy_slug: str) -> dict[str, Any]:
    """Return acknowledged, pending and overdue counts of the current version: in all, by division and by audience."""
    context = api_context(request, org_slug, Capability.VIEW_POLICY_COVERAGE)
    policy = _policy_or_404(context, policy_slug)
    return coverage_dict(policy, selectors.coverage(organisation=context.organisation, policy=policy))


# --- The account registry ------------------------------------------------------------------


def _account_or_404(context: ApiContext, account_id: int) -> SocialAccount:
    account = registry_selectors.social_account_get(organisation=context.organisation, account_id=account_id)
    if account is None:
        raise Http404(f"There is no account {account_id} in this organisation.")
    return account


def _account_values(request: HttpRequest, context: ApiContext, payload: SocialAccountIn) -> dict[str, Any]:
    """Turn the request into service arguments; refuse unknown fields, above all a password."""
    values = payload.model_dump(exclude_unset=True)
    try:
        sent = json.loads(request.body or b"{}")
    except ValueError:
        sent = {}
    extra = sorted(set(sent) - set(SocialAccountIn.model_fields)) if isinstance(sent, dict) else []
    secret = [name for name in extra if any(word in name.lower() for word in registry_services.SECRET_WORDS)]
    if secret:
        raise registry_services.RegistryError(f"Remove the “{secret[0]}” field: {registry_services.NO_SECRETS}")
    if extra:
        raise registry_services.RegistryError(f"Unknown field {', '.join(extra)}. {ACCOUNT_FIELDS_HELP}")
    for name in ("owner", "backup_owner"):
        if name in values:
            reference = (values[name] or "").strip()
            person = registry_services.person_find(organisation=context.organisation, reference=reference)
            if reference and person is None:
                raise registry_services.RegistryError(
                    f"Nobody in the roster has the employee id or email “{reference}” ({name})."
                )
            values[name] = person
    if "team_id" in values:
        team_id = values.pop("team_id")
        team = units_in(organisation=context.organisation).filter(pk=team_id).first() if team_id else None
        if team_id and team is None:
            raise registry_services.RegistryError(f"There is no unit {team_id} in this organisation.")
        values["team"] = team
    for name in ("platform", "handle", "status", "review_every_days"):
        if name in values and values[name] is None:
            raise registry_services.RegistryError(f"{name} cannot be empty.")
    return values


class AccountQuery(Schema):
    platform: str = Field("", description=f"One of {', '.join(SocialPlatform.values)}.")
    status: str = Field("", description=f"One of {', '.join(SocialAccountStatus.values)}.")


@router.get("/orgs/{org_slug}/social-accounts", response=list[SocialAccountOut], summary="List social media accounts")
def list_social_accounts(request: HttpRequest, org_slug: str, filters: Query[AccountQuery]) -> list[dict[str, Any]]:
    """Return the registry, by platform and handle, optionally filtered."""
    context = api_context(request, org_slug, Capability.VIEW_ACCOUNT_REGISTRY)
    accounts = registry_selectors.registry_accounts(
        organisation=context.organisation, platform=filters.platform, status=filters.status
    )
    managing = context.can(Capability.MANAGE_ACCOUNT_REGISTRY)
    return [account_dict(account, show_credentials_reference=managing) for account in accounts]


@router.get(
    "/orgs/{org_slug}/social-accounts/problems",
    response=list[RegistryProblemOut],
    summary="Check the registry",
)
def list_registry_problems(request: HttpRequest, org_slug: str) -> list[dict[str, Any]]:
    """Run the checks now and return every problem with who should act (empty when all is in order)."""
    context = api_context(request, org_slug, Capability.VIEW_ACCOUNT_REGISTRY)
    return [
        problem_dict(problem) for problem in registry_selectors.registry_problems(organisation=context.organisation)
    ]


# Fixed paths come before /social-accounts/{account_id}, which would otherwise match them.
@router.post(
    "/orgs/{org_slug}/social-accounts/import",
    response={200: RegistryImportOut, 413: ErrorOut, 422: ErrorOut},
    summary="Import social media accounts from a CSV or XLSX file",
)
def import_social_accounts(
    request: HttpRequest, org_slug: str, file: File[UploadedFile], dry_run: Form[bool] = False
) -> Status[dict[str, Any]]:
    """Add or update accounts from a CSV in the export's columns: all rows or none. ``dry_run`` writes nothing."""
    context = api_context(request, org_slug, Capability.MANAGE_ACCOUNT_REGISTRY)
    if file.size is not None and file.size > MAX_CSV_BYTES:
        return Status(413, {"detail": "The file is larger than 2 MB. Split it into smaller files."})
    rows = read_records(file.read(), filename=file.name or "accounts.csv")
    result = registry_import(organisation=context.organisation, rows=rows, dry_run=dry_run)
    if result.problems:
        raise InvalidInputError(
            f"{len(result.problems)} row(s) rejected; nothing was written.",
            details=[FieldProblem(field="", message=problem.message, line=problem.line) for problem in result.problems],
        )
    return Status(200, {"rows": result.rows, "created": result.created, "updated": result.updated, "dry_run": dry_run})


@router.get(
    "/orgs/{org_slug}/social-accounts/{account_id}",
    response={200: SocialAccountOut, 404: ErrorOut},
    summary="Get a social media account",
)
def get_social_account(request: HttpRequest, org_slug: str, account_id: int) -> dict[str, Any]:
    """Return one account."""
    context = api_context(request, org_slug, Capability.VIEW_ACCOUNT_REGISTRY)
    managing = context.can(Capability.MANAGE_ACCOUNT_REGISTRY)
    return account_dict(_account_or_404(context, account_id), show_credentials_reference=managing)


@router.post(
    "/orgs/{org_slug}/social-accounts",
    response={201: SocialAccountOut, 422: ErrorOut},
    summary="Add a social media account",
)
def create_social_account(request: HttpRequest, org_slug: str, payload: SocialAccountIn) -> Status[dict[str, Any]]:
    """Add an account; platform and handle are required. A password or any other secret is refused."""
    context = api_context(request, org_slug, Capability.MANAGE_ACCOUNT_REGISTRY)
    account = registry_services.social_account_create(
        organisation=context.organisation, **_account_values(request, context, payload)
    )
    return Status(201, account_dict(_account_or_404(context, account.pk)))


@router.patch(
    "/orgs/{org_slug}/social-accounts/{account_id}",
    response={200: SocialAccountOut, 404: ErrorOut, 422: ErrorOut},
    summary="Change a social media account",
)
def update_social_account(
    request: HttpRequest, org_slug: str, account_id: int, payload: SocialAccountIn
) -> Status[dict[str, Any]]:
    """Change the fields sent; the others keep their values."""
    context = api_context(request, org_slug, Capability.MANAGE_ACCOUNT_REGISTRY)
    account = _account_or_404(context, account_id)
    registry_services.social_account_update(account=account, **_account_values(request, context, payload))
    return Status(200, account_dict(_account_or_404(context, account_id)))


# --- Who does what -------------------------------------------------------------------------


@router.get("/orgs/{org_slug}/raci", response=RaciOut, summary="Who does what (RACI)")
def get_raci(request: HttpRequest, org_slug: str) -> dict[str, object]:
    """Return the parties (columns) and, for each activity, each party's letter: R, A, C or I."""
    context = api_context(request, org_slug, Capability.VIEW_RACI)
    return raci_selectors.raci_matrix(organisation=context.organisation).as_dict()
