"""Writes about units and people."""

from __future__ import annotations

from django.db import transaction

from socialu.core.errors import ConflictError, InvalidInputError
from socialu.core.models import Organisation
from socialu.core.text import clean_text
from socialu.people.models import UNIT_PATH_SEPARATOR, Unit, UnitKind

_KIND_BY_DEPTH = (UnitKind.DIVISION, UnitKind.DEPARTMENT)


def unit_kind_for_depth(depth: int) -> str:
    """Return the kind of a unit at *depth* in the tree: division, department, then team."""
    return _KIND_BY_DEPTH[depth] if depth < len(_KIND_BY_DEPTH) else UnitKind.TEAM


def unit_ensure_path(
    *, organisation: Organisation, names: list[str], known: dict[str, int], dry_run: bool = False
) -> tuple[int, int]:
    """Return the id of the unit at *names* (top first), creating it and its parents when missing.

    *known* maps stored unit paths to ids and is updated with the units created.
    In a dry run nothing is written and new units get negative ids. Return the
    unit id and how many units were created.
    """
    created = 0
    parent_id: int | None = None
    unit_id = 0
    for depth in range(len(names)):
        path = UNIT_PATH_SEPARATOR.join(names[: depth + 1])
        found = known.get(path)
        if found is None:
            if dry_run:
                found = -(len(known) + 1)
            else:
                found = Unit.objects.create(
                    organisation=organisation,
                    name=names[depth],
                    parent_id=parent_id,
                    kind=unit_kind_for_depth(depth),
                    path=path,
                    depth=depth,
                ).pk
            known[path] = found
            created += 1
        parent_id = found if found > 0 else None
        unit_id = found
    return unit_id, created


@transaction.atomic
def unit_rename(*, unit: Unit, name: str) -> Unit:
    """Give *unit* a new name, and the units below it their new paths; return it.

    Raise InvalidInputError for an empty name, one holding the path separator,
    or one a sibling already has.
    """
    cleaned = clean_text(name or "").strip()
    if not cleaned or UNIT_PATH_SEPARATOR.strip() in cleaned:
        raise InvalidInputError(
            f"Give the unit a name without “{UNIT_PATH_SEPARATOR.strip()}”.", errors={"name": ["Give a name."]}
        )
    max_length = Unit._meta.get_field("name").max_length or 200
    if len(cleaned) > max_length:
        raise InvalidInputError(f"Keep the unit name to {max_length} characters or fewer.")
    if cleaned == unit.name:
        return unit
    old_path = unit.path
    new_path = UNIT_PATH_SEPARATOR.join([*old_path.split(UNIT_PATH_SEPARATOR)[:-1], cleaned])
    if Unit.objects.filter(organisation_id=unit.organisation_id, path=new_path).exists():
        raise ConflictError(f"There is already a unit “{new_path}”. Choose another name.")
    below = Unit.objects.filter(organisation_id=unit.organisation_id, path__startswith=old_path + UNIT_PATH_SEPARATOR)
    for child in below:
        child.path = new_path + child.path[len(old_path) :]
        child.save(update_fields=["path"])
    unit.name = cleaned
    unit.path = new_path
    unit.save(update_fields=["name", "path"])
    return unit
