"""Strategy pages: the list, generating, the document, editing a section, measures, assumptions, history, exports."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socialu.core.downloads import download
from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext, org_view
from socialu.curriculum.selectors import current_courses
from socialu.readiness import selectors as readiness_selectors
from socialu.readiness.models import AssessmentStatus
from socialu.strategy import diffing, exports, outline, selectors, services
from socialu.strategy.forms import NO_ASSESSMENT, AssumptionsForm, GenerateForm, KpiFormSet, SectionForm
from socialu.strategy.models import StrategyDocument
from socialu.strategy.selectors import DocumentView


def _document_or_404(org: OrgContext, document_id: int) -> StrategyDocument:
    document = selectors.document_get(organisation=org.organisation, document_id=document_id)
    if document is None:
        raise Http404("There is no such strategy document.")
    return document


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _view_or_404(document: StrategyDocument, number: int | None = None) -> DocumentView:
    view = selectors.document_view(document=document, number=number)
    if view is None:
        raise Http404("There is no such version of this document.")
    return view


@require_GET
@org_view(Capability.VIEW_STRATEGY)
def strategy_documents(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """List the organisation's strategy documents."""
    can_manage = org.can(Capability.MANAGE_STRATEGY)
    latest = readiness_selectors.latest_with_results(organisation=org.organisation) if can_manage else None
    context = {
        "documents": selectors.documents_list(organisation=org.organisation),
        "can_manage": can_manage,
        "latest_assessment": latest,
    }
    return render(request, "strategy/documents.html", context)


@require_http_methods(["GET", "POST"])
@org_view(Capability.MANAGE_STRATEGY)
def strategy_generate(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Generate a new document from a readiness assessment and the organisation's data."""
    # A draft has no answers yet, so there is nothing to draft from.
    assessments = [
        assessment
        for assessment in readiness_selectors.assessments_list(organisation=org.organisation)
        if assessment.status != AssessmentStatus.DRAFT
    ]
    latest = readiness_selectors.latest_with_results(organisation=org.organisation)
    chosen = request.GET.get("assessment") or (str(latest.pk) if latest else NO_ASSESSMENT)
    initial = {"assessment": chosen, "cost_per_hour": 0, "currency": "EUR"}
    form = GenerateForm(request.POST if request.method == "POST" else None, assessments=assessments, initial=initial)
    if request.method == "POST" and form.is_valid():
        picked = form.cleaned_data["assessment"]
        assessment = next((a for a in assessments if str(a.pk) == picked), None)
        try:
            document = services.strategy_generate(
                organisation=org.organisation,
                user=request.user,
                assessment=assessment,
                title=form.cleaned_data["title"],
                cost_per_hour=form.cleaned_data["cost_per_hour"],
                currency=form.cleaned_data["currency"],
            )
        except services.StrategyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, "The strategy is drafted. Read it through, then edit each section to make it yours."
            )
            return redirect("strategy_document", org.slug, document.pk)
    context = {
        "form": form,
        "has_assessments": bool(assessments),
        "has_curriculum": current_courses(organisation=org.organisation).exists(),
    }
    return render(request, "strategy/generate.html", context)


@require_GET
@org_view(Capability.VIEW_STRATEGY)
def strategy_document(request: HttpRequest, org: OrgContext, document_id: int) -> HttpResponse:
    """Show one version of the document (the newest unless ?version=N)."""
    document = _document_or_404(org, document_id)
    view = _view_or_404(document, _number(request.GET.get("version")))
    context = {
        "view": view,
        "blocks": outline.blocks(view),
        "resourcing": outline.resourcing_table(view.estimate),
        "chart": outline.hours_chart(view.estimate),
        "assumptions": outline.assumptions_text(view.estimate),
        "kpis": outline.kpi_table(view.kpis),
        "versions": selectors.versions_list(document=document),
        "can_manage": org.can(Capability.MANAGE_STRATEGY),
        "formats": exports.FORMATS,
    }
    return render(request, "strategy/document.html", context)


@require_http_methods(["GET", "POST"])
@org_view(Capability.MANAGE_STRATEGY)
def strategy_section_edit(request: HttpRequest, org: OrgContext, document_id: int, section_key: str) -> HttpResponse:
    """Edit one section in Markdown with a live preview; saving creates a new version."""
    document = _document_or_404(org, document_id)
    view = _view_or_404(document)
    section = next((s for s in view.sections if s["key"] == section_key), None)
    if section is None:
        raise Http404("There is no such section in this document.")
    initial = {"body": section["body_markdown"], "base_version": view.version.number}
    form = SectionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.strategy_section_update(
                document=document,
                key=section_key,
                body=form.cleaned_data["body"],
                user=request.user,
                note=form.cleaned_data["note"],
                base_version=form.cleaned_data["base_version"],
            )
        except services.StrategyError as error:
            form.add_error("body", str(error))
        else:
            messages.success(request, f"“{section['title']}” is saved as version {version.number}.")
            return redirect(f"{_document_url(org, document)}#section-{section_key}")
    preview = form.data.get("body", "") if form.is_bound else section["body_markdown"]
    context = {"view": view, "section": section, "form": form, "preview": preview}
    return render(request, "strategy/section_edit.html", context)


