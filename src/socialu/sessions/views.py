"""Pages for group sessions: the catalogue, a session, registering, the waitlist, admin work."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from socialu.core.downloads import download
from socialu.core.errors import DomainError, NotFoundError
from socialu.core.permissions import Capability
from socialu.core.tenancy import OrgContext, org_view
from socialu.people.models import Person
from socialu.people.selectors import person_for_user
from socialu.sessions import selectors, services
from socialu.sessions.calendar import registration_invitation, registrations_feed
from socialu.sessions.forms import ConferenceForm, FeedbackForm, SessionForm, TimeZoneForm
from socialu.sessions.models import Registration, RegistrationStatus, Session, SessionKind, SessionStatus


def _person(request: HttpRequest, org: OrgContext) -> Person | None:
    if request.user.pk is None:
        return None
    return person_for_user(organisation=org.organisation, user_id=int(request.user.pk))


def _me(request: HttpRequest, org: OrgContext) -> Person:
    person = _person(request, org)
    if person is None:
        raise Http404("Your account is not linked to a person in this organisation's roster.")
    return person


def _session(org: OrgContext, session_id: int) -> Session:
    try:
        return selectors.session_get(
            organisation=org.organisation,
            session_id=session_id,
            published_only=not org.can(Capability.MANAGE_SESSIONS),
        )
    except NotFoundError as missing:
        raise Http404(str(missing)) from None


def _registration(org: OrgContext, registration_id: int) -> Registration:
    try:
        return selectors.registration_get(organisation=org.organisation, registration_id=registration_id)
    except NotFoundError as missing:
        raise Http404(str(missing)) from None


def _attempt(request: HttpRequest, action: Callable[[], Any], success: str) -> bool:
    """Run a service; show its refusal as a message. Return whether it worked."""
    try:
        action()
    except NotFoundError as missing:
        raise Http404(str(missing)) from None
    except DomainError as refused:
        messages.error(request, refused.message + "".join(f" {problem}" for problem in refused.details))
        return False
    if success:
        messages.success(request, success)
    return True


# --- learners ---------------------------------------------------------------------------------------


@require_GET
@org_view(Capability.VIEW_SESSIONS)
def session_list(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """List upcoming sessions (the catalogue), optionally of one kind."""
    kind = request.GET.get("kind", "")
    kind = kind if kind in SessionKind.values else ""
    sessions = list(selectors.catalogue(organisation=org.organisation, kind=kind)[:200])
    counts = selectors.seat_counts(sessions=sessions)
    drafts = (
        list(selectors.sessions_in(organisation=org.organisation).filter(status=SessionStatus.DRAFT)[:50])
        if org.can(Capability.MANAGE_SESSIONS)
        else []
    )
    context = {
        "org": org,
        "rows": [(session, counts[session.pk]) for session in sessions],
        "drafts": drafts,
        "kinds": SessionKind.choices,
        "kind": kind,
        "zone": selectors.viewer_zone(organisation=org.organisation, person=_person(request, org)),
    }
    return render(request, "sessions/list.html", context)


@require_GET
@org_view(Capability.VIEW_SESSIONS)
def my_sessions(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Show the person's registrations, sessions awaiting their decision, and their calendar settings."""
    person = _person(request, org)
    registrations = (
        list(selectors.my_registrations(organisation=org.organisation, person=person)) if person is not None else []
    )
    to_decide = (
        list(selectors.awaiting_decision(organisation=org.organisation, manager=person)[:100])
        if person is not None
        else []
    )
    context = {
        "org": org,
        "person": person,
        "registrations": registrations,
        "to_decide": to_decide,
        "zone": selectors.viewer_zone(organisation=org.organisation, person=person),
        "time_zone_form": TimeZoneForm(
            initial={"time_zone": selectors.own_time_zone(organisation=org.organisation, person=person)}
        ),
        "has_feed": selectors.has_feed(organisation=org.organisation, person=person),
        "facilitating": list(selectors.facilitated_by(organisation=org.organisation, person=person)[:50]),
    }
    return render(request, "sessions/mine.html", context)


