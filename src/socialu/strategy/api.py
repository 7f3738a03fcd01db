"""REST API of strategy documents: list, read, generate, edit a section, versions and exports.

Every path starts with ``/orgs/{org_slug}/strategy/``. Someone who is not a member of that
organisation gets 404; a member whose roles do not allow the action gets 403.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from socialu.core.api import ApiContext, ErrorOut, api_context
from socialu.core.downloads import download
from socialu.core.permissions import Capability
from socialu.readiness import selectors as readiness_selectors
from socialu.strategy import exports, selectors, services
from socialu.strategy.models import StrategyDocument
from socialu.strategy.selectors import DocumentView

router = Router(tags=["Strategy document"])


class DocumentOut(Schema):
    id: int
    title: str
    assessment_id: int | None
    cost_per_hour: Decimal
    currency: str
    target_percent: int
    created_at: datetime


class SectionOut(Schema):
    key: str
    title: str
    body_markdown: str


class KpiOut(Schema):
    name: str
    baseline: str
    target: str
    cadence: str


class ResourcingRowOut(Schema):
    audience: str
    label: str
    headcount: int
    learners: int
    path_hours: Decimal
    learner_hours: Decimal
    sessions: int
    facilitator_hours: Decimal
    coaching_hours: Decimal
    cost: Decimal


class ResourcingOut(Schema):
    currency: str
    cost_per_hour: Decimal
    target_percent: Decimal
    group_size: int
    session_hours: Decimal
    coaching_hours_per_leader: Decimal
    rows: list[ResourcingRowOut]
    learners: int
    learner_hours: Decimal
    facilitator_hours: Decimal
    total_hours: Decimal
    cost: Decimal
    formula: str


class StrategyVersionOut(Schema):
    number: int
    saved_at: datetime
    saved_by: str = Field(description="The email of who saved it; empty when SocialU generated it.")
    note: str


class DocumentDetailOut(Schema):
    document: DocumentOut
    version: StrategyVersionOut
    latest_version: int
    sections: list[SectionOut]
    kpis: list[KpiOut]
    resourcing: ResourcingOut


class GenerateIn(Schema):
    assessment_id: int | None = Field(
        None, description="The readiness assessment to draft from; by default the latest one with results, if any."
    )
    title: str = ""
    cost_per_hour: Decimal = Field(Decimal(0), ge=0)
    currency: str = "EUR"


class SectionIn(Schema):
    body_markdown: str
    note: str = ""
    base_version: int | None = Field(
        None,
        description="The version you started from; if someone has since changed this section, the save is refused.",
    )


class ExportQuery(Schema):
    format: Literal["pdf", "docx", "md"] = Field("pdf", description="pdf, docx or md.")
    version: int | None = Field(None, description="A version number; by default the newest.")


def _document_or_404(context: ApiContext, document_id: int) -> StrategyDocument:
    document = selectors.document_get(organisation=context.organisation, document_id=document_id)
    if document is None:
        raise Http404(f"There is no strategy document {document_id} in this organisation.")
    return document


def _view_or_404(document: StrategyDocument, number: int | None = None) -> DocumentView:
    view = selectors.document_view(document=document, number=number)
    if view is None:
        raise Http404("There is no such version of this document.")
    return view


def _version(version: Any) -> dict[str, Any]:
    return selectors.version_summary(version)


def _detail(view: DocumentView) -> dict[str, Any]:
    estimate = view.estimate
    a = estimate.assumptions
    return {
        "document": view.document,
        "version": _version(view.version),
        "latest_version": view.latest_number,
        "sections": view.sections,
        "kpis": view.kpis,
        "resourcing": {
            "currency": a.currency,
            "cost_per_hour": a.cost_per_hour,
            "target_percent": a.target_percent,
            "group_size": a.group_size,
            "session_hours": a.session_hours,
            "coaching_hours_per_leader": a.coaching_hours_per_leader,
            "rows": [asdict(row) for row in estimate.rows],
            "learners": estimate.learners,
            "learner_hours": estimate.learner_hours,
            "facilitator_hours": estimate.facilitator_hours,
            "total_hours": estimate.total_hours,
            "cost": estimate.cost,
            "formula": estimate.formula,
        },
    }


@router.get("/orgs/{org_slug}/strategy/documents", response=list[DocumentOut], summary="List strategy documents")
def list_strategy_documents(request: HttpRequest, org_slug: str) -> Any:
    """Return the organisation's strategy documents, newest first."""
    context = api_context(request, org_slug, Capability.VIEW_STRATEGY)
    return list(selectors.documents_list(organisation=context.organisation))