def _document_url(org: OrgContext, document: StrategyDocument) -> str:
    return reverse("strategy_document", args=[org.slug, document.pk])


@require_POST
@org_view(Capability.MANAGE_STRATEGY)
def strategy_preview(request: HttpRequest, org: OrgContext, document_id: int) -> HttpResponse:
    """Render the Markdown being written, for the live preview beside the section editor."""
    _document_or_404(org, document_id)
    return render(request, "strategy/_preview.html", {"preview": request.POST.get("body", "")})


@require_http_methods(["GET", "POST"])
@org_view(Capability.MANAGE_STRATEGY)
def strategy_kpis(request: HttpRequest, org: OrgContext, document_id: int) -> HttpResponse:
    """Edit the measures: one row each with a baseline, a target and how often it is reviewed."""
    document = _document_or_404(org, document_id)
    view = _view_or_404(document)
    formset = KpiFormSet(request.POST if request.method == "POST" else None, initial=view.kpis, prefix="kpi")
    problem = ""
    if request.method == "POST" and formset.is_valid():
        rows = [form.cleaned_data for form in formset.forms if form.cleaned_data]
        try:
            version = services.strategy_kpis_update(document=document, kpis=rows, user=request.user)
        except services.StrategyError as error:
            problem = str(error)
        else:
            messages.success(request, f"The measures are saved as version {version.number}.")
            return redirect(f"{_document_url(org, document)}#section-measurement")
    return render(request, "strategy/kpis.html", {"view": view, "formset": formset, "problem": problem})


@require_http_methods(["GET", "POST"])
@org_view(Capability.MANAGE_STRATEGY)
def strategy_assumptions(request: HttpRequest, org: OrgContext, document_id: int) -> HttpResponse:
    """Change the cost per hour and the facilitation assumptions, then recompute the estimate."""
    document = _document_or_404(org, document_id)
    view = _view_or_404(document)
    initial = {
        "cost_per_hour": document.cost_per_hour,
        "currency": document.currency,
        "target_percent": document.target_percent,
        "group_size": document.group_size,
        "session_hours": document.session_hours,
        "coaching_hours_per_leader": document.coaching_hours_per_leader,
    }
    form = AssumptionsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version, rewritten = services.strategy_assumptions_update(
                document=document, user=request.user, **form.cleaned_data
            )
        except services.StrategyError as error:
            form.add_error(None, str(error))
        else:
            kept = (
                " The business case text was updated with the new figures."
                if rewritten
                else " Your edited business case text is kept: check its figures against the new table."
            )
            messages.success(request, f"The estimate is recomputed and saved as version {version.number}.{kept}")
            return redirect(f"{_document_url(org, document)}#section-business-case")
    context = {
        "view": view,
        "form": form,
        "resourcing": outline.resourcing_table(view.estimate),
        "formula": view.estimate.formula,
    }
    return render(request, "strategy/assumptions.html", context)


@require_GET
@org_view(Capability.VIEW_STRATEGY)
def strategy_history(request: HttpRequest, org: OrgContext, document_id: int) -> HttpResponse:
    """List every version and show what changed between any two of them."""
    document = _document_or_404(org, document_id)
    versions = list(selectors.versions_list(document=document))
    numbers = [version.number for version in versions]
    newer = _number(request.GET.get("to")) or (numbers[0] if numbers else None)
    older = _number(request.GET.get("from")) or (numbers[1] if len(numbers) > 1 else newer)
    by_number = {version.number: version for version in versions}
    diff = None
    if older in by_number and newer in by_number:
        before, after = by_number[older], by_number[newer]
        diff = diffing.version_diff(before.sections, after.sections, before.kpis, after.kpis)
    context = {
        "document": document,
        "versions": versions,
        "older": older,
        "newer": newer,
        "diff": diff,
        "can_compare": len(versions) > 1,
    }
    return render(request, "strategy/history.html", context)


def _export(request: HttpRequest, org: OrgContext, document_id: int, format_name: str) -> HttpResponse:
    document = _document_or_404(org, document_id)
    view = _view_or_404(document, _number(request.GET.get("version")))
    return download(exports.export_bytes(view, format_name), filename=exports.export_filename(view, format_name))


@require_GET
@org_view(Capability.VIEW_STRATEGY)
def strategy_export_pdf(request: HttpRequest, org: OrgContext, document_id: int) -> HttpResponse:
    """Download the document as a PDF, ready for the board."""
    return _export(request, org, document_id, "pdf")


@require_GET
@org_view(Capability.VIEW_STRATEGY)
def strategy_export_docx(request: HttpRequest, org: OrgContext, document_id: int) -> HttpResponse:
    """Download the document as DOCX, to edit in an office suite."""
    return _export(request, org, document_id, "docx")


@require_GET
@org_view(Capability.VIEW_STRATEGY)
def strategy_export_md(request: HttpRequest, org: OrgContext, document_id: int) -> HttpResponse:
    """Download the document as Markdown."""
    return _export(request, org, document_id, "md")
