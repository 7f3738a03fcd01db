"""Units and the unit tree."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from socialu.core.models import Organisation
from socialu.people.models import UNIT_PATH_SEPARATOR, Person, Unit


def unit_division(path: str | None) -> str:
    """Return the name of the top-level division a unit path sits in ("" for no unit)."""
    return path.split(UNIT_PATH_SEPARATOR, 1)[0] if path else ""


def unit_divisions(*, organisation: Organisation) -> dict[int, str]:
    """Return unit id → the name of the top-level division it sits in, for every unit."""
    return {
        pk: unit_division(path) for pk, path in Unit.objects.filter(organisation=organisation).values_list("pk", "path")
    }


def unit_subtree_ids(*, organisation: Organisation, unit: Unit) -> list[int]:
    """Return the ids of *unit* and every unit below it."""
    prefix = unit.path + UNIT_PATH_SEPARATOR
    candidates = Unit.objects.filter(organisation=organisation).filter(Q(pk=unit.pk) | Q(path__startswith=prefix))
    # SQLite's LIKE ignores case, so confirm the prefix exactly here.
    return [pk for pk, path in candidates.values_list("pk", "path") if pk == unit.pk or path.startswith(prefix)]


def unit_get(*, organisation: Organisation, unit_id: int) -> Unit | None:
    """Return the organisation's unit with this id, or None."""
    return Unit.objects.filter(organisation=organisation, pk=unit_id).first()


# --- The unit tree ---------------------------------------------------------


@dataclass
class UnitNode:
    """A unit in the tree, with active people directly in it and in its whole subtree."""

    unit: Unit
    own_count: int = 0
    total_count: int = 0
    children: list[UnitNode] = field(default_factory=list)


def unit_tree(*, organisation: Organisation) -> list[UnitNode]:
    """Return the organisation's top-level units as a tree with active head-counts."""
    counts: dict[int, int] = {
        row["unit_id"]: row["people"]
        for row in Person.objects.filter(organisation=organisation, is_active=True, unit__isnull=False)
        .values("unit_id")
        .annotate(people=Count("pk"))
        .order_by()
    }
    nodes = {
        unit.pk: UnitNode(unit=unit, own_count=counts.get(unit.pk, 0))
        for unit in Unit.objects.filter(organisation=organisation).order_by("path")
    }
    roots: list[UnitNode] = []
    for node in nodes.values():
        parent = nodes.get(node.unit.parent_id) if node.unit.parent_id else None
        (parent.children if parent else roots).append(node)

    def total(node: UnitNode) -> int:
        node.total_count = node.own_count + sum(total(child) for child in node.children)
        return node.total_count

    for root in roots:
        total(root)
    return roots


def people_without_unit_count(*, organisation: Organisation) -> int:
    """Return how many active people belong to no unit."""
    return Person.objects.filter(organisation=organisation, is_active=True, unit__isnull=True).count()


def unit_list(*, organisation: Organisation) -> QuerySet[Unit]:
    """Return the organisation's units in tree order."""
    return Unit.objects.filter(organisation=organisation).order_by("path")
