"""Coaching pages: My coaching, an engagement, a session's log, the coach's availability, the admin overview,
and the public pulse survey reached by a secret link."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socialu.coaching import selectors, services
from socialu.coaching.charts import pulse_chart
from socialu.coaching.exports import engagement_record_pdf
from socialu.coaching.forms import (
    ActionFormSet,
    EngagementForm,
    PulseForm,
    SessionLogForm,
    SlotChoiceForm,
    SlotForm,
    SupportersForm,
)
from socialu.coaching.models import Booking, BookingStatus, Engagement, EngagementStatus, PulseStage
from socialu.coaching.selectors import BOOKERS, PRIVATE_READERS, Relation
from socialu.core.downloads import download
from socialu.core.errors import DomainError
from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext, org_view
from socialu.people.models import Person
from socialu.people.selectors import person_for_user

NOT_LINKED = "Your account is not linked to a person in this organisation's roster. Ask your programme admin."


def _person(org: OrgContext) -> Person | None:
    return person_for_user(organisation=org.organisation, user_id=org.user_id)


def _engagement(org: OrgContext, engagement_id: int) -> tuple[Engagement, Person | None, Relation]:
    """Return the engagement, the viewer's person and relation; 404 for anyone with no part in it."""
    engagement = selectors.engagement_get(organisation=org.organisation, engagement_id=engagement_id)
    if engagement is None:
        raise Http404("There is no such coaching engagement.")
    person = _person(org)
    relation = selectors.relation_of(engagement=engagement, person=person, oversees=org.can(Capability.MANAGE_COACHING))
    if relation is None:
        raise Http404("There is no such coaching engagement.")
    return engagement, person, relation


def _booking(org: OrgContext, booking_id: int) -> tuple[Booking, Person | None, Relation]:
    booking = selectors.booking_get(organisation=org.organisation, booking_id=booking_id)
    if booking is None:
        raise Http404("There is no such coaching session.")
    person = _person(org)
    relation = selectors.relation_of(
        engagement=booking.engagement, person=person, oversees=org.can(Capability.MANAGE_COACHING)
    )
    if relation is None:
        raise Http404("There is no such coaching session.")
    return booking, person, relation


def _slot_label(slot: Any) -> str:
    return f"{slot.starts_at:%a %d %b %Y, %H:%M}–{slot.ends_at:%H:%M} UTC"


