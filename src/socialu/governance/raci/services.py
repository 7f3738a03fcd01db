"""Changes to the "who does what" (RACI) matrix: the default, activities, parties and the letters.

Every activity must keep exactly one Accountable party and at least one
Responsible party; a change that breaks this is refused and says which activity.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from typing import Any

import yaml
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from socialu.core.errors import InvalidInputError
from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.governance.models import RaciActivity, RaciAssignment, RaciLetter, RaciParty, RaciPartyKind
from socialu.people.models import Person

__all__ = [
    "DEFAULT_RACI_FILE",
    "RaciError",
    "RaciGridError",
    "raci_activity_create",
    "raci_activity_delete",
    "raci_activity_move",
    "raci_activity_update",
    "raci_assignments_save",
    "raci_install_default",
    "raci_party_create",
    "raci_party_delete",
]

DEFAULT_RACI_FILE = "raci.yaml"


class RaciError(InvalidInputError):
    """A change to the matrix that cannot be made; the message tells a person what to do instead."""


class RaciGridError(RaciError):
    """Some activities break the rules; ``errors`` maps each activity's id to what to fix."""

    def __init__(self, errors: dict[int, str]) -> None:
        self.activity_errors = errors
        super().__init__(" ".join(errors.values()), errors={str(key): [text] for key, text in errors.items()})


def _next_position(model: type[RaciActivity] | type[RaciParty], organisation: Organisation) -> int:
    latest = model.objects.filter(organisation=organisation).aggregate(latest=Max("position"))["latest"]
    return (latest or 0) + 1


# --- Activities ------------------------------------------------------------------------------


@transaction.atomic
def raci_activity_create(
    *, organisation: Organisation, name: str, description: str = "", key: str = ""
) -> RaciActivity:
    """Add an activity at the end of the matrix, with no letters yet."""
    name, description = name.strip(), description.strip()
    if not name:
        raise RaciError("Name the activity, such as “Publishing on official accounts”.")
    base = (key.strip() or slugify(name))[:70] or "activity"
    candidate, number = base, 2
    while RaciActivity.objects.filter(organisation=organisation, key=candidate).exists():
        candidate, number = f"{base}-{number}", number + 1
    if RaciActivity.objects.filter(organisation=organisation, name__iexact=name).exists():
        raise RaciError(f"There is already an activity called “{name}”. Edit that one instead.")
    return RaciActivity.objects.create(
        organisation=organisation,
        key=candidate,
        name=name[:200],
        description=description,
        position=_next_position(RaciActivity, organisation),
    )


@transaction.atomic
def raci_activity_update(*, activity: RaciActivity, name: str, description: str) -> RaciActivity:
    """Rename an activity or change its description."""
    name, description = name.strip(), description.strip()
    if not name:
        raise RaciError("Name the activity, such as “Publishing on official accounts”.")
    clash = RaciActivity.objects.filter(organisation_id=activity.organisation_id, name__iexact=name).exclude(
        pk=activity.pk
    )
    if clash.exists():
        raise RaciError(f"There is already an activity called “{name}”. Choose another name.")
    activity.name, activity.description = name[:200], description
    activity.save(update_fields=["name", "description"])
    return activity


@transaction.atomic
def raci_activity_delete(*, activity: RaciActivity) -> None:
    """Remove an activity and its letters."""
    RaciAssignment.objects.filter(organisation_id=activity.organisation_id, activity=activity).delete()
    activity.delete()


@transaction.atomic
def raci_activity_move(*, activity: RaciActivity, up: bool) -> None:
    """Swap the activity with the one above it (or below it)."""
    siblings = list(RaciActivity.objects.filter(organisation_id=activity.organisation_id).order_by("position", "pk"))
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == activity.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])


# --- Parties ---------------------------------------------------------------------------------


def _party_key(kind: str, *, role: str = "", name: str = "", person: Person | None = None) -> str:
    if kind == RaciPartyKind.ROLE:
        return f"role:{role}"
    if kind == RaciPartyKind.PERSON and person is not None:
        return f"person:{person.pk}"
    return f"function:{slugify(name)[:100]}"


@transaction.atomic
def raci_party_create(
    *, organisation: Organisation, kind: str, role: str = "", name: str = "", person: Person | None = None
) -> RaciParty:
    """Add a column to the matrix: a SocialU role, a named function or team, or a named person."""
    name = name.strip()
    if kind == RaciPartyKind.ROLE:
        if role not in Role.values:
            raise RaciError(f"Choose one of SocialU's roles: {', '.join(Role.values)}.")
        name = ""
    elif kind == RaciPartyKind.FUNCTION:
        if not slugify(name):
            raise RaciError("Name the function or team, such as “Legal” or “Communications lead”.")
        role = ""
    elif kind == RaciPartyKind.PERSON:
        if person is None:
            raise RaciError("Choose the person by their employee id or work email, as in the roster.")
        if person.organisation_id != organisation.pk:
            raise RaciError("The person must be someone in this organisation.")
        role, name = "", ""
    else:
        raise RaciError("Choose a role, a function or a person.")
    key = _party_key(kind, role=role, name=name, person=person)
    if RaciParty.objects.filter(organisation=organisation, key=key).exists():
        raise RaciError("That party is already a column of the matrix.")
    return RaciParty.objects.create(
        organisation=organisation,
        key=key,
        kind=kind,
        role=role,
        name=name[:120],
        person=person if kind == RaciPartyKind.PERSON else None,
        position=_next_position(RaciParty, organisation),
    )


