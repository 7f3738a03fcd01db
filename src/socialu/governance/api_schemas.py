"""Request and response shapes of the governance REST API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Schema
from pydantic import Field

# --- Policies ------------------------------------------------------------------------------


class PolicyVersionOut(Schema):
    number: int
    summary: str
    effective_on: date
    published_at: datetime
    requires_reacknowledgement: bool


class PolicyOut(Schema):
    slug: str
    title: str
    acknowledgement_required: bool
    audiences: list[str] = Field(description="The audiences it applies to; empty means everyone.")
    current_version: PolicyVersionOut | None
    version_to_acknowledge: int | None = Field(
        description="The oldest version whose acknowledgement still counts: the newest that asked everyone again."
    )
    my_status: str = Field(
        description="For the caller: acknowledged, pending, not_applicable, nothing_to_acknowledge or not_linked."
    )
    my_acknowledged_at: datetime | None


class PolicyDetailOut(PolicyOut):
    body: str = Field(description="The current version's full text, in Markdown.")
    versions: list[PolicyVersionOut] = Field(description="Every version, newest first.")


class AcknowledgeIn(Schema):
    version: int = Field(description="The version number you have read: the current one.")


class AcknowledgementOut(Schema):
    policy: str
    version: int
    acknowledged_at: datetime
    source: str


class AcknowledgementRowIn(Schema):
    employee_id: str
    policy: str = Field(description="The policy's slug.")
    version: int | str
    acknowledged_at: str = Field(description="2026-03-01 or 2026-03-01T09:30, in the past.")


class AcknowledgementImportIn(Schema):
    rows: list[AcknowledgementRowIn]
    dry_run: bool = Field(False, description="Check the rows and write nothing.")


class AcknowledgementImportOut(Schema):
    rows: int
    created: int
    already_recorded: int
    dry_run: bool


class CoverageCountOut(Schema):
    label: str
    people: int
    acknowledged: int
    pending: int
    overdue: int
    percent: int


class CoverageOut(Schema):
    policy: str
    version: int | None = Field(description="The current version.")
    due_on: date | None = Field(description="After this day, anyone who has not acknowledged it is overdue.")
    total: CoverageCountOut
    by_unit: list[CoverageCountOut]
    by_audience: list[CoverageCountOut]


# --- The account registry ------------------------------------------------------------------


class OwnerOut(Schema):
    id: int
    employee_id: str
    name: str
    is_active: bool


class SocialAccountOut(Schema):
    id: int
    platform: str
    handle: str
    url: str
    purpose: str
    audience: str
    owner: OwnerOut | None
    backup_owner: OwnerOut | None
    team_id: int | None
    team_path: str | None
    status: str
    last_reviewed_on: date | None
    review_every_days: int
    review_due_on: date | None
    credentials_reference: str | None = Field(
        description="Where the login is kept (never the password itself); null unless you may manage the registry."
    )
    notes: str
    created_at: datetime
    updated_at: datetime


ACCOUNT_FIELDS_HELP = (
    "owner and backup_owner are an employee id or work email from the roster. There is no password field: "
    "SocialU never stores credentials, and a request naming one is refused."
)


class SocialAccountIn(Schema):
    """The fields of an account; any other field (such as password) is refused with 422."""

    platform: str | None = None
    handle: str | None = None
    url: str | None = None
    purpose: str | None = None
    audience: str | None = None
    owner: str | None = Field(None, description="Employee id or work email; empty or null for none.")
    backup_owner: str | None = Field(None, description="Employee id or work email; empty or null for none.")
    team_id: int | None = None
    status: str | None = Field(None, description="active, dormant or retired.")
    last_reviewed_on: date | None = None
    review_every_days: int | None = None
    credentials_reference: str | None = None
    notes: str | None = None


class RegistryProblemOut(Schema):
    account_id: int
    account: str
    kind: str = Field(description="orphaned, review_overdue, no_backup or uncertified_owner.")
    severity: str
    message: str
    who_should_act: str


class RegistryImportOut(Schema):
    rows: int
    created: int
    updated: int
    dry_run: bool


# --- Who does what -------------------------------------------------------------------------


class RaciPartyOut(Schema):
    id: int
    key: str
    kind: str = Field(description="role, function or person.")
    label: str
    is_active: bool


class RaciActivityOut(Schema):
    id: int
    key: str
    name: str
    description: str
    assignments: dict[str, str] = Field(description="Party key → R, A, C or I.")


class RaciOut(Schema):
    parties: list[RaciPartyOut]
    activities: list[RaciActivityOut]


def as_dict(schema: Any) -> dict[str, Any]:
    """Return a schema's data without unset optional fields."""
    data: dict[str, Any] = schema.model_dump(exclude_unset=True)
    return data
