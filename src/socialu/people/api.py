"""REST endpoints for an organisation's units, people and roster imports.

Every path starts with ``/orgs/{org_slug}/``. Someone who is not a member of
that organisation gets 404, exactly as if it did not exist; a member whose
roles do not allow the action gets 403. Authentication is applied by the API
that mounts this router (``socialu.config.api``).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from django.http import Http404, HttpRequest
from ninja import File, Form, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import Field

from socialu.core.api import MAX_LIMIT_ASKED, ApiContext, ErrorOut, api_context, error_body
from socialu.core.api import PageQuery as CorePageQuery
from socialu.core.permissions import Capability
from socialu.people import person_services, selectors
from socialu.people.imports.services import RosterUploadError, roster_job_run_now, roster_job_start, roster_upload_store
from socialu.people.models import Person, RosterImportJob, RosterImportStatus, Unit
from socialu.people.tasks import UNEXPECTED_FAILURE_MESSAGE

router = Router(tags=["people"])

MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 100
# Files up to this size are imported within the request; larger ones are left to the
# background worker, and the client polls the job.
API_INLINE_MAX_BYTES = 256 * 1024
FINISHED_STATUSES = {RosterImportStatus.SUCCEEDED, RosterImportStatus.REJECTED, RosterImportStatus.FAILED}


# Schemas --------------------------------------------------------------------------


class UnitOut(Schema):
    id: int
    name: str
    kind: str
    path: str
    depth: int
    parent_id: int | None


class UnitPage(Schema):
    count: int = Field(description="How many units there are in all.")
    limit: int
    offset: int
    items: list[UnitOut]


class PersonOut(Schema):
    id: int
    employee_id: str
    name: str
    email: str
    unit_id: int | None
    unit_path: str | None
    audience: str
    audience_rule: str = Field(default="", description="The audience rule that set the audience at an import.")
    job_title: str
    location: str
    manager_id: int | None
    generation_band: str
    is_external: bool
    is_active: bool
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_unit_path(obj: Person) -> str | None:
        return obj.unit.path if obj.unit_id is not None and obj.unit is not None else None


class PersonPage(Schema):
    count: int = Field(description="How many people match the filters in all.")
    limit: int
    offset: int
    items: list[PersonOut]


class PersonCreateIn(Schema):
    employee_id: str
    name: str
    email: str
    unit_id: int | None = None
    audience: str = Field("observer", description="leadership, management, practitioner, infrastructure or observer")
    job_title: str = ""
    location: str = ""
    manager_id: int | None = None
    generation_band: str = ""
    is_external: bool = False
    is_active: bool = True


class PersonPatchIn(Schema):
    employee_id: str | None = None
    name: str | None = None
    email: str | None = None
    unit_id: int | None = None
    audience: str | None = None
    job_title: str | None = None
    location: str | None = None
    manager_id: int | None = None
    generation_band: str | None = None
    is_external: bool | None = None
    is_active: bool | None = None


class DirectoryPageQuery(CorePageQuery):
    limit: int = Field(
        DEFAULT_PAGE_SIZE, ge=1, le=MAX_LIMIT_ASKED, description=f"At most {MAX_PAGE_SIZE}; larger values are capped."
    )


class PeopleQuery(DirectoryPageQuery):
    q: str = Field("", description="Part of a name, or the start of an email or employee id.")
    unit: int | None = Field(None, description="A unit id; people in units below it are included.")
    audience: str = ""
    location: str = Field("", description="A location exactly as stored, e.g. 'London'.")
    active: bool | None = None


# Helpers --------------------------------------------------------------------------


def _person_or_404(context: ApiContext, person_id: int) -> Person:
    person = selectors.person_get(organisation=context.organisation, person_id=person_id)
    if person is None:
        raise Http404(f"There is no person {person_id} in this organisation.")
    return person


# Endpoints ------------------------------------------------------------------------


@router.get("/orgs/{org_slug}/units", response=UnitPage, summary="List units")
def list_units(request: HttpRequest, org_slug: str, page: Query[DirectoryPageQuery]) -> dict[str, Any]:
    """Return the organisation's units in tree order, a page at a time."""
    context = api_context(request, org_slug, Capability.VIEW_PEOPLE)
    units = selectors.unit_list(organisation=context.organisation)
    limit = min(page.limit, MAX_PAGE_SIZE)
    items: list[Unit] = list(units[page.offset : page.offset + limit])
    return {"count": units.count(), "limit": limit, "offset": page.offset, "items": items}