@router.get(
    "/orgs/{org_slug}/strategy/documents/{document_id}",
    response=DocumentDetailOut,
    summary="Get a strategy document",
)
def get_strategy_document(request: HttpRequest, org_slug: str, document_id: int, version: int | None = None) -> Any:
    """Return one version (default: the newest) with its sections, KPIs and resourcing estimate."""
    context = api_context(request, org_slug, Capability.VIEW_STRATEGY)
    return _detail(_view_or_404(_document_or_404(context, document_id), version))


@router.post(
    "/orgs/{org_slug}/strategy/documents",
    response={201: DocumentDetailOut, 422: ErrorOut},
    summary="Generate a strategy document",
)
def generate_strategy_document(request: HttpRequest, org_slug: str, payload: GenerateIn) -> Status[Any]:
    """Draft a new document from a readiness assessment and the organisation's data."""
    context = api_context(request, org_slug, Capability.MANAGE_STRATEGY)
    if payload.assessment_id is not None:
        assessment = readiness_selectors.assessment_get(
            organisation=context.organisation, assessment_id=payload.assessment_id
        )
        if assessment is None:
            raise Http404(f"There is no assessment {payload.assessment_id} in this organisation.")
    else:
        assessment = readiness_selectors.latest_with_results(organisation=context.organisation)
    document = services.strategy_generate(
        organisation=context.organisation,
        user=request.auth,  # type: ignore[attr-defined]
        assessment=assessment,
        title=payload.title,
        cost_per_hour=payload.cost_per_hour,
        currency=payload.currency,
    )
    return Status(201, _detail(_view_or_404(document)))


@router.put(
    "/orgs/{org_slug}/strategy/documents/{document_id}/sections/{section_key}",
    response={200: DocumentDetailOut, 422: ErrorOut},
    summary="Replace the text of one section",
)
def update_strategy_section(
    request: HttpRequest, org_slug: str, document_id: int, section_key: str, payload: SectionIn
) -> Status[Any]:
    """Save a new version in which the section reads *body_markdown*."""
    context = api_context(request, org_slug, Capability.MANAGE_STRATEGY)
    document = _document_or_404(context, document_id)
    if not any(section["key"] == section_key for section in _view_or_404(document).sections):
        raise Http404(f"There is no section “{section_key}” in this document.")
    services.strategy_section_update(
        document=document,
        key=section_key,
        body=payload.body_markdown,
        user=request.auth,  # type: ignore[attr-defined]
        note=payload.note,
        base_version=payload.base_version,
    )
    return Status(200, _detail(_view_or_404(document)))


@router.get(
    "/orgs/{org_slug}/strategy/documents/{document_id}/versions",
    response=list[StrategyVersionOut],
    summary="List the versions of a strategy document",
)
def list_strategy_versions(request: HttpRequest, org_slug: str, document_id: int) -> Any:
    """Return every version, newest first: who saved it, when, and the note."""
    context = api_context(request, org_slug, Capability.VIEW_STRATEGY)
    document = _document_or_404(context, document_id)
    return [_version(version) for version in selectors.versions_list(document=document)]


@router.get(
    "/orgs/{org_slug}/strategy/documents/{document_id}/export",
    response={200: None},
    summary="Download a strategy document as PDF, DOCX or Markdown",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The file.",
                "content": {exports.FORMATS[name].content_type: {} for name in exports.FORMATS},
            }
        }
    },
)
def export_strategy_document(
    request: HttpRequest, org_slug: str, document_id: int, query: Query[ExportQuery]
) -> HttpResponse:
    """Return the document (default: the newest version) as a file."""
    context = api_context(request, org_slug, Capability.VIEW_STRATEGY)
    view = _view_or_404(_document_or_404(context, document_id), query.version)
    response = download(exports.export_bytes(view, query.format), filename=exports.export_filename(view, query.format))
    return response
