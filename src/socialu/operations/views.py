"""Operations pages: scheduled jobs and settings, the audit log, people's data (export and erasure)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from socialu.core.downloads import download, download_lines
from socialu.core.permissions import Capability
from socialu.core.scheduling import UnknownJobError, job_settings_update, scheduled_job, scheduled_job_task
from socialu.core.tenancy import OrgContext, org_view
from socialu.operations import selectors, services
from socialu.operations.forms import AuditFilterForm, EraseForm, JobSettingsForm, OperationsSettingsForm
from socialu.people.selectors import person_for_user, person_get, person_is_erased

AUDIT_PAGE_SIZE = 50


def _zip(content: bytes, filename: str) -> HttpResponse:
    response = download(content, filename=filename)
    # A person's data: no shared cache may keep a copy.
    response["Cache-Control"] = "no-store"
    return response


@org_view(Capability.MANAGE_OPERATIONS)
def operations_home(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Show the scheduled jobs with last and next runs, and the organisation's operating settings."""
    organisation = org.organisation
    form = OperationsSettingsForm(
        initial={
            "require_mfa_for_admins": organisation.require_mfa_for_admins,
            "upload_retention_days": organisation.upload_retention_days,
            "inactive_person_retention_days": organisation.inactive_person_retention_days,
        }
    )
    context = {
        "org": org,
        "jobs": selectors.job_rows(organisation=organisation),
        "form": form,
        "erasures": selectors.erasures_recent(organisation=organisation, limit=10),
        "now": timezone.now(),
    }
    return render(request, "operations/home.html", context)


@require_POST
@org_view(Capability.MANAGE_OPERATIONS)
def operations_settings(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Save the operating settings (two-step sign-in for admins, retention periods)."""
    form = OperationsSettingsForm(request.POST)
    if form.is_valid():
        try:
            services.operations_settings_update(organisation=org.organisation, **form.cleaned_data)
        except services.OperationsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Settings saved.")
            return redirect("operations_home", org.slug)
    context = {
        "org": org,
        "jobs": selectors.job_rows(organisation=org.organisation),
        "form": form,
        "erasures": selectors.erasures_recent(organisation=org.organisation, limit=10),
        "now": timezone.now(),
    }
    return render(request, "operations/home.html", context, status=400)


@require_POST
@org_view(Capability.MANAGE_OPERATIONS)
def operations_job(request: HttpRequest, org: OrgContext, job_key: str) -> HttpResponse:
    """Switch a scheduled job on or off for the organisation, or change how often it runs."""
    try:
        job = scheduled_job(job_key)
    except UnknownJobError:
        raise Http404("No such job.") from None
    form = JobSettingsForm(request.POST)
    if not form.is_valid():
        problems = "; ".join(f"{error}" for errors in form.errors.values() for error in errors)
        messages.error(request, f"{job.title}: nothing was changed. {problems}")
        return redirect("operations_home", org.slug)
    job_settings_update(
        organisation=org.organisation,
        job_key=job.key,
        enabled=form.cleaned_data["enabled"],
        every_hours=form.cleaned_data["every_hours"],
    )
    messages.success(request, f"{job.title}: saved.")
    return redirect("operations_home", org.slug)


@require_POST
@org_view(Capability.MANAGE_OPERATIONS)
def operations_job_run(request: HttpRequest, org: OrgContext, job_key: str) -> HttpResponse:
    """Queue a scheduled job to run now for this organisation."""
    try:
        job = scheduled_job(job_key)
    except UnknownJobError:
        raise Http404("No such job.") from None
    trigger = f"by {request.user.email}"  # type: ignore[union-attr]
    scheduled_job_task.enqueue(org.organisation.pk, job.key, trigger)
    messages.success(request, f"{job.title}: queued to run now. Its outcome appears here when it has finished.")
    return redirect("operations_home", org.slug)


@org_view(Capability.VIEW_AUDIT_LOG)
def audit_log(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """List the changes admins, facilitators and API tokens made, with filters."""
    form = AuditFilterForm(
        request.GET or None, object_types=selectors.audit_object_types(organisation=org.organisation)
    )
    filters = selectors.AuditFilters(**form.cleaned_data) if form.is_valid() else selectors.AuditFilters()
    entries = selectors.audit_entries(organisation=org.organisation, filters=filters)
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({key: value for key, value in request.GET.items() if key != "page" and value})
    return render(request, "operations/audit.html", {"org": org, "form": form, "page": page, "query": query})


@org_view(Capability.VIEW_AUDIT_LOG)
def audit_log_csv(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Download the audit log (with the same filters) as CSV, one row per changed field."""
    form = AuditFilterForm(
        request.GET or None, object_types=selectors.audit_object_types(organisation=org.organisation)
    )
    filters = selectors.AuditFilters(**form.cleaned_data) if form.is_valid() else selectors.AuditFilters()
    entries = selectors.audit_entries(organisation=org.organisation, filters=filters)
    return download_lines(selectors.audit_csv_lines(entries), filename=f"audit-log-{org.slug}.csv")


@org_view(Capability.EXPORT_OWN_DATA)
def my_data(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Explain what SocialU holds about the signed-in person and offer it as a download."""
    person = person_for_user(organisation=org.organisation, user_id=org.user_id)
    return render(request, "operations/my_data.html", {"org": org, "person": person})


@org_view(Capability.EXPORT_OWN_DATA)
def my_data_export(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Download everything SocialU holds about the signed-in person as a ZIP of JSON and CSV files."""
    person = person_for_user(organisation=org.organisation, user_id=org.user_id)
    if person is None:
        messages.info(request, "You have no record in this organisation's roster, so there is nothing to download.")
        return redirect("my_data", org.slug)
    return _zip(services.person_data_export(person=person), services.export_filename(person))


@org_view(Capability.MANAGE_PERSONAL_DATA)
def person_privacy(request: HttpRequest, org: OrgContext, person_id: int) -> HttpResponse:
    """Offer an admin the person's data export and erasure."""
    person = person_get(organisation=org.organisation, person_id=person_id)
    if person is None:
        raise Http404("No such person.")
    context = {"org": org, "person": person, "erased": person_is_erased(person), "form": EraseForm()}
    return render(request, "operations/person_privacy.html", context)


@org_view(Capability.MANAGE_PERSONAL_DATA)
def person_data_export(request: HttpRequest, org: OrgContext, person_id: int) -> HttpResponse:
    """Download everything SocialU holds about a person (for an access request)."""
    person = person_get(organisation=org.organisation, person_id=person_id)
    if person is None:
        raise Http404("No such person.")
    return _zip(services.person_data_export(person=person), services.export_filename(person))


@require_POST
@org_view(Capability.MANAGE_PERSONAL_DATA)
def person_erase(request: HttpRequest, org: OrgContext, person_id: int) -> HttpResponse:
    """Erase a person's personal data once the admin typed ERASE."""
    person = person_get(organisation=org.organisation, person_id=person_id)
    if person is None:
        raise Http404("No such person.")
    form = EraseForm(request.POST)
    if form.is_valid():
        try:
            result = services.person_erase(person=person, erased_by=request.user)
        except services.OperationsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"The person's personal data was erased ({result.rows} records anonymised). Their figures remain.",
            )
            return redirect("person_privacy", org.slug, person.pk)
    context = {"org": org, "person": person, "erased": person_is_erased(person), "form": form}
    return render(request, "operations/person_privacy.html", context, status=400)
