"""What a roster import says about the file besides its rows: encoding, ignored columns, mass deactivation."""

from __future__ import annotations

from itertools import islice
from pathlib import Path

from django.conf import settings

from socialu.core.tabular import Table, open_table
from socialu.people.roster.results import RosterImportError, RosterImportResult

DEFAULT_MAX_DEACTIVATION_SHARE = 0.10
SAMPLE_NAMES = 5
_SAMPLE_ROWS = 5000


def max_deactivation_share() -> float:
    """Return the share of active people a full sync may deactivate without confirmation (0.10 = 10 %)."""
    return float(getattr(settings, "SOCIALU_ROSTER_MAX_DEACTIVATION_SHARE", DEFAULT_MAX_DEACTIVATION_SHARE))


def describe_file(*, result: RosterImportResult, table: Table, path: Path, filename: str | None) -> None:
    """Record the columns no field reads and how the file was decoded, with sample names when unsure."""
    result.unmapped_columns = [header for header in table.headers if header and header not in result.mapping]
    choice = table.encoding
    if choice is None:
        return
    result.encoding = choice.label
    result.encoding_certain = choice.certain
    result.encoding_note = choice.note
    if not choice.certain:
        result.sample_names = _sample_names(path=path, filename=filename, encoding=choice.encoding, result=result)
        result.warnings.append(choice.note)


def _sample_names(*, path: Path, filename: str | None, encoding: str, result: RosterImportResult) -> list[str]:
    """Return a few names as the chosen encoding reads them, those with accented letters first."""
    columns = {field: header for header, field in result.mapping.items()}
    with open_table(path=path, filename=filename, encoding=encoding) as table:
        positions = [
            table.headers.index(columns[field]) for field in ("name", "first_name", "last_name") if field in columns
        ]
        if "name" in columns:
            positions = positions[:1]
        accented: list[str] = []
        plain: list[str] = []
        for row in islice(table.rows, _SAMPLE_ROWS):
            name = " ".join(row[position].strip() for position in positions if position < len(row)).strip()
            if not name:
                continue
            (plain if name.isascii() else accented).append(name)
            if len(accented) >= SAMPLE_NAMES:
                break
    return [*accented, *plain][:SAMPLE_NAMES]


def check_deactivation_share(*, result: RosterImportResult, active_before: int, confirmed: bool) -> None:
    """Refuse a full sync that would deactivate more than the allowed share of active people, unless confirmed.

    A stale sheet dimension or a partial export looks like mass departure; a
    dry run says so, and a real run needs the explicit confirmation.
    """
    result.active_before = active_before
    limit = max_deactivation_share()
    result.deactivation_limit_percent = round(limit * 100, 1)
    if not active_before or result.deactivated <= limit * active_before:
        return
    result.needs_confirmation = True
    share = round(100 * result.deactivated / active_before)
    message = (
        f"This full sync would deactivate {result.deactivated} of {active_before} active people ({share} %), "
        f"more than the {result.deactivation_limit_percent:g} % allowed without confirmation. Check that the file "
        "lists everyone (a partial export or a truncated sheet looks like this). If it is right, confirm the "
        "deactivations (--confirm-deactivations on the command line, the confirmation box in the browser, "
        "confirm_deactivations in the API)."
    )
    if confirmed:
        result.warnings.append(f"Confirmed: {result.deactivated} of {active_before} active people are deactivated.")
    elif result.dry_run:
        result.warnings.append(message)
    else:
        raise RosterImportError(message, errors={"confirm_deactivations": [message]})
