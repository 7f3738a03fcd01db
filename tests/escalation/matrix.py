"""Objects of one organisation for the permission-matrix and tenancy tests (tests/core)."""

from __future__ import annotations

from typing import Any

from socialu.core.models import Organisation
from socialu.escalation.models import DecisionTree
from socialu.escalation.selectors import default_document
from socialu.escalation.services import decision_record, decision_tree_save


def _tree(organisation: Organisation) -> DecisionTree:
    """Save the default tree with one node named after the organisation, so another organisation lacks it."""
    document = default_document()
    node_id = f"only-{organisation.slug}"
    document["nodes"]["tone"]["options"].append({"label": "Matrix check", "next": node_id})
    document["nodes"][node_id] = {"kind": "outcome", "action": "monitor", "title": "Watch it"}
    saved, _ = decision_tree_save(organisation=organisation, document=document)
    return saved


def make_tree_node(organisation: Organisation, requester: Any) -> str:
    _tree(organisation)
    return f"only-{organisation.slug}"


def make_tree_version(organisation: Organisation, requester: Any) -> int:
    return _tree(organisation).version


def make_decision(organisation: Organisation, requester: Any) -> int:
    entry = decision_record(
        organisation=organisation, answers=["Neither: a neutral mention"], post_url="https://example.com/post/1"
    )
    return entry.pk
