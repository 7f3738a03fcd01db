"""Check the cells of one roster row and turn them into stored values."""

from __future__ import annotations

from dataclasses import replace
from hashlib import blake2b
from operator import itemgetter
from typing import Any

from socialu.core.models import Organisation
from socialu.core.text import clean_text, has_control_characters
from socialu.people.models import UNIT_PATH_SEPARATOR, Unit
from socialu.people.roster import values as v
from socialu.people.roster.results import RowError, row_error
from socialu.people.services import unit_ensure_path

RowValues = tuple[str, str, str, int | None, str, str, str, str, str, bool, bool, str]

_UNKNOWN: Any = object()
# The order of a row's parts; employee_id and email come first for the importer's quick path.
PART_FIELDS = (
    "employee_id",
    "name",
    "email",
    "unit",
    "audience",
    "job_title",
    "location",
    "manager_employee_id",
    "generation_band",
    "is_external",
    "is_active",
    "first_name",
    "last_name",
)
_ALLOWED_AUDIENCES = ", ".join(v.AUDIENCES)
_ALLOWED_GENERATIONS = "Baby boomer, Generation X, Millennial or Generation Z"


class RowChecker:
    """Validate rows of one file against one organisation, remembering repeated values."""

    def __init__(self, *, organisation: Organisation, headers: list[str], mapping: dict[str, str]) -> None:
        self.organisation = organisation
        self.column_of: dict[str, str] = {field: header for header, field in mapping.items()}
        self.fields = set(self.column_of)
        index = {header: position for position, header in enumerate(headers)}
        self.index: dict[str, int] = {field: index[header] for field, header in self.column_of.items()}
        self.manager_mapped = "manager_employee_id" in self.fields
        self.audience_values: list[str] = list(v.AUDIENCES)
        self.audience_index = {value: position for position, value in enumerate(self.audience_values)}
        self.units_created = 0
        self.dry_run = False
        self._units: dict[str, tuple[int | None, str, str]] = {}
        self._unit_ids = dict(Unit.objects.filter(organisation=organisation).values_list("path", "pk"))
        self._unit_by_name = self._unique_names(self._unit_ids)
        self._audiences: dict[str, Any] = {"": ""}
        self._generations: dict[str, Any] = {"": ""}
        self._externals: dict[str, Any] = {"": False}
        self._actives: dict[str, Any] = {"": True}
        self._email_match = v.EMAIL_PATTERN.fullmatch
        self._has_name_parts = "first_name" in self.index or "last_name" in self.index
        # Unmapped fields read the blank cell the importer appends after the last column.
        blank = len(headers)
        self._getter = itemgetter(*(self.index.get(field, blank) for field in PART_FIELDS))
        # The fingerprint covers the mapped cells in column order; the salt records which
        # field each column fills, so that a different mapping counts as a change.
        columns = sorted((position, field) for field, position in self.index.items())
        self.mapped_positions = [*(position for position, _field in columns), blank]
        self.mapped_cells = itemgetter(*self.mapped_positions)
        self.fingerprint_salt = blake2b(repr(columns).encode(), digest_size=16).digest()

    @staticmethod
    def _unique_names(paths: dict[str, int]) -> dict[str, str]:
        """Return unit name -> path for names used by exactly one unit."""
        found: dict[str, str] = {}
        repeated: set[str] = set()
        for path in paths:
            name = path.rsplit(UNIT_PATH_SEPARATOR, 1)[-1]
            if name in found:
                repeated.add(name)
            found[name] = path
        return {name: path for name, path in found.items() if name not in repeated}

    def parts(self, cells: list[str]) -> list[str]:
        """Return the row's cells in PART_FIELDS order, stripped, the email in lower case.

        *cells* must carry one blank cell after the last column, read for unmapped fields.
        """
        parts = [*map(str.strip, self._getter(cells))]
        parts[2] = parts[2].lower()
        return parts

    def fast(self, parts: list[str]) -> RowValues | None:
        """Return the row's values when the row is clearly valid, else None (then call check)."""
        eid, name, email, unit_raw, audience, job, location, manager, generation, external, active, first, last = parts
        if not name and self._has_name_parts:
            name = " ".join(part for part in (first, last) if part)
        # The same limits as values.MAX_LENGTHS, written out because this runs for every row.
        if (
            not eid
            or not name
            or not email
            or has_control_characters("".join(parts))
            or len(eid) > 64
            or len(name) > 200
            or len(email) > 254
            or len(job) > 200
            or len(location) > 200
            or len(manager) > 64
            or self._email_match(email) is None
        ):
            return None
        unit = self._units.get(unit_raw)
        if unit is None:
            unit = self._unit(unit_raw)
        audience = self._audiences.get(audience, _UNKNOWN)
        generation = self._generations.get(generation, _UNKNOWN)
        external = self._externals.get(external, _UNKNOWN)
        active = self._actives.get(active, _UNKNOWN)
        if unit[2] or audience is _UNKNOWN or generation is _UNKNOWN or external is _UNKNOWN or active is _UNKNOWN:
            return None
        if audience is None or generation is None or external is None or active is None:
            return None
        return (eid, name, email, unit[0], audience, job, location, manager, generation, external, active, unit[1])

    def _cell(self, cells: list[str], field: str) -> str:
        position = self.index.get(field)
        # Control characters (NUL, BEL, ESC…) are dropped, as everywhere a person's text is stored.
        return clean_text(cells[position]).strip() if position is not None else ""

    def error(self, line: int, field: str, value: str, message: str, employee_id: str = "") -> RowError:
        """Return an error about *field* on *line*, of the person with *employee_id* when known."""
        return row_error(
            line=line,
            column=self.column_of.get(field, ""),
            field=field,
            value=value,
            message=message,
            employee_id=employee_id,
        )

    def check(self, cells: list[str], line: int) -> tuple[RowValues | None, list[RowError]]:
        """Return the row's values and its errors; values are None for a blank or unidentifiable row."""
        cell = self._cell
        errors: list[RowError] = []
        employee_id = cell(cells, "employee_id")
        email = cell(cells, "email").lower()
        name = cell(cells, "name")
        if not name and ("first_name" in self.index or "last_name" in self.index):
            name = " ".join(part for part in (cell(cells, "first_name"), cell(cells, "last_name")) if part)
        if not employee_id and not email and not name and not any(value.strip() for value in cells):
            return None, errors
        if not employee_id:
            errors.append(
                self.error(line, "employee_id", "", "The employee ID is empty. Fill it in or remove the row.")
            )
        if not name:
            name_field = "name" if "name" in self.index else "first_name"
            errors.append(self.error(line, name_field, "", "The name is empty. Fill in the person's name."))
        if not email:
            errors.append(self.error(line, "email", "", "The email address is empty. Fill in the work email address."))
        elif not v.EMAIL_PATTERN.fullmatch(email):
            errors.append(
                self.error(
                    line, "email", email, f"{email!r} is not a valid email address. Correct it, e.g. name@example.com."
                )
            )
        job_title = cell(cells, "job_title")
        location = cell(cells, "location")
        manager_id = cell(cells, "manager_employee_id")
        for field, value in (
            ("employee_id", employee_id),
            ("name", name),
            ("email", email),
            ("job_title", job_title),
            ("location", location),
            ("manager_employee_id", manager_id),
        ):
            limit = v.MAX_LENGTHS[field]
            if len(value) > limit:
                errors.append(
                    self.error(
                        line,
                        field,
                        value,
                        f"This value is {len(value)} characters long; the limit is {limit}. Shorten it.",
                    )
                )
        unit_id, unit_path, unit_problem = self._unit(cell(cells, "unit"))
        if unit_problem:
            errors.append(self.error(line, "unit", cell(cells, "unit"), unit_problem))
        audience = self._audience(cell(cells, "audience"), line, errors)
        generation_band = self._generation(cell(cells, "generation_band"), line, errors)
        is_external = self._flag(cell(cells, "is_external"), "is_external", line, errors)
        is_active = self._flag(cell(cells, "is_active"), "is_active", line, errors)
        if not employee_id:
            return None, errors
        errors = [replace(error, employee_id=employee_id) for error in errors]
        values: RowValues = (
            employee_id,
            name,
            email,
            unit_id,
            audience,
            job_title,
            location,
            manager_id,
            generation_band,
            is_external,
            is_active,
            unit_path,
        )
        return values, errors

    def _unit(self, raw: str) -> tuple[int | None, str, str]:
        """Return the unit id, its path and a problem (empty when fine) for a unit cell."""
        cached = self._units.get(raw)
        if cached is not None:
            return cached
        names = v.unit_names(raw)
        problem = ""
        unit_id: int | None = None
        path = v.unit_path(names)
        longest = max((len(name) for name in names), default=0)
        if longest > v.MAX_UNIT_NAME_LENGTH:
            problem = f"A unit name is {longest} characters long; the limit is {v.MAX_UNIT_NAME_LENGTH}. Shorten it."
        elif len(path) > v.MAX_LENGTHS["unit"]:
            problem = f"The unit path is {len(path)} characters long; the limit is {v.MAX_LENGTHS['unit']}. Shorten it."
        elif names:
            if len(names) == 1 and path not in self._unit_ids and path in self._unit_by_name:
                path = self._unit_by_name[path]
            unit_id, created = unit_ensure_path(
                organisation=self.organisation,
                names=path.split(UNIT_PATH_SEPARATOR),
                known=self._unit_ids,
                dry_run=self.dry_run,
            )
            self.units_created += created
        result = (unit_id if unit_id and unit_id > 0 else None, path, problem)
        self._units[raw] = result
        return result

    def _audience(self, raw: str, line: int, errors: list[RowError]) -> str:
        if not raw:
            return ""
        found = self._audiences.get(raw, _UNKNOWN)
        if found is _UNKNOWN:
            found = v.AUDIENCE_SYNONYMS.get(v.key(raw))
            self._audiences[raw] = found
        if found is None:
            errors.append(
                self.error(
                    line,
                    "audience",
                    raw,
                    f"{raw!r} is not an audience. Use one of: {_ALLOWED_AUDIENCES} (or leave it empty).",
                )
            )
            return ""
        return str(found)

    def _generation(self, raw: str, line: int, errors: list[RowError]) -> str:
        if not raw:
            return ""
        found = self._generations.get(raw, _UNKNOWN)
        if found is _UNKNOWN:
            found = v.GENERATION_SYNONYMS.get(v.key(raw))
            self._generations[raw] = found
        if found is None:
            errors.append(
                self.error(
                    line,
                    "generation_band",
                    raw,
                    f"{raw!r} is not a generation band. Use {_ALLOWED_GENERATIONS}, or leave it empty.",
                )
            )
            return ""
        return str(found)

    def _flag(self, raw: str, field: str, line: int, errors: list[RowError]) -> bool:
        cache: dict[str, bool | None] = self._externals if field == "is_external" else self._actives
        table = v.EXTERNAL_VALUES if field == "is_external" else v.ACTIVE_VALUES
        found = cache.get(raw, _UNKNOWN)
        if found is _UNKNOWN:
            found = table.get(v.key(raw))
            cache[raw] = found
        if found is None:
            if field == "is_external":
                message = f"{raw!r} does not say whether the person is external. Use Yes or No, or a worker type."
            else:
                message = f"{raw!r} is not a status SocialU knows. Use Active, Inactive, Terminated or Leave."
            errors.append(self.error(line, field, raw, message))
            return field == "is_active"
        return bool(found)

    def duplicate_employee_id(self, line: int, employee_id: str, first_line: int) -> RowError:
        """Return the error for an employee id already used on *first_line*."""
        return self.error(
            line,
            "employee_id",
            employee_id,
            f"Employee ID {employee_id} appears on line {first_line} and line {line}. "
            "Each person may appear once; remove or correct one of the rows.",
            employee_id,
        )

    def duplicate_email(self, line: int, email: str, first_line: int, owner: str) -> RowError:
        """Return the error for an email used on another line or by another person."""
        if first_line:
            message = (
                f"The email {email} is also used by employee {owner} on line {first_line}. "
                "Each person needs their own address; correct one of the rows."
            )
        else:
            message = (
                f"The email {email} already belongs to employee {owner} in SocialU. "
                "Correct the address, or change that person's email first."
            )
        return self.error(line, "email", email, message)

    def self_managed(self, line: int, employee_id: str) -> RowError:
        """Return the error for a person who is their own manager."""
        return self.error(
            line,
            "manager_employee_id",
            employee_id,
            f"Employee {employee_id} is their own manager. Correct the Manager ID or leave it empty.",
            employee_id,
        )

    def manager_not_found(self, line: int, manager_id: str) -> RowError:
        """Return the error for a manager id that matches nobody."""
        return self.error(
            line,
            "manager_employee_id",
            manager_id,
            f"Manager ID {manager_id} is not in this file or in SocialU. Add the manager's row or correct the ID.",
        )

    def manager_cycle(self, line: int, manager_id: str, chain: list[str]) -> RowError:
        """Return the error for a row whose chain of managers loops back to it."""
        shown = chain if len(chain) <= 12 else [*chain[:10], "…", chain[-1]]
        return self.error(
            line,
            "manager_employee_id",
            manager_id,
            f"The chain of managers goes round in a circle: {' → '.join(shown)}. "
            "Correct the Manager ID of one of these people so the chain ends with someone who has no manager.",
        )