@require_GET
@org_view(Capability.TAKE_COACHING)
def coaching_home(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """List the engagements the member coaches, is coached in or assists with."""
    person = _person(org)
    engagements = list(selectors.engagements_of(organisation=org.organisation, person=person)) if person else []
    context = {"person": person, "engagements": engagements, "not_linked": NOT_LINKED}
    return render(request, "coaching/home.html", context)


@require_GET
@org_view(Capability.MANAGE_COACHING)
def coaching_overview(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Show every engagement and how many sessions happened — never what was said in them."""
    summaries = selectors.engagements_overview(organisation=org.organisation)
    return render(request, "coaching/overview.html", {"summaries": summaries})


@require_http_methods(["GET", "POST"])
@org_view(Capability.MANAGE_COACHING)
def engagement_new(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Start an engagement between a coach and an executive."""
    coaches = selectors.coach_choices(organisation=org.organisation)
    form = EngagementForm(request.POST or None, coaches=coaches)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        executive = selectors.person_by_email(organisation=org.organisation, email=data["executive_email"])
        assistant = (
            selectors.person_by_email(organisation=org.organisation, email=data["assistant_email"])
            if data["assistant_email"]
            else None
        )
        if executive is None:
            form.add_error("executive_email", "No active person in the roster has this email.")
        elif data["assistant_email"] and assistant is None:
            form.add_error("assistant_email", "No active person in the roster has this email.")
        else:
            try:
                engagement = services.engagement_create(
                    organisation=org.organisation,
                    coach_id=data["coach_id"],
                    executive_id=executive.pk,
                    assistant_id=assistant.pk if assistant else None,
                    plan=services.EngagementPlan(
                        goal_slugs=data["goal_slugs"],
                        own_goals=[data["own_goal"]] if data["own_goal"] else [],
                        behaviours=form.behaviour_lines(),
                        sessions_planned=data["sessions_planned"],
                        starts_on=data["starts_on"],
                        target_on=data["target_on"],
                    ),
                )
            except DomainError as refused:
                _form_errors(form, refused)
            else:
                messages.success(request, "The engagement has started. The executive can now book sessions.")
                return redirect("coaching_engagement", org.slug, engagement.pk)
    return render(request, "coaching/new.html", {"form": form, "coaches": coaches})


def _form_errors(form: Any, refused: DomainError) -> None:
    known = {"executive_id": "executive_email", "assistant_id": "assistant_email", "own_goals": "own_goal"}
    for problem in refused.details or []:
        field = known.get(problem.field, problem.field)
        form.add_error(field if field in form.fields else None, problem.message)
    if not refused.details:
        form.add_error(None, refused.message)


@require_GET
@org_view(Capability.TAKE_COACHING)
def engagement_page(request: HttpRequest, org: OrgContext, engagement_id: int) -> HttpResponse:
    """Show an engagement: its sessions (with the log for the coach and the executive), booking, and the pulse."""
    engagement, _person_viewing, relation = _engagement(org, engagement_id)
    private = relation in PRIVATE_READERS
    slots = selectors.open_slots(engagement=engagement) if relation in BOOKERS else []
    series = selectors.pulse_series(engagement=engagement) if private else []
    charts = [
        (
            item.behaviour,
            pulse_chart(item.behaviour, [(p.stage_label, p.self_rating, p.supporter_rating) for p in item.points]),
            item.points,
        )
        for item in series
    ]
    context = {
        "engagement": engagement,
        "relation": relation,
        "private": private,
        "can_book": relation in BOOKERS and engagement.status == EngagementStatus.ACTIVE,
        "is_coach": relation == Relation.COACH,
        "is_executive": relation == Relation.EXECUTIVE,
        "sessions": selectors.session_log(engagement=engagement) if private else [],
        "dates": selectors.session_dates(engagement=engagement),
        "book_form": SlotChoiceForm(slots=[(slot.pk, _slot_label(slot)) for slot in slots]),
        "slots": slots,
        "charts": charts,
        "supporters": selectors.supporters_of(engagement=engagement) if private else [],
        "supporters_form": SupportersForm(),
        "stages_left": [
            (value, label)
            for value, label in PulseStage.choices
            if value not in selectors.pulse_stages_sent(engagement=engagement)
        ],
    }
    return render(request, "coaching/engagement.html", context)


def _refused(request: HttpRequest, refused: DomainError) -> None:
    details = " ".join(problem.message for problem in refused.details)
    messages.error(request, f"{refused.message} {details}".strip() if details else refused.message)


@require_POST
@org_view(Capability.TAKE_COACHING)
def engagement_book(request: HttpRequest, org: OrgContext, engagement_id: int) -> HttpResponse:
    """Book one of the coach's open slots (the executive or their assistant)."""
    engagement, person, _relation = _engagement(org, engagement_id)
    if person is None:
        messages.error(request, NOT_LINKED)
        return redirect("coaching_engagement", org.slug, engagement.pk)
    slots = selectors.open_slots(engagement=engagement)
    form = SlotChoiceForm(request.POST, slots=[(slot.pk, _slot_label(slot)) for slot in slots])
    if not form.is_valid():
        messages.error(request, "Choose one of the open slots; that one may just have been taken.")
        return redirect("coaching_engagement", org.slug, engagement.pk)
    try:
        booking = services.booking_create(engagement=engagement, slot_id=form.cleaned_data["slot_id"], actor=person)
    except DomainError as refused:
        _refused(request, refused)
    else:
        messages.success(request, f"Booked: {_slot_label(booking.slot)}. A calendar invitation is on its way.")
    return redirect("coaching_engagement", org.slug, engagement.pk)


@require_POST
@org_view(Capability.TAKE_COACHING)
def engagement_complete(request: HttpRequest, org: OrgContext, engagement_id: int) -> HttpResponse:
    """Close the engagement as completed (the coach)."""
    engagement, person, _relation = _engagement(org, engagement_id)
    if person is None:
        messages.error(request, NOT_LINKED)
        return redirect("coaching_engagement", org.slug, engagement.pk)
    try:
        services.engagement_complete(engagement=engagement, actor=person, early=request.POST.get("early") == "1")
    except DomainError as refused:
        _refused(request, refused)
    else:
        messages.success(request, "The engagement is closed.")
    return redirect("coaching_engagement", org.slug, engagement.pk)


@require_POST
@org_view(Capability.TAKE_COACHING)
def engagement_supporters(request: HttpRequest, org: OrgContext, engagement_id: int) -> HttpResponse:
    """Choose the 2–5 supporters who rate the executive's progress (the executive)."""
    engagement, person, _relation = _engagement(org, engagement_id)
    if person is None:
        messages.error(request, NOT_LINKED)
        return redirect("coaching_engagement", org.slug, engagement.pk)
    form = SupportersForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give each supporter a name and a valid email address.")
        return redirect("coaching_engagement", org.slug, engagement.pk)
    chosen = [services.SupporterIn(name=name, email=email) for name, email in form.supporters()]
    try:
        services.supporters_choose(engagement=engagement, actor=person, supporters=chosen)
    except DomainError as refused:
        _refused(request, refused)
    else:
        messages.success(request, "Your supporters are saved.")
    return redirect("coaching_engagement", org.slug, engagement.pk)


@require_POST
@org_view(Capability.TAKE_COACHING)
def engagement_pulse(request: HttpRequest, org: OrgContext, engagement_id: int) -> HttpResponse:
    """Send a round of the progress pulse (the executive or the coach)."""
    engagement, person, _relation = _engagement(org, engagement_id)
    if person is None:
        messages.error(request, NOT_LINKED)
        return redirect("coaching_engagement", org.slug, engagement.pk)
    try:
        pulse, links = services.pulse_round_open(
            engagement=engagement, stage=request.POST.get("stage", ""), actor=person
        )
    except DomainError as refused:
        _refused(request, refused)
    else:
        messages.success(request, f"The {pulse.get_stage_display().lower()} pulse went to {len(links)} people.")
    return redirect("coaching_engagement", org.slug, engagement.pk)


@require_GET
@org_view(Capability.TAKE_COACHING)
def engagement_record(request: HttpRequest, org: OrgContext, engagement_id: int) -> HttpResponse:
    """Download the executive's own record as a PDF (the executive only)."""
    engagement, _executive, relation = _engagement(org, engagement_id)
    if relation != Relation.EXECUTIVE:
        raise Http404("There is no such coaching engagement.")
    return download(engagement_record_pdf(engagement=engagement), filename=f"coaching-record-{engagement.pk}.pdf")


@require_http_methods(["GET", "POST"])
@org_view(Capability.TAKE_COACHING)
def session_page(request: HttpRequest, org: OrgContext, booking_id: int) -> HttpResponse:
    """Show a session; the coach records its log, the executive reads it, others see only its time."""
    booking, person, relation = _booking(org, booking_id)
    engagement = booking.engagement
    is_coach = relation == Relation.COACH
    form = SessionLogForm(
        request.POST if request.method == "POST" else None,
        initial={"agenda": booking.agenda, "practised": booking.practised, "notes": booking.notes}
        if is_coach
        else None,
    )
    existing = (
        [
            {"text": a.text, "due_on": a.due_on, "target": a.target, "target_ref": a.target_ref}
            for a in booking.actions.all()
        ]
        if relation in PRIVATE_READERS
        else []
    )
    actions = ActionFormSet(
        request.POST if request.method == "POST" else None, initial=existing or None, prefix="actions"
    )
    if request.method == "POST":
        if not is_coach or person is None:
            messages.error(request, "Only the coach of this engagement keeps the session log.")
            return redirect("coaching_session", org.slug, booking.pk)
        if form.is_valid() and actions.is_valid():
            agreed = [
                services.ActionIn(
                    text=row["text"],
                    due_on=row["due_on"],
                    target=row.get("target") or "",
                    target_ref=row.get("target_ref") or "",
                )
                for row in actions.cleaned_data
                if row.get("text")
            ]
            try:
                services.session_log_record(booking=booking, actor=person, actions=agreed, **form.cleaned_data)
            except DomainError as refused:
                _form_errors(form, refused)
            else:
                messages.success(request, "The session log is saved.")
                return redirect("coaching_session", org.slug, booking.pk)
    context = {
        "booking": booking,
        "engagement": engagement,
        "relation": relation,
        "private": relation in PRIVATE_READERS,
        "is_coach": is_coach,
        "can_change": relation in BOOKERS and booking.status == BookingStatus.BOOKED,
        "form": form,
        "actions_formset": actions,
        "action_rows": list(booking.actions.all()) if relation in PRIVATE_READERS else [],
        "when": _slot_label(booking.slot),
        "move_form": SlotChoiceForm(
            slots=[(slot.pk, _slot_label(slot)) for slot in selectors.open_slots(engagement=engagement)]
        ),
    }
    return render(request, "coaching/session.html", context)


@require_POST
@org_view(Capability.TAKE_COACHING)
def session_move(request: HttpRequest, org: OrgContext, booking_id: int) -> HttpResponse:
    """Move a booked session to another open slot (the executive or their assistant)."""
    booking, person, _relation = _booking(org, booking_id)
    if person is None:
        messages.error(request, NOT_LINKED)
        return redirect("coaching_session", org.slug, booking.pk)
    slots = selectors.open_slots(engagement=booking.engagement)
    form = SlotChoiceForm(request.POST, slots=[(slot.pk, _slot_label(slot)) for slot in slots])
    if not form.is_valid():
        messages.error(request, "Choose one of the open slots; that one may just have been taken.")
        return redirect("coaching_session", org.slug, booking.pk)
    try:
        services.booking_reschedule(booking=booking, slot_id=form.cleaned_data["slot_id"], actor=person)
    except DomainError as refused:
        _refused(request, refused)
    else:
        messages.success(request, f"Moved to {_slot_label(booking.slot)}. The calendar invitation is updated.")
    return redirect("coaching_session", org.slug, booking.pk)


@require_POST
@org_view(Capability.TAKE_COACHING)
def session_cancel(request: HttpRequest, org: OrgContext, booking_id: int) -> HttpResponse:
    """Cancel a booked session (the executive or their assistant)."""
    booking, person, _relation = _booking(org, booking_id)
    if person is None:
        messages.error(request, NOT_LINKED)
        return redirect("coaching_session", org.slug, booking.pk)
    try:
        services.booking_cancel(booking=booking, actor=person)
    except DomainError as refused:
        _refused(request, refused)
        return redirect("coaching_session", org.slug, booking.pk)
    messages.success(request, "The session is cancelled and the calendar invitation withdrawn.")
    return redirect("coaching_engagement", org.slug, booking.engagement_id)


@require_http_methods(["GET", "POST"])
@org_view(Capability.COACH)
def availability(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """The coach's published slots, and a form to add one."""
    person = _person(org)
    form = SlotForm(request.POST or None)
    if request.method == "POST" and person is not None and form.is_valid():
        starts, ends = form.times()
        try:
            services.slot_publish(organisation=org.organisation, coach=person, starts_at=starts, ends_at=ends)
        except DomainError as refused:
            _form_errors(form, refused)
        else:
            messages.success(request, f"Published {starts:%a %d %b %Y, %H:%M} UTC.")
            return redirect("coaching_availability", org.slug)
    rows = selectors.coach_slots(organisation=org.organisation, coach=person) if person else []
    coach = person is not None and services.is_coach(person)
    return render(
        request,
        "coaching/availability.html",
        {"form": form, "rows": rows, "person": person, "is_coach": coach, "not_linked": NOT_LINKED},
    )


@require_POST
@org_view(Capability.COACH)
def slot_withdraw(request: HttpRequest, org: OrgContext, slot_id: int) -> HttpResponse:
    """Withdraw one of the coach's unbooked slots."""
    person = _person(org)
    slot = selectors.slot_get(organisation=org.organisation, slot_id=slot_id)
    if slot is None or person is None or slot.coach_id != person.pk:
        raise Http404("There is no such slot.")
    try:
        services.slot_withdraw(slot=slot, actor=person)
    except DomainError as refused:
        _refused(request, refused)
    else:
        messages.success(request, "The slot is withdrawn.")
    return redirect("coaching_availability", org.slug)


@require_http_methods(["GET", "POST"])
def pulse_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The pulse survey a secret emailed link opens: no sign-in, one answer per link."""
    question = selectors.pulse_question(token=token)
    if question is None:
        return render(request, "coaching/pulse_gone.html", {"reason": "unknown"}, status=404)
    if question.answered:
        return render(request, "coaching/pulse_gone.html", {"reason": "used"}, status=410)
    form = PulseForm(request.POST or None, behaviours=question.behaviours)
    if request.method == "POST" and form.is_valid():
        try:
            services.pulse_answer(token=token, ratings=form.ratings())
        except DomainError as refused:
            form.add_error(None, refused.message)
        else:
            return render(request, "coaching/pulse_done.html", {"question": question})
    return render(request, "coaching/pulse.html", {"form": form, "question": question})
