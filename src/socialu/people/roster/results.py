"""The public shapes of a roster import: fields, results, errors."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from socialu.core.tabular import TabularFileError

MAX_ERROR_VALUE_LENGTH = 200

# A problem with the whole file; the message tells a person what to do. The shared
# tabular reader raises the same error, so callers catch one class.
RosterImportError = TabularFileError


@dataclass(frozen=True)
class RosterField:
    """One person field a roster column can fill."""

    name: str
    label: str
    required: bool
    help: str


@dataclass(frozen=True)
class RowError:
    """Why one row of the file was rejected: where, which person (by employee ID), and what to do."""

    line: int
    column: str
    field: str
    value: str
    message: str
    employee_id: str = ""

    @property
    def summary(self) -> str:
        """Return the whole error in one sentence a person can act on, as HR looks rows up by ID."""
        who = f" (employee {self.employee_id})" if self.employee_id else ""
        where = f"Line {self.line}{who}, column “{self.column or self.field}”"
        value = f", value “{self.value}”" if self.value else ", empty"
        return f"{where}{value}: {self.message}"


@dataclass(frozen=True)
class ImportChoices:
    """What the person importing chose beyond the mapping: the file's encoding, and confirming deactivations."""

    encoding: str | None = None
    confirm_deactivations: bool = False


@dataclass
class RosterImportResult:
    """What an import did, or would do in a dry run."""

    dry_run: bool
    full_sync: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    rejected: int = 0
    units_created: int = 0
    errors: list[RowError] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    applied: bool = False
    # Columns of the file that fill no field, so that nobody wonders where a column went.
    unmapped_columns: list[str] = field(default_factory=list)
    # How a CSV file was decoded; when the guess is not certain, sample names show what it gives.
    encoding: str = ""
    encoding_certain: bool = True
    encoding_note: str = ""
    sample_names: list[str] = field(default_factory=list)
    # Active people before a full sync, and whether the deactivations exceed the share allowed unconfirmed.
    active_before: int = 0
    deactivation_limit_percent: float = 0.0
    needs_confirmation: bool = False
    warnings: list[str] = field(default_factory=list)
    # Without an audience column: each audience rule, its audience and how many people it places.
    audience_rules: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return the result as plain JSON-ready data."""
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "deactivated": self.deactivated,
            "rejected": self.rejected,
            "units_created": self.units_created,
            "applied": self.applied,
            "dry_run": self.dry_run,
            "full_sync": self.full_sync,
            "mapping": dict(self.mapping),
            "unmapped_columns": list(self.unmapped_columns),
            "encoding": self.encoding,
            "encoding_certain": self.encoding_certain,
            "encoding_note": self.encoding_note,
            "sample_names": list(self.sample_names),
            "active_before": self.active_before,
            "needs_confirmation": self.needs_confirmation,
            "warnings": list(self.warnings),
            "audience_rules": list(self.audience_rules),
            "errors": [{**asdict(error), "summary": error.summary} for error in self.errors],
        }


ROSTER_FIELDS: list[RosterField] = [
    RosterField("employee_id", "Employee ID", True, "The person's unique id in the HR system."),
    RosterField("name", "Name", True, "Full name. Leave unmapped when the file has first and last name columns."),
    RosterField("first_name", "First name", False, "Combined with the last name when the file has no name column."),
    RosterField("last_name", "Last name", False, "Combined with the first name when the file has no name column."),
    RosterField("email", "Email", True, "Work email address; stored in lower case and unique in the organisation."),
    RosterField("unit", "Unit", False, "A unit name or a path such as 'Division > Department > Team'."),
    RosterField(
        "audience",
        "Audience",
        False,
        "leadership, management, practitioner, infrastructure or observer. Empty keeps the current audience.",
    ),
    RosterField("job_title", "Job title", False, "The person's job title."),
    RosterField("location", "Location", False, "Office, site or city."),
    RosterField("manager_employee_id", "Manager ID", False, "The employee id of the person's manager."),
    RosterField("generation_band", "Generation band", False, "Baby boomer, Generation X, Millennial or Generation Z."),
    RosterField("is_external", "External", False, "Yes for partners and contractors, or a worker type."),
    RosterField("is_active", "Active", False, "Active, Inactive, Terminated or Leave; empty means active."),
]

FIELD_NAMES: frozenset[str] = frozenset(item.name for item in ROSTER_FIELDS)
FIELD_LABELS: dict[str, str] = {item.name: item.label for item in ROSTER_FIELDS}


def row_error(*, line: int, column: str, field: str, value: str, message: str, employee_id: str = "") -> RowError:
    """Return a RowError with the value truncated to a readable length."""
    return RowError(
        line=line,
        column=column,
        field=field,
        value=value[:MAX_ERROR_VALUE_LENGTH],
        message=message,
        employee_id=employee_id[:MAX_ERROR_VALUE_LENGTH],
    )
