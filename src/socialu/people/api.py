"""REST endpoints for an organisation's units, people and roster imports.

Every path starts with ``/orgs/{org_slug}/``. Someone who is not a member of
that organisation gets 404, exactly as if it did not exist; a member whose
roles do not allow the action gets 403. Authentication is applied by the API
that mounts this router (``socialu.config.api``).
"""

from __future__ import annotations

import json
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest
from ninja import File, Form, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import Field

from socialu.core.api import MAX_LIMIT_ASKED, ApiContext, ErrorOut, api_context
from socialu.core.api import PageQuery as CorePageQuery
from socialu.core.permissions import Capability
from socialu.people import person_services, selectors
from socialu.people.models import Person, Unit

router = Router(tags=["people"])

MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 100
# Larger files are imported from the web page, which runs in the background
# and shows progress; an HTTP request should not wait minutes.
API_ROSTER_MAX_BYTES = 20 * 1024 * 1024


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


@router.post(
    "/orgs/{org_slug}/roster-imports",
    response={200: dict[str, Any], 400: ErrorOut, 413: ErrorOut},
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
    """Import a CSV or XLSX roster and return counts and every rejected row.

    ``mapping`` is a JSON object from a column header in the file to a person
    field. With ``dry_run`` nothing is written. With ``full_sync`` people
    missing from the file are deactivated; more than 10 % of active people
    (by default) needs ``confirm_deactivations``. ``encoding`` overrides the
    detected encoding of a CSV file. The result lists the unmapped columns,
    the encoding and, when it is uncertain, sample names. The import is
    all-or-nothing.
    """
    context = api_context(request, org_slug, Capability.IMPORT_ROSTER)
    from socialu.people.roster import ImportChoices, roster_import

    column_mapping: dict[str, str] | None = None
    if mapping.strip():
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
        column_mapping = parsed
    if file.size is not None and file.size > API_ROSTER_MAX_BYTES:
        limit_mb = API_ROSTER_MAX_BYTES // (1024 * 1024)
        return Status(
            413, {"detail": f"Files over {limit_mb} MB are imported from the roster import page in the browser."}
        )
    filename = Path(file.name or "roster.csv").name
    upload_dir = Path(settings.UPLOAD_DIR) / "api"
    upload_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=upload_dir, suffix=Path(filename).suffix, delete=False) as stored:
        for chunk in file.chunks():
            stored.write(chunk)
        stored_path = Path(stored.name)
    try:
        result = roster_import(
            organisation=context.organisation,
            path=stored_path,
            filename=filename,
            mapping=column_mapping,
            dry_run=dry_run,
            full_sync=full_sync,
            choices=ImportChoices(encoding=encoding or None, confirm_deactivations=confirm_deactivations),
        )
    finally:
        # A file that cannot be read raises RosterImportError (an InvalidInputError): 422.
        stored_path.unlink(missing_ok=True)
    return Status(200, result.to_dict())
