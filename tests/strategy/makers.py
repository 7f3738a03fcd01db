"""Objects the permission matrix and tenancy tests name in strategy URLs."""

from __future__ import annotations

from socialu.core.models import Organisation
from socialu.strategy.services import strategy_generate


def document_id(organisation: Organisation) -> int:
    """Return the id of a new strategy document of *organisation* (drafted from its data alone)."""
    return strategy_generate(organisation=organisation, title="Matrix strategy").pk


def section_key(organisation: Organisation) -> str:
    return "goals"
