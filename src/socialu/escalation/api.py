"""REST API operations of the escalation and response app: the decision tree, walking it, and the log.

Every path starts with ``/orgs/{org_slug}/``. Someone who is not a member of
that organisation gets 404; a member whose roles do not allow the action gets
403. Authentication is applied by the API that mounts this router.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from socialu.core.api import MAX_LIMIT_ASKED, ErrorOut, PageQuery, api_context
from socialu.core.permissions import Capability
from socialu.escalation import selectors, services
from socialu.escalation.models import DecisionLogEntry
from socialu.escalation.tree import Outcome, Question
from socialu.escalation.walking import WalkError, tree_walk

router = Router(tags=["Escalation and response"])

MAX_PAGE_SIZE = 200


class TreeProblemOut(Schema):
    node: str = Field(description="The node the problem is about; empty for the tree as a whole.")
    message: str


class TreeOut(Schema):
    version: int = Field(description="The version in force; 0 means SocialU's default, not yet saved.")
    saved_at: datetime | None
    document: dict[str, Any]


class TreeIn(Schema):
    document: dict[str, Any] = Field(description="The whole tree: start and nodes (see docs/escalation.md).")
    summary: str = Field("", description="What changed, for the version history.")


class StepOut(Schema):
    node: str
    question: str
    answer: str


class OptionOut(Schema):
    number: int
    label: str


class WalkIn(Schema):
    answers: list[str | int] = Field(
        default_factory=list, description="One per question: the answer's label or its 1-based number (as text)."
    )
    record: bool = Field(False, description="Record the decision in the log (the answers must reach an outcome).")
    post_url: str = ""
    post_text: str = ""
    note: str = ""


class WalkOut(Schema):
    steps: list[StepOut]
    node: str = Field(description="The node reached.")
    kind: str = Field(description="question (answer it next) or outcome.")
    question: str = ""
    help: str = ""
    options: list[OptionOut] = []
    action: str = ""
    title: str = ""
    guidance: str = ""
    considerations: dict[str, str] = {}
    notify: list[str] = []
    recorded_id: int | None = Field(None, description="The decision log entry, when recorded.")
    notified: list[str] = Field(default_factory=list, description="Who was emailed about an escalation.")


class EntryOut(Schema):
    id: int
    created_at: datetime
    post_url: str
    post_text: str
    path: list[StepOut]
    outcome_node: str
    outcome_action: str
    outcome_title: str
    walked_by_email: str
    person_id: int | None
    notified: list[str]
    note: str
    tree_version: int


class EntryPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[EntryOut]


class LogQuery(PageQuery):
    action: str = Field("", description="respond, fix_facts, restore, monitor or escalate.")
    since: date | None = None
    until: date | None = None
    walker: str = Field("", description="Part of the walker's name or email.")
    q: str = Field("", description="Words in the post, outcome title or note.")
    limit: int = Field(50, ge=1, le=MAX_LIMIT_ASKED, description="Page size; larger values are capped at 500.")


@router.get("/orgs/{org_slug}/decision-tree", response=TreeOut, summary="Get the decision tree in force")
def get_decision_tree(request: HttpRequest, org_slug: str) -> dict[str, Any]:
    """Return the version in force and its document (the default tree, version 0, before any is saved)."""
    context = api_context(request, org_slug, Capability.WALK_DECISION_TREE)
    current = selectors.tree_current(organisation=context.organisation)
    return {
        "version": current.version if current else 0,
        "saved_at": current.saved_at if current else None,
        "document": selectors.document_in_force(organisation=context.organisation),
    }


@router.put(
    "/orgs/{org_slug}/decision-tree",
    response={200: TreeOut, 422: ErrorOut},
    summary="Replace the decision tree (saved as a new version)",
)
def replace_decision_tree(request: HttpRequest, org_slug: str, payload: TreeIn) -> Status[dict[str, Any]]:
    """Check the whole tree and save it as the next version; 422 lists each problem with its node."""
    context = api_context(request, org_slug, Capability.MANAGE_DECISION_TREE)
    saved, _ = services.decision_tree_save(
        organisation=context.organisation,
        document=payload.document,
        user_id=context.user_id,
        summary=payload.summary,
    )
    return Status(200, {"version": saved.version, "saved_at": saved.saved_at, "document": saved.document})


def _walk_out(walk_current: Question | Outcome) -> dict[str, Any]:
    if isinstance(walk_current, Question):
        return {
            "node": walk_current.id,
            "kind": "question",
            "question": walk_current.text,
            "help": walk_current.help,
            "options": [{"number": n, "label": o.label} for n, o in enumerate(walk_current.options, start=1)],
        }
    return {
        "node": walk_current.id,
        "kind": "outcome",
        "action": walk_current.action,
        "title": walk_current.title,
        "guidance": walk_current.guidance,
        "considerations": {item.topic: item.text for item in walk_current.considerations},
        "notify": list(walk_current.notify),
    }


@router.post(
    "/orgs/{org_slug}/decision-tree/walk",
    response={200: WalkOut, 422: ErrorOut},
    summary="Walk the decision tree with a list of answers, and optionally record the decision",
)
def walk_decision_tree(request: HttpRequest, org_slug: str, payload: WalkIn) -> Status[dict[str, Any]]:
    """Follow the answers from the start; return the next question or the outcome reached."""
    context = api_context(request, org_slug, Capability.WALK_DECISION_TREE)
    tree = selectors.tree_in_force(organisation=context.organisation)
    # Numbers count from 1 for people; tree_walk reads a bare int as a 0-based index.
    answers = [str(answer) for answer in payload.answers]
    try:
        walk = tree_walk(tree, answers)
    except WalkError as error:
        return Status(422, {"detail": str(error)})
    result = {"steps": [step.as_dict() for step in walk.steps], **_walk_out(walk.current)}
    if payload.record:
        entry = services.decision_record(
            organisation=context.organisation,
            answers=answers,
            post_url=payload.post_url,
            post_text=payload.post_text,
            note=payload.note,
            user_id=context.user_id,
            user_email=getattr(request.auth, "email", ""),  # type: ignore[attr-defined]
        )
        result["recorded_id"] = entry.pk
        result["notified"] = entry.notified
    return Status(200, result)


def _entry_out(entry: DecisionLogEntry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "created_at": entry.created_at,
        "post_url": entry.post_url,
        "post_text": entry.post_text,
        "path": entry.path,
        "outcome_node": entry.outcome_node,
        "outcome_action": entry.outcome_action,
        "outcome_title": entry.outcome_title,
        "walked_by_email": entry.walked_by_email,
        "person_id": entry.person_id,
        "notified": entry.notified,
        "note": entry.note,
        "tree_version": entry.tree_version,
    }


@router.get("/orgs/{org_slug}/decision-log", response=EntryPage, summary="List recorded decisions")
def list_decision_log(request: HttpRequest, org_slug: str, filters: Query[LogQuery]) -> dict[str, Any]:
    """Return recorded decisions, newest first, filtered by outcome, dates, walker and text."""
    context = api_context(request, org_slug, Capability.VIEW_DECISION_LOG)
    entries = selectors.log_entries(
        organisation=context.organisation,
        filters=selectors.LogFilters(
            action=filters.action, since=filters.since, until=filters.until, walker=filters.walker, q=filters.q
        ),
    )
    limit = min(filters.limit, MAX_PAGE_SIZE)
    page = entries[filters.offset : filters.offset + limit]
    return {
        "count": entries.count(),
        "limit": limit,
        "offset": filters.offset,
        "items": [_entry_out(entry) for entry in page],
    }


@router.get("/orgs/{org_slug}/decision-log/{decision_id}", response=EntryOut, summary="Get one recorded decision")
def get_decision_log_entry(request: HttpRequest, org_slug: str, decision_id: int) -> dict[str, Any]:
    context = api_context(request, org_slug, Capability.VIEW_DECISION_LOG)
    entry = selectors.log_entry_get(organisation=context.organisation, entry_id=decision_id)
    if entry is None:
        raise Http404("There is no such decision.")
    return _entry_out(entry)
