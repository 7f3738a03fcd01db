"""Walking the decision tree, recording the decision, and reviewing the decision log."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from socialu.core.downloads import download_lines, download_written
from socialu.core.permissions import Capability
from socialu.core.roles import Role
from socialu.core.tenancy import OrgContext, org_view
from socialu.escalation import exports, selectors, services
from socialu.escalation.forms import LogFilterForm, RecordForm
from socialu.escalation.tree import Tree
from socialu.escalation.walking import WalkError, tree_walk

LOG_PAGE_SIZE = 25


def parse_path(raw: str) -> list[int]:
    """Return the option indexes in a path such as ``1.0.3`` (an empty list for anything else)."""
    parts = [part for part in raw.split(".") if part]
    if not parts or not all(part.isdigit() and len(part) < 3 for part in parts) or len(parts) > 50:
        return []
    return [int(part) for part in parts]


def _join(choices: list[int] | tuple[int, ...]) -> str:
    return ".".join(str(choice) for choice in choices)


def _walk_context(org: OrgContext, tree: Tree, choices: list[int], form: RecordForm | None) -> dict[str, Any]:
    try:
        walk = tree_walk(tree, choices)
    except WalkError:
        walk = tree_walk(tree, [])
    current = selectors.tree_current(organisation=org.organisation)
    version = current.version if current is not None else 0
    taken = list(walk.choices)
    steps = [{"step": step, "path": _join(taken[:index]), "number": index + 1} for index, step in enumerate(walk.steps)]
    options = []
    if walk.outcome is None:
        options = [
            {"label": option.label, "path": _join([*taken, index])}
            for index, option in enumerate(walk.current.options)  # type: ignore[union-attr]
        ]
    if form is None:
        form = RecordForm(initial={"path": _join(taken), "tree_version": version})
    notify_labels = []
    if walk.outcome is not None:
        roles = dict(Role.choices)
        notify_labels = [
            value if "@" in value else f"everyone with the role “{roles.get(value, value)}”"
            for value in walk.outcome.notify
        ]
    return {
        "walk": walk,
        "steps": steps,
        "options": options,
        "back_path": _join(taken[:-1]),
        "form": form,
        "tree_version": version,
        "notify_labels": notify_labels,
    }


@require_GET
@org_view(Capability.WALK_DECISION_TREE)
def decision_walk(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Ask one question at a time; at the outcome show the guidance and the form to record the decision."""
    tree = selectors.tree_in_force(organisation=org.organisation)
    context = _walk_context(org, tree, parse_path(request.GET.get("path", "")), None)
    if getattr(request, "htmx", False):
        return render(request, "escalation/_walk_step.html", context)
    return render(request, "escalation/walk.html", context)


@require_POST
@org_view(Capability.WALK_DECISION_TREE)
def decision_record_view(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Record the decision reached; an escalation emails the people it names."""
    form = RecordForm(request.POST)
    choices = parse_path(request.POST.get("path", ""))
    if form.is_valid():
        try:
            entry = services.decision_record(
                organisation=org.organisation,
                answers=choices,
                post_url=form.cleaned_data["post_url"],
                post_text=form.cleaned_data["post_text"],
                note=form.cleaned_data["note"],
                user_id=org.user_id,
                user_email=getattr(request.user, "email", ""),
                expected_version=form.cleaned_data["tree_version"],
            )
        except services.EscalationError as error:
            form.add_error(None, str(error))
        else:
            told = len(entry.notified)
            extra = f" {told} {'person was' if told == 1 else 'people were'} told by email." if told else ""
            messages.success(request, f"Your decision is recorded: {entry.outcome_title}.{extra}")
            if org.can(Capability.VIEW_DECISION_LOG):
                return redirect("decision_log_entry", org.slug, entry.pk)
            return redirect("decision_walk", org.slug)
    tree = selectors.tree_in_force(organisation=org.organisation)
    return render(request, "escalation/walk.html", _walk_context(org, tree, choices, form))


# The decision log ------------------------------------------------------------------------------


def _filters(request: HttpRequest) -> tuple[LogFilterForm, selectors.LogFilters]:
    form = LogFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return form, selectors.LogFilters(
            action=data["action"], since=data["since"], until=data["until"], walker=data["walker"], q=data["q"]
        )
    return form, selectors.LogFilters()


@require_GET
@org_view(Capability.VIEW_DECISION_LOG)
def decision_log(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """List recorded decisions, newest first, with filters and exports."""
    form, filters = _filters(request)
    entries = selectors.log_entries(organisation=org.organisation, filters=filters)
    page = Paginator(entries, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "filtered": any(value for key, value in request.GET.items() if key != "page"),
    }
    return render(request, "escalation/log.html", context)


@require_GET
@org_view(Capability.VIEW_DECISION_LOG)
def decision_log_entry(request: HttpRequest, org: OrgContext, decision_id: int) -> HttpResponse:
    """Show one recorded decision: the post, the path taken, the outcome and who was told."""
    entry = selectors.log_entry_get(organisation=org.organisation, entry_id=decision_id)
    if entry is None:
        raise Http404("There is no such decision.")
    return render(request, "escalation/log_entry.html", {"entry": entry})


@require_GET
@org_view(Capability.VIEW_DECISION_LOG)
def decision_log_csv(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Download the (filtered) decision log as CSV, safe to open in a spreadsheet."""
    _, filters = _filters(request)
    return download_lines(
        exports.log_csv_lines(organisation=org.organisation, filters=filters), filename="decision-log.csv"
    )


@require_GET
@org_view(Capability.VIEW_DECISION_LOG)
def decision_log_xlsx(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Download the (filtered) decision log as an Excel workbook; every cell is text, never a formula."""
    _, filters = _filters(request)
    return download_written(
        lambda output: exports.log_xlsx_write(organisation=org.organisation, filters=filters, output=output),
        filename="decision-log.xlsx",
    )
