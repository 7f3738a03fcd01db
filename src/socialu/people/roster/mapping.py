"""Match a file's headers to person fields."""

from __future__ import annotations

import re

from socialu.people.roster.results import FIELD_NAMES, RosterImportError

IGNORE = "ignore"

_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")

# Normalised header -> field. Headers are compared without case, spaces or punctuation.
_ALIASES: dict[str, tuple[str, ...]] = {
    "employee_id": (
        "Employee ID",
        "Employee Number",
        "Employee No",
        "Emp ID",
        "Worker ID",
        "Person Number",
        "Person ID",
        "Staff ID",
        "Staff Number",
        "Personnel Number",
        "Employee Code",
        "Associate ID",
        "Payroll Number",
        "ID",
    ),
    "email": (
        "Work Email",
        "Email",
        "E-mail",
        "Email Address",
        "Primary Work Email",
        "Work Email Address",
        "Business Email",
        "Email - Work",
        "Email (Work)",
        "Corporate Email",
        "Mail",
    ),
    "name": (
        "Name",
        "Full Name",
        "Employee Name",
        "Worker",
        "Worker Name",
        "Legal Name",
        "Preferred Name",
        "Display Name",
        "Employee Full Name",
        "Legal Full Name",
        "Preferred Full Name",
    ),
    "first_name": ("First Name", "Given Name", "Forename", "First", "Legal First Name", "Preferred First Name"),
    "last_name": ("Last Name", "Surname", "Family Name", "Last", "Legal Last Name", "Preferred Last Name"),
    "unit": (
        "Unit",
        "Supervisory Organization",
        "Supervisory Organisation",
        "Department",
        "Org Unit",
        "Organization",
        "Organisation",
        "Organizational Unit",
        "Organisational Unit",
        "Team",
        "Cost Center Name",
        "Cost Centre Name",
        "Division",
        "Business Unit",
        "Department Name",
        "Org Unit Name",
        "Organizational Unit Name",
        "Organisational Unit Name",
    ),
    "manager_employee_id": (
        "Manager ID",
        "Manager Employee ID",
        "Manager Employee Number",
        "Supervisor ID",
        "Supervisor Employee ID",
        "Reports To",
        "Line Manager ID",
        "Line Manager Employee ID",
        "Manager Worker ID",
        "Manager Number",
        "Supervisor Employee Number",
        "Reports To ID",
        "Reports To Employee ID",
    ),
    "job_title": (
        "Job Title",
        "Business Title",
        "Job Profile",
        "Job Profile Name",
        "Position",
        "Position Title",
        "Job Position",
        "Job Role",
        "Role",
        "Designation",
        "Job Name",
        "Job",
    ),
    "location": (
        "Location",
        "Work Location",
        "Work Location Name",
        "Primary Work Location",
        "Office Location",
        "Office",
        "Site",
        "City",
    ),
    "audience": ("Audience", "SocialU Audience"),
    "generation_band": ("Generation", "Generation Band"),
    "is_external": (
        "External",
        "Is External",
        "Contractor",
        "Partner",
        "Worker Type",
        "Employee Type",
        "Worker Category",
        "Employment Type",
        "Contract Type",
    ),
    "is_active": ("Active", "Is Active", "Status", "Employment Status", "Worker Status", "Employee Status"),
}


def normalise_header(header: str) -> str:
    """Return *header* without case, spaces or punctuation ("Work E-mail" -> "workemail")."""
    return _NOT_ALPHANUMERIC.sub("", header.strip().lower())


DEFAULT_HEADER_MAP: dict[str, str] = {
    normalise_header(alias): field for field, aliases in _ALIASES.items() for alias in aliases
}
DEFAULT_HEADER_MAP.update({normalise_header(field): field for field in FIELD_NAMES})


def default_aliases() -> dict[str, tuple[str, ...]]:
    """Return the headers recognised without an explicit mapping, by field."""
    return dict(_ALIASES)


def suggest_mapping(headers: list[str]) -> dict[str, str]:
    """Return header -> field for every header we recognise; the first header wins a field."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        field = DEFAULT_HEADER_MAP.get(normalise_header(header))
        if field is not None and field not in taken:
            mapping[header] = field
            taken.add(field)
    return mapping


def resolve_mapping(*, headers: list[str], explicit: dict[str, str] | None) -> dict[str, str]:
    """Return the mapping to use: defaults overridden by *explicit*, checked for mistakes."""
    mapping = suggest_mapping(headers)
    if explicit:
        by_normalised = {normalise_header(header): header for header in headers}
        for given_header, given_field in explicit.items():
            header = given_header if given_header in headers else by_normalised.get(normalise_header(given_header))
            if header is None:
                raise RosterImportError(
                    f"The mapping names the column {given_header!r}, but the file has no such column. "
                    f"The file's columns are: {', '.join(headers)}."
                )
            field = given_field.strip()
            if field in {"", IGNORE}:
                mapping.pop(header, None)
                continue
            if field not in FIELD_NAMES:
                raise RosterImportError(
                    f"The mapping sends {header!r} to {field!r}, which is not a person field. "
                    f"Use one of: {', '.join(sorted(FIELD_NAMES))}, or 'ignore'."
                )
            for other, other_field in list(mapping.items()):
                if other_field == field and other != header:
                    del mapping[other]
            mapping[header] = field
    _check_required(headers=headers, mapping=mapping)
    return mapping


def _check_required(*, headers: list[str], mapping: dict[str, str]) -> None:
    """Raise RosterImportError when a required field has no column."""
    fields = set(mapping.values())
    missing = [label for field, label in (("employee_id", "Employee ID"), ("email", "Email")) if field not in fields]
    if "name" not in fields and not {"first_name", "last_name"} & fields:
        missing.append("Name (or First Name and Last Name)")
    if missing:
        raise RosterImportError(
            f"The file has no column for {' and '.join(missing)}. Its columns are: {', '.join(headers)}. "
            'Rename the column in the file or map it explicitly (for example --map "Staff Ref=employee_id").'
        )
