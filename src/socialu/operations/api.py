"""REST API of operations: scheduled jobs, the audit log, and people's data (export and erasure)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from socialu.core.api import ApiContext, ErrorOut, api_context, linked_person
from socialu.core.downloads import download
from socialu.core.errors import FieldProblem, InvalidInputError
from socialu.core.permissions import Capability
from socialu.core.scheduling import UnknownJobError, scheduled_job, scheduled_job_execute
from socialu.operations import selectors, services
from socialu.people.models import Person
from socialu.people.selectors import person_get

router = Router(tags=["Operations"])

MAX_PAGE_SIZE = 500
ZIP_RESPONSE = {"responses": {"200": {"description": "A ZIP file.", "content": {"application/zip": {}}}}}


class JobOut(Schema):
    key: str
    title: str
    enabled: bool
    every_hours: int
    last_started_at: datetime | None
    last_finished_at: datetime | None
    last_outcome: str = Field(description="running, succeeded, failed, or empty if it never ran.")
    last_summary: str
    next_run_at: datetime | None


def _job_out(row: selectors.JobRow) -> dict[str, Any]:
    return {
        "key": row.job.key,
        "title": row.job.title,
        "enabled": row.state.enabled,
        "every_hours": row.interval_hours,
        "last_started_at": row.state.last_started_at,
        "last_finished_at": row.state.last_finished_at,
        "last_outcome": row.state.last_outcome,
        "last_summary": row.state.last_summary,
        "next_run_at": row.state.next_run_at if row.state.enabled else None,
    }


@router.get("/orgs/{org_slug}/jobs", response=list[JobOut], summary="List scheduled jobs")
def list_scheduled_jobs(request: HttpRequest, org_slug: str) -> list[dict[str, Any]]:
    """Return each scheduled job with the organisation's settings, last run and next run."""
    context = api_context(request, org_slug, Capability.MANAGE_OPERATIONS)
    return [_job_out(row) for row in selectors.job_rows(organisation=context.organisation)]


@router.post("/orgs/{org_slug}/jobs/{job_key}/run", response=JobOut, summary="Run a scheduled job now")
def run_scheduled_job(request: HttpRequest, org_slug: str, job_key: str) -> dict[str, Any]:
    """Run the job for this organisation now and return its outcome."""
    context = api_context(request, org_slug, Capability.MANAGE_OPERATIONS)
    try:
        job = scheduled_job(job_key)
    except UnknownJobError as error:
        raise Http404(str(error)) from None
    user = request.auth  # type: ignore[attr-defined]
    scheduled_job_execute(organisation=context.organisation, job_key=job.key, trigger=f"by {user.email} (API)")
    row = next(row for row in selectors.job_rows(organisation=context.organisation) if row.job.key == job.key)
    return _job_out(row)


class AuditQuery(Schema):
    actor: str = ""
    object_type: str = Field("", description="app_label.model, such as governance.policy.")
    action: str = Field("", description="created, updated or deleted.")
    via: str = Field("", description="web, api or cli.")
    since: date | None = None
    until: date | None = None
    q: str = Field("", description="Part of the object's name, or its id.")
    limit: int = Field(100, ge=1, le=MAX_PAGE_SIZE)
    offset: int = Field(0, ge=0)


class AuditEntryOut(Schema):
    at: datetime
    actor: str
    actor_roles: str
    via: str
    api_token: str
    request_id: str
    client_address: str
    action: str
    object_type: str
    object_id: str
    object: str
    changes: dict[str, Any] = Field(description="field → [before, after]")


class AuditPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[AuditEntryOut]


@router.get("/orgs/{org_slug}/audit", response=AuditPage, summary="Read the audit log")
def list_audit_entries(request: HttpRequest, org_slug: str, filters: Query[AuditQuery]) -> dict[str, Any]:
    """Return the audit log's entries, newest first, narrowed by the filters."""
    context = api_context(request, org_slug, Capability.VIEW_AUDIT_LOG)
    entries = selectors.audit_entries(
        organisation=context.organisation,
        filters=selectors.AuditFilters(
            actor=filters.actor,
            object_type=filters.object_type,
            action=filters.action,
            via=filters.via,
            since=filters.since,
            until=filters.until,
            search=filters.q,
        ),
    )
    items = entries[filters.offset : filters.offset + filters.limit]
    return {
        "count": entries.count(),
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [
            {
                "at": entry.at,
                "actor": entry.actor_label,
                "actor_roles": entry.actor_roles,
                "via": entry.via,
                "api_token": entry.api_token,
                "request_id": entry.request_id,
                "client_address": entry.client_address,
                "action": entry.action,
                "object_type": entry.object_type,
                "object_id": entry.object_id,
                "object": entry.object_label,
                "changes": entry.changes,
            }
            for entry in items
        ],
    }


@router.get(
    "/orgs/{org_slug}/me/data", response={409: ErrorOut}, summary="Download my data", openapi_extra=ZIP_RESPONSE
)
def export_my_data(request: HttpRequest, org_slug: str) -> HttpResponse:
    """Return a ZIP of everything SocialU holds about the caller in this organisation."""
    context = api_context(request, org_slug, Capability.EXPORT_OWN_DATA)
    person = linked_person(context, why="there is nothing of yours to export")
    return download(services.person_data_export(person=person), filename=services.export_filename(person))


def _person(context: ApiContext, person_id: int) -> Person:
    person = person_get(organisation=context.organisation, person_id=person_id)
    if person is None:
        raise Http404("There is no such person in this organisation.")
    return person


@router.get("/orgs/{org_slug}/people/{person_id}/data", summary="Download a person's data", openapi_extra=ZIP_RESPONSE)
def export_person_data(request: HttpRequest, org_slug: str, person_id: int) -> HttpResponse:
    """Return a ZIP of everything SocialU holds about one person (for an access request)."""
    context = api_context(request, org_slug, Capability.MANAGE_PERSONAL_DATA)
    person = _person(context, person_id)
    return download(services.person_data_export(person=person), filename=services.export_filename(person))


class EraseIn(Schema):
    confirm: str = Field(description="The word ERASE: erasure cannot be undone.")


class EraseOut(Schema):
    person_id: int
    records: int


@router.post("/orgs/{org_slug}/people/{person_id}/erase", response={200: EraseOut}, summary="Erase a person")
def erase_person(request: HttpRequest, org_slug: str, person_id: int, payload: EraseIn) -> Status[dict[str, Any]]:
    """Anonymise the person, keeping their figures; their certificates are revoked."""
    context = api_context(request, org_slug, Capability.MANAGE_PERSONAL_DATA)
    person = _person(context, person_id)
    if payload.confirm.strip().upper() != "ERASE":
        raise InvalidInputError(
            "Send confirm: ERASE to erase this person; nothing was erased.",
            details=[FieldProblem(field="confirm", message="Write the word ERASE: erasure cannot be undone.")],
        )
    result = services.person_erase(person=person, erased_by=context.member)
    return Status(200, {"person_id": result.person_id, "records": result.rows})
