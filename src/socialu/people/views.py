"""People pages: the organisation home, directory, units, exports and roster import."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import content_disposition_header, urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socialu.core.audiences import Audience
from socialu.core.downloads import download_written
from socialu.core.home import home_panels_render
from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext, org_view
from socialu.people import person_services, selectors
from socialu.people.forms import (
    ENCODING_CHOICES,
    DirectoryFilterForm,
    RosterMappingForm,
    RosterUploadForm,
    parse_page,
)
from socialu.people.imports.services import (
    RosterUploadError,
    roster_job_repeat,
    roster_job_start,
    roster_upload_find,
    roster_upload_store,
    upload_display_name,
)
from socialu.people.models import RosterImportJob, RosterImportStatus
from socialu.people.selectors import ActiveFilter

# Rejected rows shown on the job page; all of them are in the errors CSV.
ERRORS_SHOWN = 500
# How long a job may sit in the queue before the page suggests the worker is not running.
WORKER_WAIT = timedelta(seconds=10)
EXPORT_FORMATS = ("csv", "xlsx")
EXPORT_ACTIVE: dict[str, bool] = {ActiveFilter.ACTIVE: True, ActiveFilter.INACTIVE: False}
FINISHED_STATUSES = {RosterImportStatus.SUCCEEDED, RosterImportStatus.REJECTED, RosterImportStatus.FAILED}


def _is_partial(request: HttpRequest) -> bool:
    """Return whether htmx asked for a fragment (not a history restore, which needs the page)."""
    htmx: Any = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


@org_view(Capability.VIEW_HOME)
def org_home(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Show the organisation's home page for the current member."""
    summary = selectors.home_summary(organisation=org.organisation)
    panels = home_panels_render(request, org)
    return render(request, "people/org_home.html", {"summary": summary, "panels": panels})


# --- Directory, person, units ---------------------------------------------


