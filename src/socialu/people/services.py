"""Writes about units and people."""

from __future__ import annotations

from socialu.core.models import Organisation
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