@transaction.atomic
def raci_party_delete(*, party: RaciParty) -> None:
    """Remove a column, unless an activity would be left without its Accountable or Responsible party."""
    letters = dict(
        RaciAssignment.objects.filter(organisation_id=party.organisation_id, party=party).values_list(
            "activity_id", "letter"
        )
    )
    grid = _current_grid(party.organisation_id)
    for activity_id in letters:
        grid[activity_id].pop(party.pk, None)
    names = dict(RaciActivity.objects.filter(organisation_id=party.organisation_id).values_list("pk", "name"))
    errors = _grid_errors({activity_id: grid[activity_id] for activity_id in letters}, names)
    if errors:
        raise RaciError("Give these activities another party first: " + " ".join(errors.values()))
    RaciAssignment.objects.filter(organisation_id=party.organisation_id, party=party).delete()
    party.delete()


# --- The letters -----------------------------------------------------------------------------


def _current_grid(organisation_id: int) -> dict[int, dict[int, str]]:
    grid: dict[int, dict[int, str]] = {
        pk: {} for pk in RaciActivity.objects.filter(organisation_id=organisation_id).values_list("pk", flat=True)
    }
    for activity_id, party_id, letter in RaciAssignment.objects.filter(organisation_id=organisation_id).values_list(
        "activity_id", "party_id", "letter"
    ):
        grid[activity_id][party_id] = letter
    return grid


def _grid_errors(grid: Mapping[int, Mapping[int, str]], names: Mapping[int, str]) -> dict[int, str]:
    errors = {}
    for activity_id, cells in grid.items():
        letters = list(cells.values())
        accountable, responsible = letters.count(RaciLetter.ACCOUNTABLE), letters.count(RaciLetter.RESPONSIBLE)
        problems = []
        if accountable != 1:
            problems.append("needs exactly one Accountable (A)" + (f", not {accountable}" if accountable else ""))
        if responsible < 1:
            problems.append("needs at least one Responsible (R)")
        if problems:
            errors[activity_id] = f"“{names.get(activity_id, activity_id)}” {' and '.join(problems)}."
    return errors


@transaction.atomic
def raci_assignments_save(*, organisation: Organisation, grid: Mapping[int, Mapping[int, str]]) -> int:
    """Set letters of the matrix: *grid* maps activity id → party id → letter ("" to clear the cell).

    Cells left out of *grid* keep their letters, so a page saved while someone
    else added a column changes only what it showed. All or nothing: if any
    activity would break the rules, nothing is saved and ``RaciGridError``
    says which. Return how many cells changed.
    """
    activities = dict(RaciActivity.objects.filter(organisation=organisation).values_list("pk", "name"))
    parties = set(RaciParty.objects.filter(organisation=organisation).values_list("pk", flat=True))
    if set(grid) - set(activities):
        raise RaciError("Some activities are not part of this matrix any more. Reload the page and try again.")
    current = _current_grid(organisation.pk)
    merged: dict[int, dict[int, str]] = {}
    for activity_id, cells in grid.items():
        row = dict(current.get(activity_id, {}))
        for party_id, raw in cells.items():
            if party_id not in parties:
                raise RaciError("Some columns are not part of this matrix any more. Reload the page and try again.")
            letter = (raw or "").strip().upper()
            if letter and letter not in RaciLetter.values:
                raise RaciError(f"“{letter}” is not one of R, A, C or I.")
            if letter:
                row[party_id] = letter
            else:
                row.pop(party_id, None)
        merged[activity_id] = row
    errors = _grid_errors(merged, activities)
    if errors:
        raise RaciGridError(errors)
    changed = 0
    for activity_id, cells in merged.items():
        before = current.get(activity_id, {})
        for party_id in set(before) | set(cells):
            old, new = before.get(party_id), cells.get(party_id)
            if old == new:
                continue
            changed += 1
            if new is None:
                RaciAssignment.objects.filter(
                    organisation=organisation, activity_id=activity_id, party_id=party_id
                ).delete()
            else:
                RaciAssignment.objects.update_or_create(
                    organisation=organisation, activity_id=activity_id, party_id=party_id, defaults={"letter": new}
                )
    return changed


# --- The default -----------------------------------------------------------------------------


def default_raci() -> dict[str, Any]:
    """Return the default matrix shipped with SocialU, as read from its YAML file."""
    text = resources.files("socialu.governance.default").joinpath(DEFAULT_RACI_FILE).read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


@transaction.atomic
def raci_install_default(*, organisation: Organisation) -> bool:
    """Install the default matrix unless the organisation already has activities; return whether it did.

    Running it again changes nothing.
    """
    if RaciActivity.objects.filter(organisation=organisation).exists():
        return False
    data = default_raci()
    parties: dict[str, RaciParty] = {}
    for ref, spec in data["parties"].items():
        kind = RaciPartyKind.ROLE if "role" in spec else RaciPartyKind.FUNCTION
        key = _party_key(kind, role=spec.get("role", ""), name=spec.get("function", ""))
        existing = RaciParty.objects.filter(organisation=organisation, key=key).first()
        parties[ref] = existing or raci_party_create(
            organisation=organisation, kind=kind, role=spec.get("role", ""), name=spec.get("function", "")
        )
    grid: dict[int, dict[int, str]] = {}
    for spec in data["activities"]:
        activity = raci_activity_create(
            organisation=organisation, name=spec["name"], description=spec.get("description", ""), key=spec["key"]
        )
        grid[activity.pk] = {parties[ref].pk: letter for ref, letter in spec["raci"].items()}
    raci_assignments_save(organisation=organisation, grid=grid)
    return True
