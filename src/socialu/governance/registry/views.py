"""Pages of the social media account registry: the list, one account, editing, import and export."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socialu.core.downloads import download_lines
from socialu.core.permissions import Capability
from socialu.core.tabular import TabularFileError, read_records, records_csv_text
from socialu.core.tenancy import OrgContext, org_view
from socialu.governance.models import SocialAccount, SocialAccountStatus, SocialPlatform
from socialu.governance.registry import selectors, services
from socialu.governance.registry.forms import RegistryImportForm, SocialAccountForm
from socialu.governance.registry.imports import REGISTRY_COLUMNS, registry_csv_lines, registry_import

MAX_UPLOAD = 2 * 1024 * 1024


def _account_or_404(org: OrgContext, account_id: int) -> SocialAccount:
    account = selectors.social_account_get(organisation=org.organisation, account_id=account_id)
    if account is None:
        raise Http404("There is no such account.")
    return account


@require_GET
@org_view(Capability.VIEW_ACCOUNT_REGISTRY)
def account_registry(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """List the accounts, with what needs attention and who should act at the top."""
    platform = request.GET.get("platform", "")
    status = request.GET.get("status", "")
    platform = platform if platform in SocialPlatform.values else ""
    status = status if status in SocialAccountStatus.values else ""
    accounts = list(selectors.registry_accounts(organisation=org.organisation, platform=platform, status=status))
    problems = selectors.registry_problems(organisation=org.organisation)
    by_account: dict[int, list[selectors.Problem]] = {}
    for problem in problems:
        by_account.setdefault(problem.account.pk, []).append(problem)
    rows = [(account, selectors.review_due_on(account), by_account.get(account.pk, [])) for account in accounts]
    context = {
        "rows": rows,
        "problems": problems,
        "platforms": SocialPlatform.choices,
        "statuses": SocialAccountStatus.choices,
        "platform": platform,
        "status": status,
        "filtered": bool(platform or status),
    }
    return render(request, "governance/account_registry.html", context)


@require_GET
@org_view(Capability.VIEW_ACCOUNT_REGISTRY)
def social_account_detail(request: HttpRequest, org: OrgContext, account_id: int) -> HttpResponse:
    """Show one account, its problems and, for managers, the review button."""
    account = _account_or_404(org, account_id)
    problems = [p for p in selectors.registry_problems(organisation=org.organisation) if p.account.pk == account.pk]
    context = {"account": account, "problems": problems, "review_due_on": selectors.review_due_on(account)}
    return render(request, "governance/social_account_detail.html", context)


@require_POST
@org_view(Capability.MANAGE_ACCOUNT_REGISTRY)
def social_account_review_view(request: HttpRequest, org: OrgContext, account_id: int) -> HttpResponse:
    """Record that the account was reviewed today."""
    account = _account_or_404(org, account_id)
    services.social_account_review(account=account, user=request.user)
    messages.success(request, f"{account} is marked as reviewed today.")
    return redirect("social_account_detail", org.slug, account.pk)


def _save(request: HttpRequest, org: OrgContext, account: SocialAccount | None) -> HttpResponse:
    initial = SocialAccountForm.initial_for(account) if account else {}
    form = SocialAccountForm(
        request.POST if request.method == "POST" else None, organisation=org.organisation, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            if account is None:
                account = services.social_account_create(organisation=org.organisation, **form.values())
                messages.success(request, f"{account} is added to the registry.")
            else:
                account = services.social_account_update(account=account, **form.values())
                messages.success(request, f"{account} is saved.")
        except services.RegistryError as error:
            form.add_error(None, str(error))
        else:
            return redirect("social_account_detail", org.slug, account.pk)
    return render(request, "governance/social_account_form.html", {"form": form, "account": account})


@require_http_methods(["GET", "POST"])
@org_view(Capability.MANAGE_ACCOUNT_REGISTRY)
def social_account_new(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Add an account to the registry."""
    return _save(request, org, None)


@require_http_methods(["GET", "POST"])
@org_view(Capability.MANAGE_ACCOUNT_REGISTRY)
def social_account_edit(request: HttpRequest, org: OrgContext, account_id: int) -> HttpResponse:
    """Change an account's details."""
    return _save(request, org, _account_or_404(org, account_id))


@require_http_methods(["GET", "POST"])
@org_view(Capability.MANAGE_ACCOUNT_REGISTRY)
def account_registry_import(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Upload a CSV: first check it and show what would change, then apply it."""
    form = RegistryImportForm(request.POST or None, request.FILES or None)
    context: dict[str, object] = {"form": form, "columns": REGISTRY_COLUMNS}
    if request.method != "POST":
        return render(request, "governance/account_registry_import.html", context)
    apply = request.POST.get("step") == "apply"
    if apply:
        # The checked rows come back as the CSV text the preview carried.
        try:
            rows = read_records(request.POST.get("content", "").encode(), filename="accounts.csv")
        except TabularFileError as error:
            messages.error(request, error.message)
            return redirect("account_registry_import", org.slug)
    else:
        if not form.is_valid():
            return render(request, "governance/account_registry_import.html", context)
        uploaded = form.cleaned_data["file"]
        if uploaded.size > MAX_UPLOAD:
            form.add_error("file", "The file is larger than 2 MB. Split it into smaller files.")
            return render(request, "governance/account_registry_import.html", context)
        try:
            rows = read_records(uploaded.read(), filename=uploaded.name or "accounts.csv")
        except TabularFileError as error:
            form.add_error("file", error.message)
            return render(request, "governance/account_registry_import.html", context)
    text = records_csv_text(rows)
    result = registry_import(organisation=org.organisation, rows=rows, dry_run=not apply)
    if apply and result.ok:
        messages.success(request, f"Imported: {result.created} added, {result.updated} updated.")
        return redirect("account_registry", org.slug)
    context.update({"result": result, "content": text})
    return render(request, "governance/account_registry_import.html", context)


@require_GET
@org_view(Capability.MANAGE_ACCOUNT_REGISTRY)
def account_registry_export(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Download the registry as CSV, in the same columns the import reads."""
    return download_lines(registry_csv_lines(organisation=org.organisation), filename=f"{org.slug}-social-accounts.csv")