@require_GET
@org_view(Capability.VIEW_SESSIONS)
def session_detail(request: HttpRequest, org: OrgContext, session_id: int) -> HttpResponse:
    """Show one session, with what the person can do about it."""
    session = _session(org, session_id)
    person = _person(request, org)
    registration = selectors.registration_for(session=session, person=person)
    overlaps = list(selectors.overlapping_registrations(session=session, person=person)) if person is not None else []
    context = {
        "org": org,
        "session": session,
        "seats": selectors.seats(session=session),
        "registration": registration,
        "confirmed": registration is not None and registration.status == RegistrationStatus.CONFIRMED,
        "overlaps": overlaps,
        "facilitators": list(session.facilitators.all()),
        "zone": selectors.viewer_zone(organisation=org.organisation, person=person),
        "can_manage": org.can(Capability.MANAGE_SESSIONS),
        "can_take_roll": org.can(Capability.MANAGE_SESSIONS)
        or (person is not None and any(f.pk == person.pk for f in session.facilitators.all())),
        "check_in_open": selectors.check_in_open(session=session),
        "session_over": session.ends_at <= timezone.now(),
    }
    return render(request, "sessions/detail.html", context)


@require_POST
@org_view(Capability.VIEW_SESSIONS)
def session_register(request: HttpRequest, org: OrgContext, session_id: int) -> HttpResponse:
    """Register for a session (a seat, the waitlist, or a request for approval)."""
    person = _me(request, org)
    outcome: dict[str, str] = {}

    def register() -> None:
        registration = services.registration_register(
            organisation=org.organisation, session_id=session_id, person=person
        )
        outcome["status"] = registration.status
        outcome["position"] = str(registration.waitlist_position or "")

    if _attempt(request, register, ""):
        if outcome["status"] == RegistrationStatus.CONFIRMED:
            messages.success(request, "You are registered. The invitation is on its way to your inbox.")
        elif outcome["status"] == RegistrationStatus.WAITLISTED:
            messages.info(request, f"The session is full: you are number {outcome['position']} on the waitlist.")
        else:
            messages.info(request, "Your manager has been asked to approve your place.")
    return redirect("session_detail", org.slug, session_id)


def _own_registration_action(
    request: HttpRequest, org: OrgContext, registration_id: int, service: Callable[..., Any], success: str
) -> HttpResponse:
    person = _me(request, org)
    registration = _registration(org, registration_id)
    if registration.person_id != person.pk:
        raise Http404("There is no such registration.")
    _attempt(
        request,
        lambda: service(organisation=org.organisation, registration_id=registration_id, person=person),
        success,
    )
    return redirect("session_detail", org.slug, registration.session_id)


@require_POST
@org_view(Capability.VIEW_SESSIONS)
def registration_cancel(request: HttpRequest, org: OrgContext, registration_id: int) -> HttpResponse:
    """Cancel one's own registration or waitlist place."""
    return _own_registration_action(
        request, org, registration_id, services.registration_cancel, "Your registration is cancelled."
    )


@require_POST
@org_view(Capability.VIEW_SESSIONS)
def offer_accept(request: HttpRequest, org: OrgContext, registration_id: int) -> HttpResponse:
    """Take up an offered seat."""
    return _own_registration_action(
        request, org, registration_id, services.offer_accept, "The seat is yours. The invitation is on its way."
    )


@require_POST
@org_view(Capability.VIEW_SESSIONS)
def offer_decline(request: HttpRequest, org: OrgContext, registration_id: int) -> HttpResponse:
    """Turn an offered seat down."""
    return _own_registration_action(
        request, org, registration_id, services.offer_decline, "You turned the seat down; it passes on."
    )


@require_GET
@org_view(Capability.VIEW_SESSIONS)
def session_invitation(request: HttpRequest, org: OrgContext, session_id: int) -> HttpResponse:
    """Download the calendar invitation of one's confirmed place."""
    session = _session(org, session_id)
    registration = selectors.registration_for(session=session, person=_me(request, org))
    if registration is None or registration.status != RegistrationStatus.CONFIRMED:
        raise Http404("You have no confirmed place at this session.")
    return download(registration_invitation(registration), filename=f"session-{session.pk}.ics")


