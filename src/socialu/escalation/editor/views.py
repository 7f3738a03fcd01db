"""Editing the decision tree: node by node, as YAML, and its version history."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socialu.core.downloads import download
from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext, org_view
from socialu.escalation import selectors, services
from socialu.escalation.forms import OutcomeNodeForm, QuestionNodeForm, TreeYamlForm, node_initial
from socialu.escalation.tree import ACTIONS, Problem


def _problems_by_node(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda problem: (problem.node != "", problem.node))


def _questions(document: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (node_id, f"{node_id}: {node.get('text', '')}"[:120])
        for node_id, node in (document.get("nodes") or {}).items()
        if isinstance(node, dict) and node.get("kind") == "question"
    ]


@require_GET
@org_view(Capability.MANAGE_DECISION_TREE)
def decision_tree_editor(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """List the nodes of the tree in force, and its versions."""
    document = selectors.document_in_force(organisation=org.organisation)
    nodes = []
    for node_id, node in (document.get("nodes") or {}).items():
        leads_to = [option.get("next", "") for option in node.get("options") or []]
        nodes.append(
            {
                "id": node_id,
                "kind": node.get("kind"),
                "text": node.get("text") or node.get("title") or "",
                "action": ACTIONS.get(node.get("action", ""), ""),
                "leads_to": leads_to,
                "notify": node.get("notify") or [],
                "start": node_id == document.get("start"),
            }
        )
    context = {
        "nodes": nodes,
        "current": selectors.tree_current(organisation=org.organisation),
        "versions": selectors.tree_versions(organisation=org.organisation),
    }
    return render(request, "escalation/tree_editor.html", context)


@require_http_methods(["GET", "POST"])
@org_view(Capability.MANAGE_DECISION_TREE)
def decision_tree_yaml(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Edit the whole tree as YAML; on a problem the text stays as typed, with errors naming each node."""
    problems: list[Problem] = []
    if request.method == "POST":
        form = TreeYamlForm(request.POST)
        if form.is_valid():
            try:
                saved, created = services.decision_tree_save_yaml(
                    organisation=org.organisation,
                    text=form.cleaned_data["yaml"],
                    user_id=org.user_id,
                    summary=form.cleaned_data["summary"],
                )
            except services.TreeRejectedError as rejected:
                problems = _problems_by_node(rejected.problems)
            else:
                if created:
                    messages.success(request, f"Version {saved.version} of the decision tree is now in force.")
                else:
                    messages.info(request, "Nothing changed: the tree is the same as the version in force.")
                return redirect("decision_tree_editor", org.slug)
    else:
        version = request.GET.get("from_version", "")
        try:
            text = selectors.tree_yaml(
                organisation=org.organisation, version=int(version) if version.isdigit() else None
            )
        except LookupError as error:
            raise Http404(str(error)) from error
        summary = f"Restored version {version}" if version.isdigit() else ""
        form = TreeYamlForm(initial={"yaml": text, "summary": summary})
    status = 422 if problems else 200
    return render(request, "escalation/tree_yaml.html", {"form": form, "problems": problems}, status=status)


@require_GET
@org_view(Capability.MANAGE_DECISION_TREE)
def decision_tree_export(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Download the tree in force as a YAML file."""
    return download(selectors.tree_yaml(organisation=org.organisation), filename=f"{org.slug}-decision-tree.yaml")


@require_GET
@org_view(Capability.MANAGE_DECISION_TREE)
def decision_tree_version(request: HttpRequest, org: OrgContext, tree_version: int) -> HttpResponse:
    """Show an old (or the current) version of the tree, read-only."""
    saved = selectors.tree_version_get(organisation=org.organisation, version=tree_version)
    if saved is None:
        raise Http404("There is no such version of the decision tree.")
    text = selectors.tree_yaml(organisation=org.organisation, version=tree_version)
    current = selectors.tree_current(organisation=org.organisation)
    context = {"saved": saved, "text": text, "is_current": current is not None and current.pk == saved.pk}
    return render(request, "escalation/tree_version.html", context)


def _node_form_page(
    request: HttpRequest, org: OrgContext, *, node_id: str | None, kind: str, node: dict[str, Any] | None
) -> HttpResponse:
    document = selectors.document_in_force(organisation=org.organisation)
    form_class = QuestionNodeForm if kind == "question" else OutcomeNodeForm
    new = node_id is None
    questions = _questions(document)
    problems: list[Problem] = []
    if request.method == "POST":
        form = form_class(request.POST, questions=questions, new=new)
        if form.is_valid():
            try:
                services.decision_tree_node_save(
                    organisation=org.organisation,
                    node_id=node_id,
                    new_id=form.cleaned_data["node_id"],
                    node=form.node(),
                    reached_from=form.cleaned_data.get("reached_from", ""),
                    reached_by=form.cleaned_data.get("reached_by", ""),
                    user_id=org.user_id,
                )
            except services.TreeRejectedError as rejected:
                problems = _problems_by_node(rejected.problems)
            except services.EscalationError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Node “{form.cleaned_data['node_id']}” is saved.")
                return redirect("decision_tree_editor", org.slug)
    else:
        initial = node_initial(node_id, node) if node_id is not None and node is not None else {}
        form = form_class(initial=initial, questions=questions, new=new)
    context = {"form": form, "node_id": node_id, "kind": kind, "problems": problems, "actions": ACTIONS}
    status = 422 if problems or (request.method == "POST" and form.errors) else 200
    return render(request, "escalation/node_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@org_view(Capability.MANAGE_DECISION_TREE)
def decision_tree_node_new(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Add a question or an outcome (``?kind=outcome``), reached by a new answer to an existing question."""
    kind = "outcome" if request.GET.get("kind") == "outcome" else "question"
    return _node_form_page(request, org, node_id=None, kind=kind, node=None)


@require_http_methods(["GET", "POST"])
@org_view(Capability.MANAGE_DECISION_TREE)
def decision_tree_node_edit(request: HttpRequest, org: OrgContext, tree_node: str) -> HttpResponse:
    """Change one node; the whole tree is checked before the new version is saved."""
    document = selectors.document_in_force(organisation=org.organisation)
    node = (document.get("nodes") or {}).get(tree_node)
    if not isinstance(node, dict):
        raise Http404("There is no such node in the decision tree.")
    kind = "question" if node.get("kind") == "question" else "outcome"
    return _node_form_page(request, org, node_id=tree_node, kind=kind, node=node)


@require_POST
@org_view(Capability.MANAGE_DECISION_TREE)
def decision_tree_node_delete(request: HttpRequest, org: OrgContext, tree_node: str) -> HttpResponse:
    """Remove a node and the answers leading to it, unless that breaks the tree."""
    document = selectors.document_in_force(organisation=org.organisation)
    if tree_node not in (document.get("nodes") or {}):
        raise Http404("There is no such node in the decision tree.")
    try:
        services.decision_tree_node_delete(organisation=org.organisation, node_id=tree_node, user_id=org.user_id)
    except services.EscalationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Node “{tree_node}” and the answers that led to it are removed.")
    return redirect("decision_tree_editor", org.slug)