@router.get("/orgs/{org_slug}/people", response=PersonPage, summary="List people")
def list_people(request: HttpRequest, org_slug: str, filters: Query[PeopleQuery]) -> dict[str, Any]:
    """Return people matching the filters, by name, a page at a time, with the total count."""
    context = api_context(request, org_slug, Capability.VIEW_PEOPLE)
    active = {None: selectors.ActiveFilter.ALL, True: selectors.ActiveFilter.ACTIVE}.get(
        filters.active, selectors.ActiveFilter.INACTIVE
    )
    people = selectors.directory_queryset(
        organisation=context.organisation,
        filters=selectors.DirectoryFilters(
            search=filters.q,
            unit_id=filters.unit,
            audience=filters.audience,
            location=filters.location.strip(),
            active=active,
        ),
    )
    limit = min(filters.limit, MAX_PAGE_SIZE)
    items = list(people.select_related("unit")[filters.offset : filters.offset + limit])
    return {"count": people.count(), "limit": limit, "offset": filters.offset, "items": items}


@router.get("/orgs/{org_slug}/people/{person_id}", response={200: PersonOut, 404: ErrorOut}, summary="Get a person")
def get_person(request: HttpRequest, org_slug: str, person_id: int) -> Person:
    """Return one person."""
    context = api_context(request, org_slug, Capability.VIEW_PEOPLE)
    return _person_or_404(context, person_id)


@router.post(
    "/orgs/{org_slug}/people",
    response={201: PersonOut, 422: ErrorOut},
    summary="Create a person",
)
def create_person(request: HttpRequest, org_slug: str, payload: PersonCreateIn) -> Status[Person]:
    """Create a person. Invalid values answer 422 with a message for each field."""
    context = api_context(request, org_slug, Capability.MANAGE_PEOPLE)
    person = person_services.person_create(organisation=context.organisation, **payload.model_dump())
    return Status(201, selectors.person_get(organisation=context.organisation, person_id=person.pk) or person)


@router.patch(
    "/orgs/{org_slug}/people/{person_id}",
    response={200: PersonOut, 404: ErrorOut, 422: ErrorOut},
    summary="Change a person",
)
def update_person(request: HttpRequest, org_slug: str, person_id: int, payload: PersonPatchIn) -> Person:
    """Change the fields sent; fields left out keep their values. Send null to clear unit or manager."""
    context = api_context(request, org_slug, Capability.MANAGE_PEOPLE)
    person = _person_or_404(context, person_id)
    changes = payload.model_dump(exclude_unset=True)
    for field in ("employee_id", "name", "email", "audience", "is_external", "is_active"):
        if field in changes and changes[field] is None:
            raise person_services.PersonError({field: ["This field cannot be empty."]})
    person_services.person_update(person=person, **changes)
    return _person_or_404(context, person_id)


class RosterImportJobOut(Schema):
    """A roster import: queued, running or finished. Poll its ``url`` until ``status`` is final."""

    id: int
    url: str = Field(description="Where to poll this import.")
    status: str = Field(description="queued, running, succeeded, rejected (nothing written) or failed.")
    finished: bool
    dry_run: bool
    full_sync: bool
    encoding: str = Field(description="The CSV encoding asked for; empty means detected.")
    confirm_deactivations: bool
    original_filename: str
    rows_done: int
    rows_total: int = Field(description="About how many rows the file has; 0 until known.")
    result: dict[str, Any] | None = Field(
        description="Once finished: the counts and every rejected row (as `socialu roster import --json`)."
    )
    error_message: str = Field(description="Why a failed import could not run.")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


def _job_out(request: HttpRequest, org_slug: str, job: RosterImportJob) -> dict[str, Any]:
    progress = selectors.roster_job_progress(job=job)
    return {
        "id": job.pk,
        "url": request.build_absolute_uri(f"/api/v1/orgs/{org_slug}/roster-imports/{job.pk}"),
        "status": job.status,
        "finished": job.status in FINISHED_STATUSES,
        "dry_run": job.dry_run,
        "full_sync": job.full_sync,
        "encoding": job.encoding,
        "confirm_deactivations": job.confirm_deactivations,
        "original_filename": job.original_filename,
        "rows_done": progress.done,
        "rows_total": progress.total,
        "result": job.result,
        "error_message": job.error_message,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
    }