@require_POST
@org_view(Capability.VIEW_SESSIONS)
def calendar_settings(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Set one's time zone, or make, renew or switch off one's calendar feed address."""
    person = _person(request, org)
    if person is None:
        messages.error(request, "Your account is not linked to a person in the roster; ask your programme admin.")
        return redirect("my_sessions", org.slug)
    action = request.POST.get("action", "")
    if action == "time_zone":
        _attempt(
            request,
            lambda: services.calendar_time_zone_set(
                organisation=org.organisation, person=person, time_zone=request.POST.get("time_zone", "").strip()
            ),
            "Your time zone is saved.",
        )
    elif action == "regenerate":
        token = services.calendar_feed_regenerate(organisation=org.organisation, person=person)
        address = request.build_absolute_uri(reverse("session_feed", args=[token]))
        messages.success(
            request,
            f"Your calendar feed address (keep it to yourself; any earlier address has stopped working): {address}",
        )
    elif action == "revoke":
        services.calendar_feed_revoke(organisation=org.organisation, person=person)
        messages.success(request, "Your calendar feed is switched off.")
    return redirect("my_sessions", org.slug)


@require_GET
def session_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Serve a person's calendar feed (no sign-in: the secret address is the key)."""
    profile = selectors.feed_owner(token=token)
    if profile is None:
        raise Http404("This calendar address is not in use.")
    registrations = selectors.my_registrations(organisation=profile.organisation, person=profile.person).filter(
        status=RegistrationStatus.CONFIRMED
    )
    data = registrations_feed(registrations, name=f"{profile.organisation.name} sessions")
    return HttpResponse(data, content_type="text/calendar; charset=utf-8")


# --- managers ---------------------------------------------------------------------------------------


@require_POST
@org_view(Capability.VIEW_SESSIONS)
def registration_decide(request: HttpRequest, org: OrgContext, registration_id: int) -> HttpResponse:
    """Approve or decline a registration (the person's manager, or an admin)."""
    approve = request.POST.get("decision") == "approve"
    _attempt(
        request,
        lambda: services.registration_decide(
            organisation=org.organisation,
            registration_id=registration_id,
            approve=approve,
            reason=request.POST.get("reason", ""),
            decider=_person(request, org),
            as_admin=org.can(Capability.MANAGE_SESSIONS),
        ),
        "Approved." if approve else "Declined; the person is told why.",
    )
    return redirect("my_sessions", org.slug)


# --- admins -----------------------------------------------------------------------------------------


def _session_form_page(request: HttpRequest, org: OrgContext, session: Session | None) -> HttpResponse:
    initial = (
        SessionForm.initial_for(session)
        if session
        else {"time_zone": selectors.organisation_time_zone(organisation=org.organisation)}
    )
    form = SessionForm(request.POST or None, organisation=org.organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if session is None:
                saved = services.session_create(organisation=org.organisation, details=form.details())
            else:
                saved = services.session_update(
                    organisation=org.organisation, session_id=session.pk, details=form.details()
                )
        except DomainError as refused:
            for problem in refused.details:
                target = problem.field.removesuffix("_ids") + ("_emails" if problem.field == "facilitator_ids" else "")
                form.add_error(target if target in form.fields else None, problem.message)
            if not refused.details:
                form.add_error(None, refused.message)
        else:
            messages.success(request, f"“{saved.title}” is saved.")
            return redirect("session_manage", org.slug, saved.pk)
    return render(request, "sessions/form.html", {"org": org, "form": form, "session": session})


@require_http_methods(["GET", "POST"])
@org_view(Capability.MANAGE_SESSIONS)
def session_new(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Create a draft session."""
    return _session_form_page(request, org, None)


@require_http_methods(["GET", "POST"])
@org_view(Capability.MANAGE_SESSIONS)
def session_edit(request: HttpRequest, org: OrgContext, session_id: int) -> HttpResponse:
    """Change a session (attendees get an updated invitation when the time or place changes)."""
    return _session_form_page(request, org, _session(org, session_id))


@require_GET
@org_view(Capability.MANAGE_SESSIONS)
def session_manage(request: HttpRequest, org: OrgContext, session_id: int) -> HttpResponse:
    """Show a session's registrations, its waitlist and their history, with the admin's actions."""
    session = _session(org, session_id)
    registrations = list(selectors.registrations_of_session(session=session))
    context = {
        "org": org,
        "session": session,
        "seats": selectors.seats(session=session),
        "registrations": registrations,
        "waitlist": [r for r in registrations if r.status == RegistrationStatus.WAITLISTED],
        "history": selectors.session_history(session=session)[:200],
        "zone": selectors.viewer_zone(organisation=org.organisation, person=_person(request, org)),
    }
    return render(request, "sessions/manage.html", context)


@require_POST
@org_view(Capability.MANAGE_SESSIONS)
def session_publish(request: HttpRequest, org: OrgContext, session_id: int) -> HttpResponse:
    """Publish a draft session."""
    _attempt(
        request,
        lambda: services.session_publish(organisation=org.organisation, session_id=session_id),
        "Published: people can register now.",
    )
    return redirect("session_manage", org.slug, session_id)


@require_POST
@org_view(Capability.MANAGE_SESSIONS)
def session_cancel(request: HttpRequest, org: OrgContext, session_id: int) -> HttpResponse:
    """Cancel a session; everyone registered is told and their calendars drop it."""
    _attempt(
        request,
        lambda: services.session_cancel(
            organisation=org.organisation, session_id=session_id, actor=_person(request, org)
        ),
        "The session is cancelled and everyone registered has been told.",
    )
    return redirect("session_manage", org.slug, session_id)


@require_POST
@org_view(Capability.MANAGE_SESSIONS)
def waitlist_move(request: HttpRequest, org: OrgContext, registration_id: int) -> HttpResponse:
    """Move someone on the waitlist."""
    registration = _registration(org, registration_id)
    try:
        position = int(request.POST.get("position", ""))
    except ValueError:
        messages.error(request, "Give the new position as a whole number.")
    else:
        _attempt(
            request,
            lambda: services.waitlist_move(
                organisation=org.organisation,
                registration_id=registration_id,
                position=position,
                actor=_person(request, org),
                reason=request.POST.get("reason", ""),
            ),
            f"{registration.person.name} is now number {position} on the waitlist.",
        )
    return redirect("session_manage", org.slug, registration.session_id)


@require_POST
@org_view(Capability.MANAGE_SESSIONS)
def registration_remove(request: HttpRequest, org: OrgContext, registration_id: int) -> HttpResponse:
    """Remove someone from a session; a freed seat is offered to the waitlist."""
    registration = _registration(org, registration_id)
    _attempt(
        request,
        lambda: services.registration_remove(
            organisation=org.organisation,
            registration_id=registration_id,
            actor=_person(request, org),
            reason=request.POST.get("reason", ""),
        ),
        f"{registration.person.name} is removed.",
    )
    return redirect("session_manage", org.slug, registration.session_id)


# --- attendance -------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@org_view(Capability.TAKE_ATTENDANCE)
def roll_call(request: HttpRequest, org: OrgContext, session_id: int) -> HttpResponse:
    """Take the roll on a phone: present or no-show for each confirmed attendee."""
    session = _session(org, session_id)
    taker = _person(request, org)
    as_admin = org.can(Capability.MANAGE_SESSIONS)
    if not as_admin and (taker is None or not session.facilitators.filter(pk=taker.pk).exists()):
        raise PermissionDenied("Only the session's facilitators or a programme admin can take the roll.")
    attendees = list(selectors.roll_call(session=session))
    if request.method == "POST":
        marks = {
            registration.pk: request.POST.get(f"attendance-{registration.pk}", registration.attendance)
            for registration in attendees
        }
        if _attempt(
            request,
            lambda: services.attendance_record(
                organisation=org.organisation, session_id=session.pk, marks=marks, taker=taker, as_admin=as_admin
            ),
            "The roll is saved.",
        ):
            return redirect("session_roll_call", org.slug, session.pk)
    context = {
        "org": org,
        "session": session,
        "attendees": attendees,
        "zone": selectors.viewer_zone(organisation=org.organisation, person=taker),
    }
    return render(request, "sessions/roll_call.html", context)


@require_POST
@org_view(Capability.VIEW_SESSIONS)
def session_check_in(request: HttpRequest, org: OrgContext, session_id: int) -> HttpResponse:
    """Check oneself in with the code shown in the room or the webinar."""
    person = _me(request, org)
    _attempt(
        request,
        lambda: services.attendance_check_in(
            organisation=org.organisation, session_id=session_id, person=person, code=request.POST.get("code", "")
        ),
        "You are checked in. Enjoy the session.",
    )
    return redirect("session_detail", org.slug, session_id)


@require_GET
@org_view(Capability.MANAGE_SESSIONS)
def attendance_report(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Show who missed sessions they had a confirmed place at, most no-shows first."""
    context = {"org": org, "rows": selectors.no_shows(organisation=org.organisation)}
    return render(request, "sessions/attendance.html", context)


# --- feedback and external conferences --------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@org_view(Capability.VIEW_SESSIONS)
def session_feedback(request: HttpRequest, org: OrgContext, session_id: int) -> HttpResponse:
    """Give feedback on a session attended; facilitators and admins see everyone's."""
    session = _session(org, session_id)
    person = _person(request, org)
    sees_all = org.can(Capability.MANAGE_SESSIONS) or (
        person is not None and session.facilitators.filter(pk=person.pk).exists()
    )
    form = FeedbackForm(request.POST or None, initial=selectors.feedback_of(session=session, person=person))
    if request.method == "POST" and form.is_valid() and person is not None:
        saved = _attempt(
            request,
            lambda: services.feedback_submit(
                organisation=org.organisation,
                session_id=session.pk,
                person=person,
                rating=int(form.cleaned_data["rating"]),
                comments=form.cleaned_data["comments"],
            ),
            "Thank you for your feedback.",
        )
        if saved:
            return redirect("session_feedback", org.slug, session.pk)
    context = {
        "org": org,
        "session": session,
        "form": form,
        "summary": selectors.feedback_summary(session=session) if sees_all else None,
        "entries": list(selectors.feedback_for(session=session)) if sees_all else [],
    }
    return render(request, "sessions/feedback.html", context)


@require_http_methods(["GET", "POST"])
@org_view(Capability.VIEW_SESSIONS)
def conferences(request: HttpRequest, org: OrgContext) -> HttpResponse:
    """Record external conferences attended; admins see who went where and what it cost."""
    person = _person(request, org)
    form = ConferenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if person is None:
            messages.error(request, "Your account is not linked to a person in the roster; ask your programme admin.")
        else:
            data = form.cleaned_data
            try:
                services.conference_record(
                    organisation=org.organisation,
                    person=person,
                    name=data["name"],
                    held_on=data["held_on"],
                    cost=data["cost"],
                    link=data["link"],
                    takeaways=data["takeaways"],
                )
            except DomainError as refused:
                for problem in refused.details:
                    form.add_error(problem.field if problem.field in form.fields else None, problem.message)
            else:
                messages.success(request, f"“{data['name']}” is recorded.")
                return redirect("session_conferences", org.slug)
    everyone = org.can(Capability.MANAGE_SESSIONS)
    records = selectors.conferences_of(organisation=org.organisation, person=None if everyone else person)
    context = {
        "org": org,
        "form": form,
        "records": list(records[:500]) if everyone or person is not None else [],
        "everyone": everyone,
        "total_cost": selectors.conference_cost(organisation=org.organisation) if everyone else None,
    }
    return render(request, "sessions/conferences.html", context)
