"""Apply the organisation's audience rules to the people of a roster file without an audience column."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from socialu.core.models import Organisation
from socialu.core.tabular import open_table
from socialu.people.audience_rules.placement import Member, Rule, place
from socialu.people.audience_rules.selectors import audience_rules_for
from socialu.people.models import Person
from socialu.people.roster import values as v
from socialu.people.roster.results import RosterImportResult

_CHUNK = 2000


def roster_audiences_place(
    *,
    organisation: Organisation,
    result: RosterImportResult,
    path: Path,
    filename: str | None,
    encoding: str | None,
    write: bool = False,
) -> dict[str, tuple[str, str]]:
    """Count how many people each rule places and return employee ID -> (audience, rule that set it).

    When *write*, also set them now, in the caller's transaction. A real roster
    import does not: it hands the placement to RosterStage.apply, which writes
    it in short transactions after the people, covered by the undo journal.
    Does nothing (and returns no placement) when the file has an audience
    column: the file decides then.
    """
    if "audience" in result.mapping.values():
        return {}
    rules = audience_rules_for(organisation=organisation)
    placed = place(_members(path=path, filename=filename, encoding=encoding, mapping=result.mapping), rules)
    counts = Counter(rule.position for rule in placed.values())
    result.audience_rules = [
        {"rule": rule.describe(), "audience": rule.audience, "people": counts.get(rule.position, 0)} for rule in rules
    ]
    if write and placed:
        _write(organisation, placed)
    return {employee_id: (rule.audience, rule.describe()) for employee_id, rule in placed.items()}


def _members(*, path: Path, filename: str | None, encoding: str | None, mapping: dict[str, str]) -> Iterator[Member]:
    columns = {field: header for header, field in mapping.items()}
    with open_table(path=path, filename=filename, encoding=encoding) as table:
        index = {field: table.headers.index(header) for field, header in columns.items()}

        def cell(row: list[str], field: str) -> str:
            position = index.get(field)
            return row[position].strip() if position is not None and position < len(row) else ""

        for row in table.rows:
            employee_id = cell(row, "employee_id")
            if employee_id:
                yield Member(
                    employee_id=employee_id,
                    job_title=cell(row, "job_title"),
                    manager_id=cell(row, "manager_employee_id"),
                    unit=cell(row, "unit"),
                    is_external=bool(v.EXTERNAL_VALUES.get(v.key(cell(row, "is_external")), False)),
                )


def _write(organisation: Organisation, placed: dict[str, Rule]) -> None:
    """Set audience and rule for each group of people one rule placed, in chunks of employee ids."""
    groups: defaultdict[Rule, list[str]] = defaultdict(list)
    for employee_id, rule in placed.items():
        groups[rule].append(employee_id)
    for rule, employee_ids in groups.items():
        for start in range(0, len(employee_ids), _CHUNK):
            Person.objects.filter(
                organisation=organisation, employee_id__in=employee_ids[start : start + _CHUNK]
            ).update(audience=rule.audience, audience_rule=rule.describe())
