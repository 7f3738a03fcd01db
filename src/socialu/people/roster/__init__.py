"""Roster import: bring an organisation's people in from HR exports (CSV or XLSX).

The import is idempotent (people are matched by employee id), all or nothing
(one rejected row means nothing is written) and explains every rejected row.
"""

from socialu.people.roster.importer import roster_import, roster_read_headers
from socialu.people.roster.results import (
    ROSTER_FIELDS,
    ImportChoices,
    RosterField,
    RosterImportError,
    RosterImportResult,
    RowError,
)

__all__ = [
    "ROSTER_FIELDS",
    "ImportChoices",
    "RosterField",
    "RosterImportError",
    "RosterImportResult",
    "RowError",
    "roster_import",
    "roster_read_headers",
]
