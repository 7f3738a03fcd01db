"""Pages for the people who run the programme: enrolments, due dates, reminders and learners' progress."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.tasks import TaskResultStatus
from django.views.decorators.http import require_GET, require_POST

from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext, org_view
from socialu.learning import services
from socialu.learning.forms import DueDateForm, EnrolForm
from socialu.learning.oversight import selectors as progress_selectors
from socialu.learning.oversight import services as enrolment_services
from socialu.learning.tasks import enrolment_reminders_run
from socialu.people.selectors import person_get, units_for_choice


def _forms(org: OrgContext, data: Any = None, *, which: str = "") -> dict[str, Any]:
    courses = progress_selectors.course_choices(organisation=org.organisation)
    units = units_for_choice(organisation=org.organisation)
    return {
        # Prefixes keep the two forms' field ids apart on the one page.
        "enrol_form": EnrolForm(data if which == "enrol" else None, courses=courses, units=units, prefix="enrol"),
        "due_form": DueDateForm(data if which == "due" else None, courses=courses, prefix="due"),
    }


def _page(request: HttpRequest, org: OrgContext, forms: dict[str, Any]) -> HttpResponse:
    context = {
        **forms,
        "courses": progress_selectors.enrolments_by_course(organisation=org.organisation),
        "remind_every_days": enrolment_services.REMIND_EVERY_DAYS,
    }
    return render(request, "learning/manage/enrolments.html", context)


@require_GET
@org_view(Capability.MANAGE_ENROLMENTS)
def enrolments_manage(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Show enrolments by course, with forms to enrol people, set due dates and send reminders."""
    return _page(request, org, _forms(org))


@require_POST
@org_view(Capability.MANAGE_ENROLMENTS)
def enrolment_add_view(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Enrol one person, or everyone in a unit and below, in a course with an optional due date."""
    forms = _forms(org, request.POST, which="enrol")
    form: EnrolForm = forms["enrol_form"]
    if form.is_valid():
        data = form.cleaned_data
        person = None
        if data["who"] == "person":
            person = progress_selectors.person_find(organisation=org.organisation, identifier=data["person"])
            if person is None:
                form.add_error("person", "Nobody in the roster has that email address or employee ID.")
        if not form.errors:
            try:
                created = services.enrolment_add(
                    organisation=org.organisation,
                    course_slug=data["course"],
                    person=person,
                    unit=data["unit"] if data["who"] == "unit" else None,
                    due_on=data["due_on"],
                )
            except services.LearningError as error:
                form.add_error(None, str(error))
            else:
                who = person.name if person else data["unit"].name
                if created:
                    messages.success(request, f"Enrolled {created} {'person' if created == 1 else 'people'} ({who}).")
                else:
                    messages.info(request, f"Nobody new to enrol: {who} already had this course.")
                return redirect("enrolments_manage", org.slug)
    return _page(request, org, forms)


@require_POST
@org_view(Capability.MANAGE_ENROLMENTS)
def enrolment_due_view(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Set or clear the due date of unfinished enrolments in a course or an audience's path."""
    forms = _forms(org, request.POST, which="due")
    form: DueDateForm = forms["due_form"]
    if form.is_valid():
        data = form.cleaned_data
        try:
            changed = enrolment_services.enrolment_due_set(
                organisation=org.organisation,
                due_on=None if data["clear"] else data["due_on"],
                course_slug=data["course"] if data["scope"] == "course" else "",
                audience=data["audience"] if data["scope"] == "path" else "",
            )
        except services.LearningError as error:
            form.add_error(None, str(error))
        else:
            what = "cleared" if data["clear"] else f"set to {data['due_on']:%-d %B %Y}"
            messages.success(
                request, f"Due date {what} on {changed} unfinished enrolment{'s' if changed != 1 else ''}."
            )
            return redirect("enrolments_manage", org.slug)
    return _page(request, org, forms)


@require_POST
@org_view(Capability.MANAGE_ENROLMENTS)
def enrolment_remind_view(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Queue the reminder emails to everyone with overdue required learning who was not reminded recently."""
    # A large organisation takes a while to email, so the background worker sends them.
    result = enrolment_reminders_run.enqueue(org.organisation.pk)
    if not result.is_finished:
        messages.success(request, "Reminders about overdue learning are being sent in the background.")
    elif result.status == TaskResultStatus.SUCCESSFUL and result.return_value:
        sent = result.return_value
        messages.success(request, f"Sent {sent} reminder{'s' if sent != 1 else ''} about overdue learning.")
    elif result.status == TaskResultStatus.SUCCESSFUL:
        messages.info(request, "Nobody needed a reminder: nothing is overdue, or everyone was reminded recently.")
    else:
        messages.error(request, "The reminders could not be sent. Check the email settings and try again.")
    return redirect("enrolments_manage", org.slug)


@require_GET
@org_view(Capability.VIEW_LEARNER_PROGRESS)
def learners(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Find a person to see their progress; before searching, list the people with overdue learning."""
    query = request.GET.get("q", "")
    people = progress_selectors.people_search(organisation=org.organisation, query=query)
    overdue, overdue_total = ([], 0) if query else progress_selectors.overdue_people(organisation=org.organisation)
    context = {"query": query, "people": people, "overdue": overdue, "overdue_total": overdue_total}
    return render(request, "learning/manage/learners.html", context)


@require_GET
@org_view(Capability.VIEW_LEARNER_PROGRESS)
def learner_progress(request: HttpRequest, org: OrgContext, person_id: int) -> HttpResponse:
    """Show one person's enrolments, the lessons they did and their quiz attempts with scores."""
    person = person_get(organisation=org.organisation, person_id=person_id)
    if person is None:
        raise Http404("There is no such person in this organisation.")
    progress = progress_selectors.learner_progress(organisation=org.organisation, person=person)
    return render(request, "learning/manage/learner_progress.html", {"progress": progress})
