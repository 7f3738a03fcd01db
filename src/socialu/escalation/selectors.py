"""Reads of the decision tree and the decision log, always scoped to one organisation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.escalation.models import DecisionLogEntry, DecisionTree
from socialu.escalation.tree import Tree, document_from_yaml, document_to_yaml, tree_parse

ROLES = frozenset(Role.values)
DEFAULT_TREE_FILE = "default_tree.yaml"


@lru_cache(maxsize=1)
def _default_yaml() -> str:
    return resources.files("socialu.escalation").joinpath(DEFAULT_TREE_FILE).read_text(encoding="utf-8")


def default_document() -> dict[str, Any]:
    """Return a fresh copy of the decision tree SocialU ships."""
    document: dict[str, Any] = document_from_yaml(_default_yaml())
    return document


def tree_current(*, organisation: Organisation) -> DecisionTree | None:
    """Return the version of the tree in force, or None before one is saved."""
    return DecisionTree.objects.filter(organisation=organisation).order_by("-version").first()


def tree_version_get(*, organisation: Organisation, version: int) -> DecisionTree | None:
    return DecisionTree.objects.filter(organisation=organisation, version=version).first()


def tree_versions(*, organisation: Organisation) -> list[DecisionTree]:
    """Return every saved version, newest first, with who saved it."""
    return list(DecisionTree.objects.filter(organisation=organisation).select_related("saved_by").order_by("-version"))


def document_in_force(*, organisation: Organisation) -> dict[str, Any]:
    """Return the document people walk: the newest saved version, or the default before any is saved."""
    current = tree_current(organisation=organisation)
    return dict(current.document) if current is not None else default_document()


def tree_in_force(*, organisation: Organisation) -> Tree:
    return tree_parse(document_in_force(organisation=organisation), roles=ROLES)


def tree_yaml(*, organisation: Organisation, version: int | None = None) -> str:
    """Return the tree in force (or one saved version) as YAML."""
    if version is not None:
        saved = tree_version_get(organisation=organisation, version=version)
        if saved is None:
            raise LookupError(f"There is no version {version} of the decision tree.")
        return document_to_yaml(saved.document)
    return document_to_yaml(document_in_force(organisation=organisation))


# The decision log ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LogFilters:
    """What the decision log is narrowed to; empty values mean no filter."""

    action: str = ""
    since: date | None = None
    until: date | None = None
    walker: str = ""
    q: str = ""


def log_entries(*, organisation: Organisation, filters: LogFilters) -> QuerySet[DecisionLogEntry]:
    """Return the organisation's decision log entries matching *filters*, newest first."""
    entries = DecisionLogEntry.objects.filter(organisation=organisation).select_related("person", "walked_by")
    if filters.action:
        entries = entries.filter(outcome_action=filters.action)
    zone = timezone.get_current_timezone()
    if filters.since:
        entries = entries.filter(created_at__gte=datetime.combine(filters.since, time.min, tzinfo=zone))
    if filters.until:
        entries = entries.filter(
            created_at__lt=datetime.combine(filters.until + timedelta(days=1), time.min, tzinfo=zone)
        )
    if filters.walker.strip():
        walker = filters.walker.strip()
        entries = entries.filter(Q(walked_by_email__icontains=walker) | Q(person__name__icontains=walker))
    if filters.q.strip():
        text = filters.q.strip()
        entries = entries.filter(
            Q(post_text__icontains=text)
            | Q(post_url__icontains=text)
            | Q(outcome_title__icontains=text)
            | Q(note__icontains=text)
        )
    return entries.order_by("-created_at", "-pk")


def log_entry_get(*, organisation: Organisation, entry_id: int) -> DecisionLogEntry | None:
    return (
        DecisionLogEntry.objects.filter(organisation=organisation, pk=entry_id)
        .select_related("person", "walked_by", "tree")
        .first()
    )


LOG_HEADERS = [
    "Recorded at",
    "Outcome",
    "Outcome title",
    "Post link",
    "Post text",
    "Path",
    "Walked by",
    "Person",
    "Notified",
    "Note",
    "Tree version",
]


def log_rows(*, organisation: Organisation, filters: LogFilters) -> list[list[str]]:
    """Return one row of text per log entry for a spreadsheet, in the order of LOG_HEADERS."""
    rows = []
    for entry in log_entries(organisation=organisation, filters=filters).iterator(chunk_size=500):
        path = " › ".join(f"{step.get('question', '')} {step.get('answer', '')}" for step in entry.path)
        rows.append(
            [
                timezone.localtime(entry.created_at).strftime("%Y-%m-%d %H:%M"),
                entry.get_outcome_action_display(),
                entry.outcome_title,
                entry.post_url,
                entry.post_text,
                path,
                entry.walked_by_email,
                entry.person.name if entry.person else "",
                ", ".join(entry.notified),
                entry.note,
                str(entry.tree_version),
            ]
        )
    return rows