def _parsed_mapping(mapping: str) -> dict[str, str]:
    if not mapping.strip():
        return {}
    try:
        parsed = json.loads(mapping)
    except json.JSONDecodeError as error:
        raise HttpError(400, f"mapping is not valid JSON: {error.msg}.") from error
    if not isinstance(parsed, dict) or not all(
        isinstance(key, str) and isinstance(value, str) for key, value in parsed.items()
    ):
        raise HttpError(
            400, 'mapping must be a JSON object of column header to field, e.g. {"Staff no": "employee_id"}.'
        )
    return parsed


@router.post(
    "/orgs/{org_slug}/roster-imports",
    response={
        201: RosterImportJobOut,
        202: RosterImportJobOut,
        400: ErrorOut,
        413: ErrorOut,
        422: ErrorOut,
        500: ErrorOut,
        503: ErrorOut,
    },
    summary="Import a roster file",
)
def import_roster(
    request: HttpRequest,
    *,
    org_slug: str,
    file: File[UploadedFile],
    dry_run: Form[bool] = False,
    full_sync: Form[bool] = False,
    mapping: Form[str] = "",
    encoding: Form[str] = "",
    confirm_deactivations: Form[bool] = False,
) -> Status[dict[str, Any]]:
    """Import a CSV or XLSX roster, exactly as the Import roster page does: as a background job.

    ``mapping`` is a JSON object from a column header in the file to a person
    field. With ``dry_run`` nothing is written. With ``full_sync`` people
    missing from the file are deactivated; more than 10 % of active people
    (by default) needs ``confirm_deactivations``. ``encoding`` overrides the
    detected encoding of a CSV file. The result lists the unmapped columns,
    the encoding and, when it is uncertain, sample names. The import is
    all-or-nothing.

    A small file is imported at once: the answer is ``201`` with the finished
    import. A larger one answers ``202`` with the queued import; poll its
    ``url`` until ``finished`` is true. A file that cannot be read (or a full
    sync that needs ``confirm_deactivations``) answers ``422`` when imported at
    once; a queued import fails with the same message (``status`` "failed",
    ``error_message``).
    """
    context = api_context(request, org_slug, Capability.IMPORT_ROSTER)
    from socialu.people.roster import ImportChoices

    column_mapping = _parsed_mapping(mapping)
    try:
        stored = roster_upload_store(organisation=context.organisation, uploaded=file)
    except RosterUploadError as error:
        return Status(503, {"detail": str(error)})
    job = roster_job_start(
        organisation=context.organisation,
        user_id=context.user_id,
        stored_path=stored,
        original_filename=Path(file.name or "roster.csv").name,
        mapping=column_mapping,
        dry_run=dry_run,
        full_sync=full_sync,
        choices=ImportChoices(encoding=encoding or None, confirm_deactivations=confirm_deactivations),
    )
    if file.size is None or file.size > API_INLINE_MAX_BYTES:
        return Status(202, _job_out(request, org_slug, job))
    roster_job_run_now(job=job)
    job.refresh_from_db()
    if job.status == RosterImportStatus.FAILED:
        if job.error_message == UNEXPECTED_FAILURE_MESSAGE:
            return Status(500, error_body(job.error_message))
        # The file was refused (unreadable, over a limit) or the import needs a confirmation.
        return Status(422, error_body(job.error_message))
    return Status(201, _job_out(request, org_slug, job))


@router.get(
    "/orgs/{org_slug}/roster-imports/{job_id}",
    response={200: RosterImportJobOut, 404: ErrorOut},
    summary="Follow a roster import",
)
def roster_import_get(request: HttpRequest, org_slug: str, job_id: int) -> dict[str, Any]:
    """Return a roster import's status, progress and, once finished, its result."""
    context = api_context(request, org_slug, Capability.IMPORT_ROSTER)
    job = selectors.roster_job_get(organisation=context.organisation, job_id=job_id)
    if job is None:
        raise Http404(f"There is no roster import {job_id} in this organisation.")
    return _job_out(request, org_slug, job)