@require_GET
@org_view(Capability.VIEW_PEOPLE)
def people_directory(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """List the organisation's people, searched and filtered from the query string."""
    organisation = org.organisation
    form = DirectoryFilterForm(
        request.GET,
        units=selectors.units_for_choice(organisation=organisation),
        locations=selectors.directory_locations(organisation=organisation),
    )
    filters = form.filters()
    page = selectors.directory_page(
        organisation=organisation, filters=filters, page=parse_page(request.GET.get("page"))
    )
    # The page links keep every filter that is set, and only those.
    query = QueryDict(mutable=True)
    for name in form.fields:
        value = request.GET.get(name, "")
        if value and not (name == "active" and value == ActiveFilter.ACTIVE):
            query[name] = value
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "query": query.urlencode(),
        "has_people": page.total > 0 or selectors.people_exist(organisation=organisation),
    }
    if _is_partial(request):
        response = render(request, "people/directory.html#results", context)
        # Put a clean, shareable address in the browser bar: only the filters that are set.
        shown = query.copy()
        if page.number > 1:
            shown["page"] = str(page.number)
        response["HX-Push-Url"] = f"{request.path}?{shown.urlencode()}" if shown else request.path
    else:
        response = render(request, "people/directory.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
@org_view(Capability.VIEW_PEOPLE)
def person_detail(request: HttpRequest, org: OrgContext, person_id: int) -> HttpResponse:
    """Show one person of the organisation, their manager and direct reports."""
    detail = selectors.person_detail(organisation=org.organisation, person_id=person_id)
    if detail is None:
        raise Http404("No such person.")
    return render(request, "people/person_detail.html", {"detail": detail, "person": detail.person})


@require_POST
@org_view(Capability.MANAGE_PEOPLE)
def person_active_set(request: HttpRequest, org: OrgContext, person_id: int) -> HttpResponse:
    """Deactivate a person (a leaver loses their roles, sessions and tokens) or reactivate them."""
    person = selectors.person_get(organisation=org.organisation, person_id=person_id)
    if person is None:
        raise Http404("No such person.")
    active = request.POST.get("active") == "true"
    try:
        person_services.person_update(person=person, is_active=active)
    except person_services.PersonError as error:
        messages.error(request, " ".join(message for problems in error.errors.values() for message in problems))
    else:
        if active:
            messages.success(request, f"{person.name} is active again. Roles are not given back: invite them again.")
        else:
            messages.success(
                request, f"{person.name} is deactivated: their roles here are taken away and they are signed out."
            )
    return redirect("person_detail", org_slug=org.slug, person_id=person.pk)


@require_GET
@org_view(Capability.VIEW_PEOPLE)
def unit_tree(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Show the organisation's units as a tree with active head-counts."""
    roots = selectors.unit_tree(organisation=org.organisation)
    unassigned = selectors.people_without_unit_count(organisation=org.organisation)
    return render(request, "people/unit_tree.html", {"roots": roots, "unassigned": unassigned})


@require_GET
@org_view(Capability.EXPORT_PEOPLE)
def people_export(request: HttpRequest, org: OrgContext, file_format: str) -> HttpResponse:
    """Download the organisation's people as CSV or Excel: everyone, or narrowed by status and audience."""
    from socialu.people.exports import people_export as write_export

    if file_format not in EXPORT_FORMATS:
        raise Http404("No such export format.")
    # Status and audience are the filters the export itself understands; anything else is ignored.
    active = EXPORT_ACTIVE.get(request.GET.get("active", ""))
    audience = request.GET.get("audience", "")
    return download_written(
        lambda output: write_export(
            organisation=org.organisation,
            format="xlsx" if file_format == "xlsx" else "csv",
            output=output,
            active=active,
            audience=audience if audience in Audience.values else None,
        ),
        filename=f"{org.slug}-people-{timezone.localdate():%Y-%m-%d}.{file_format}",
    )


# --- Roster import ----------------------------------------------------------


@require_http_methods(["GET", "POST"])
@org_view(Capability.IMPORT_ROSTER)
def roster_import(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Upload a roster file, then go on to choose what each column holds."""
    max_bytes = int(settings.SOCIALU_MAX_UPLOAD_BYTES)
    form = RosterUploadForm(request.POST or None, request.FILES or None, max_bytes=max_bytes)
    if request.method == "POST" and form.is_valid():
        try:
            path = roster_upload_store(organisation=org.organisation, uploaded=form.cleaned_data["file"])
        except RosterUploadError as error:
            form.add_error("file", str(error))
        else:
            url = reverse("roster_import_mapping", args=[org.slug, path.name])
            query = urlencode(
                {
                    key: value
                    for key, value in (
                        ("full_sync", "1" if form.cleaned_data["full_sync"] else ""),
                        ("encoding", form.cleaned_data["encoding"]),
                    )
                    if value
                }
            )
            return redirect(f"{url}?{query}" if query else url)
    context = {
        "form": form,
        "max_bytes": max_bytes,
        "jobs": selectors.roster_jobs_recent(organisation=org.organisation),
    }
    return render(request, "people/roster_import.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@org_view(Capability.IMPORT_ROSTER)
def roster_import_mapping(request: HttpRequest, org: OrgContext, upload_id: str) -> HttpResponse:
    """Show each column of an uploaded file with the person field it fills, then check the file."""
    from socialu.people.roster import ROSTER_FIELDS, ImportChoices, RosterImportError, roster_read_headers

    path = roster_upload_find(organisation=org.organisation, upload_id=upload_id)
    if path is None:
        raise Http404("No such upload.")
    filename = upload_display_name(path)
    encoding = (request.POST.get("encoding") if request.method == "POST" else request.GET.get("encoding")) or ""
    if encoding not in dict(ENCODING_CHOICES):
        encoding = ""
    try:
        headers, suggested = roster_read_headers(path=path, filename=filename, encoding=encoding)
    except RosterImportError as error:
        return render(
            request,
            "people/roster_import.html",
            {
                "form": RosterUploadForm(max_bytes=int(settings.SOCIALU_MAX_UPLOAD_BYTES)),
                "file_error": str(error),
                "max_bytes": int(settings.SOCIALU_MAX_UPLOAD_BYTES),
                "jobs": selectors.roster_jobs_recent(organisation=org.organisation),
            },
            status=400,
        )
    form = RosterMappingForm(
        request.POST or None,
        headers=headers,
        suggested=suggested,
        fields=ROSTER_FIELDS,
        full_sync=request.GET.get("full_sync") == "1",
        encoding=encoding,
    )
    if request.method == "POST" and form.is_valid():
        job = roster_job_start(
            organisation=org.organisation,
            user_id=org.user_id,
            stored_path=path,
            original_filename=filename,
            mapping=form.mapping(),
            dry_run=True,
            full_sync=form.cleaned_data["full_sync"],
            choices=ImportChoices(encoding=form.cleaned_data["encoding"] or None),
        )
        return redirect("roster_import_job", org.slug, job.pk)
    context = {"form": form, "filename": filename, "roster_fields": ROSTER_FIELDS}
    return render(request, "people/roster_mapping.html", context, status=400 if form.errors else 200)


def _job_or_404(org: OrgContext, job_id: int) -> RosterImportJob:
    job = selectors.roster_job_get(organisation=org.organisation, job_id=job_id)
    if job is None:
        raise Http404("No such import.")
    return job


@require_GET
@org_view(Capability.IMPORT_ROSTER)
def roster_import_job(request: HttpRequest, org: OrgContext, job_id: int) -> HttpResponse:
    """Show an import's progress while it runs and what it did once it has finished."""
    job = _job_or_404(org, job_id)
    finished = job.status in FINISHED_STATUSES
    result: dict[str, Any] = job.result or {}
    errors: list[dict[str, Any]] = result.get("errors", [])
    context = {
        "job": job,
        "finished": finished,
        "progress": selectors.roster_job_progress(job=job),
        "result": result,
        "errors": errors[:ERRORS_SHOWN],
        "error_count": len(errors),
        "errors_capped": len(errors) > ERRORS_SHOWN,
        "changed": sum(int(result.get(key, 0)) for key in ("created", "updated", "deactivated")),
        "waiting_for_worker": job.status == RosterImportStatus.QUEUED and timezone.now() - job.created_at > WORKER_WAIT,
        "can_apply": job.dry_run and job.status == RosterImportStatus.SUCCEEDED and Path(job.stored_path).is_file(),
        "can_retry": job.status == RosterImportStatus.FAILED and Path(job.stored_path).is_file(),
    }
    if _is_partial(request):
        response = render(request, "people/roster_job.html#progress", context)
        if finished:
            # The finished page has the summary and the rejected rows: load it whole.
            response["HX-Refresh"] = "true"
    else:
        response = render(request, "people/roster_job.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_POST
@org_view(Capability.IMPORT_ROSTER)
def roster_import_apply(request: HttpRequest, org: OrgContext, job_id: int) -> HttpResponse:
    """Import for real the file a successful dry run checked."""
    job = _job_or_404(org, job_id)
    if not (job.dry_run and job.status == RosterImportStatus.SUCCEEDED):
        return redirect("roster_import_job", org.slug, job.pk)
    if not Path(job.stored_path).is_file():
        return redirect("roster_import_job", org.slug, job.pk)
    confirmed = request.POST.get("confirm_deactivations") == "on"
    if (job.result or {}).get("needs_confirmation") and not confirmed:
        messages.error(request, "Tick the box to confirm the deactivations, or upload a complete file.")
        return redirect("roster_import_job", org.slug, job.pk)
    real_job = roster_job_repeat(job=job, user_id=org.user_id, dry_run=False, confirm_deactivations=confirmed)
    return redirect("roster_import_job", org.slug, real_job.pk)


@require_POST
@org_view(Capability.IMPORT_ROSTER)
def roster_import_retry(request: HttpRequest, org: OrgContext, job_id: int) -> HttpResponse:
    """Run again an import that failed (for example because the server stopped while it ran)."""
    job = _job_or_404(org, job_id)
    if job.status != RosterImportStatus.FAILED or not Path(job.stored_path).is_file():
        return redirect("roster_import_job", org.slug, job.pk)
    again = roster_job_repeat(job=job, user_id=org.user_id, dry_run=job.dry_run)
    return redirect("roster_import_job", org.slug, again.pk)


@require_GET
@org_view(Capability.IMPORT_ROSTER)
def roster_import_errors_csv(request: HttpRequest, org: OrgContext, job_id: int) -> HttpResponse:
    """Download every rejected row of an import as CSV."""
    job = _job_or_404(org, job_id)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(selectors.roster_job_error_rows(job=job))
    # The byte-order mark lets Excel read accented names correctly.
    response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    stem = Path(job.original_filename).stem or "roster"
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{stem}-rejected-rows-{job.pk}.csv"
    )
    return response
