"""Read the "who does what" (RACI) matrix of an organisation."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.core.spreadsheets import spreadsheet_safe
from socialu.governance.models import RaciActivity, RaciAssignment, RaciLetter, RaciParty, RaciPartyKind

__all__ = [
    "LETTER_HELP",
    "RaciMatrix",
    "RaciRow",
    "party_label",
    "raci_activity_get",
    "raci_export_rows",
    "raci_matrix",
    "raci_party_get",
]

LETTER_HELP = {
    RaciLetter.RESPONSIBLE: "does the work",
    RaciLetter.ACCOUNTABLE: "owns the outcome and signs it off",
    RaciLetter.CONSULTED: "is asked before",
    RaciLetter.INFORMED: "is told afterwards",
}


def party_label(party: RaciParty) -> str:
    """Return how a party is shown: the role's name, the function's name or the person's name."""
    if party.kind == RaciPartyKind.ROLE:
        return str(Role(party.role).label) if party.role in Role.values else party.role
    if party.kind == RaciPartyKind.PERSON and party.person is not None:
        return party.person.name
    return party.name


@dataclass
class RaciRow:
    """One activity and the letter each party has in it ("" for none)."""

    activity: RaciActivity
    letters: list[str]
    by_letter: list[tuple[str, str, list[str]]] = field(default_factory=list)


@dataclass
class RaciMatrix:
    parties: list[RaciParty]
    labels: list[str]
    rows: list[RaciRow]

    @property
    def empty(self) -> bool:
        return not self.rows

    def letter(self, activity_id: int, party_id: int) -> str:
        for row in self.rows:
            if row.activity.pk == activity_id:
                for party, letter in zip(self.parties, row.letters, strict=True):
                    if party.pk == party_id:
                        return letter
        return ""

    def as_dict(self) -> dict[str, object]:
        """Return the matrix as plain data, for the API and the CLI."""
        return {
            "parties": [
                {
                    "id": party.pk,
                    "key": party.key,
                    "kind": party.kind,
                    "label": label,
                    "is_active": party.person.is_active if party.person is not None else True,
                }
                for party, label in zip(self.parties, self.labels, strict=True)
            ],
            "activities": [
                {
                    "id": row.activity.pk,
                    "key": row.activity.key,
                    "name": row.activity.name,
                    "description": row.activity.description,
                    "assignments": {
                        party.key: letter for party, letter in zip(self.parties, row.letters, strict=True) if letter
                    },
                }
                for row in self.rows
            ],
        }


def raci_matrix(*, organisation: Organisation) -> RaciMatrix:
    """Return the organisation's matrix: parties in order, and for each activity each party's letter.

    Three queries however large the matrix is.
    """
    parties = list(
        RaciParty.objects.filter(organisation=organisation).select_related("person").order_by("position", "pk")
    )
    labels = [party_label(party) for party in parties]
    activities = list(RaciActivity.objects.filter(organisation=organisation).order_by("position", "pk"))
    cells = {
        (activity_id, party_id): letter
        for activity_id, party_id, letter in RaciAssignment.objects.filter(organisation=organisation).values_list(
            "activity_id", "party_id", "letter"
        )
    }
    rows = []
    for activity in activities:
        letters = [cells.get((activity.pk, party.pk), "") for party in parties]
        by_letter = []
        for value, name in RaciLetter.choices:
            who = [label for label, letter in zip(labels, letters, strict=True) if letter == value]
            if who:
                by_letter.append((str(value), str(name), who))
        rows.append(RaciRow(activity=activity, letters=letters, by_letter=by_letter))
    return RaciMatrix(parties=parties, labels=labels, rows=rows)


def raci_activity_get(*, organisation: Organisation, activity_id: int) -> RaciActivity | None:
    """Return the organisation's activity *activity_id*, or None (also for another organisation's)."""
    return RaciActivity.objects.filter(organisation=organisation, pk=activity_id).first()


def raci_party_get(*, organisation: Organisation, party_id: int) -> RaciParty | None:
    """Return the organisation's party *party_id*, or None (also for another organisation's)."""
    return RaciParty.objects.filter(organisation=organisation, pk=party_id).select_related("person").first()


def raci_export_rows(*, organisation: Organisation) -> Iterator[list[str]]:
    """Yield the header then one row per activity, each cell safe to open in a spreadsheet."""
    matrix = raci_matrix(organisation=organisation)
    yield ["Activity", "Description", *(spreadsheet_safe(label) for label in matrix.labels)]
    for row in matrix.rows:
        yield [spreadsheet_safe(row.activity.name), spreadsheet_safe(row.activity.description), *row.letters]
