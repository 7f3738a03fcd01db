"""``socialu sessions``: sessions, registrations, the waitlist, attendance, feedback, conferences."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from socialu.core.commands import CommandFailedError, ExitCode, SocialUCommand
from socialu.core.models import Organisation
from socialu.people.models import Person
from socialu.people.selectors import people_in
from socialu.sessions import selectors, services
from socialu.sessions.models import Registration, Session, SessionKind


def _session_row(session: Session) -> dict[str, Any]:
    seats = selectors.seats(session=session)
    return {
        "id": session.pk,
        "kind": session.kind,
        "title": session.title,
        "status": session.status,
        "time_zone": session.time_zone,
        "starts_at": session.starts_at.isoformat(),
        "ends_at": session.ends_at.isoformat(),
        "capacity": session.capacity,
        "confirmed": seats.confirmed,
        "offered": seats.offered,
        "waitlisted": seats.waitlisted,
    }


def _registration_row(registration: Registration) -> dict[str, Any]:
    return {
        "id": registration.pk,
        "session_id": registration.session_id,
        "person": registration.person.email,
        "status": registration.status,
        "waitlist_position": registration.waitlist_position,
        "offer_expires_at": registration.offer_expires_at.isoformat() if registration.offer_expires_at else None,
        "attendance": registration.attendance,
    }


class Command(SocialUCommand):
    help = (
        "Group sessions. `list`, `show ID` (registrations and waitlist), `register ID --person EMAIL`, "
        "`remove REGISTRATION`, `move REGISTRATION POSITION`, `capacity ID N`, `publish ID`, `cancel ID`, "
        "`attendance ID --present IDS --absent IDS`, `feedback ID`, `conferences`, and `expire-offers` / "
        "`remind` to run those jobs now."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        listing = actions.add_parser("list", help="List sessions, soonest first.")
        listing.add_argument("--kind", choices=SessionKind.values, default="", help="Only this kind.")
        listing.add_argument("--past", action="store_true", help="Include sessions that have ended.")
        show = actions.add_parser("show", help="Show a session with its registrations and waitlist.")
        show.add_argument("session_id", type=int)
        register = actions.add_parser("register", help="Register a person (a seat, or the waitlist).")
        register.add_argument("session_id", type=int)
        register.add_argument("--person", required=True, help="The person's email.")
        remove = actions.add_parser("remove", help="Remove a registration; a freed seat is offered on.")
        remove.add_argument("registration_id", type=int)
        remove.add_argument("--reason", default="")
        move = actions.add_parser("move", help="Move a registration on the waitlist (1 is next in line).")
        move.add_argument("registration_id", type=int)
        move.add_argument("position", type=int)
        capacity = actions.add_parser("capacity", help="Set a session's capacity; new seats go to the waitlist.")
        capacity.add_argument("session_id", type=int)
        capacity.add_argument("capacity", type=int)
        publish = actions.add_parser("publish", help="Publish a draft session.")
        publish.add_argument("session_id", type=int)
        cancel = actions.add_parser("cancel", help="Cancel a session; everyone registered is told.")
        cancel.add_argument("session_id", type=int)
        attendance = actions.add_parser("attendance", help="Record who came (registration ids, comma-separated).")
        attendance.add_argument("session_id", type=int)
        attendance.add_argument("--present", default="", help="Registration ids of people who came.")
        attendance.add_argument("--absent", default="", help="Registration ids of no-shows.")
        feedback = actions.add_parser("feedback", help="List a session's ratings and comments.")
        feedback.add_argument("session_id", type=int)
        actions.add_parser("conferences", help="List the external conferences people recorded.")
        actions.add_parser("expire-offers", help="Lapse expired seat offers and pass the seats on, now.")
        actions.add_parser("remind", help="Send due reminders and follow-ups, now.")
        for leaf in actions.choices.values():
            self.add_org_argument(leaf)

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = self.organisation(options)
        action = str(options["action"]).replace("-", "_")
        result = getattr(self, f"_{action}")(organisation, options)
        if self.as_json:
            self.emit(result, indent=2)
        else:
            self.stdout.write(self._text(result))

    @staticmethod
    def _text(result: Any) -> str:
        if isinstance(result, dict) and "message" in result:
            return str(result["message"])
        if isinstance(result, list):
            return "\n".join("\t".join(str(value) for value in row.values()) for row in result) or "Nothing to show."
        return "\n".join(f"{key}: {value}" for key, value in result.items())

    def _session(self, organisation: Organisation, session_id: int) -> Session:
        return selectors.session_get(organisation=organisation, session_id=session_id)

    def _list(self, organisation: Organisation, options: dict[str, Any]) -> list[dict[str, Any]]:
        sessions = selectors.catalogue(organisation=organisation, kind=options["kind"], include_past=options["past"])
        return [_session_row(session) for session in sessions[:5000]]

    def _show(self, organisation: Organisation, options: dict[str, Any]) -> dict[str, Any]:
        session = self._session(organisation, options["session_id"])
        registrations = selectors.registrations_of_session(session=session)
        return {**_session_row(session), "registrations": [_registration_row(r) for r in registrations]}

    def _register(self, organisation: Organisation, options: dict[str, Any]) -> dict[str, Any]:
        person = self._person(organisation, options["person"])
        registration = services.registration_register(
            organisation=organisation, session_id=options["session_id"], person=person
        )
        row = _registration_row(registration)
        where = f", number {registration.waitlist_position}" if registration.waitlist_position else ""
        return {**row, "message": f"{person.email}: {registration.get_status_display().lower()}{where}."}

    def _remove(self, organisation: Organisation, options: dict[str, Any]) -> dict[str, Any]:
        registration = services.registration_remove(
            organisation=organisation, registration_id=options["registration_id"], actor=None, reason=options["reason"]
        )
        return {**_registration_row(registration), "message": f"Registration {registration.pk} removed."}

    def _move(self, organisation: Organisation, options: dict[str, Any]) -> dict[str, Any]:
        registration = services.waitlist_move(
            organisation=organisation,
            registration_id=options["registration_id"],
            position=options["position"],
            actor=None,
        )
        return {**_registration_row(registration), "message": f"Now number {registration.waitlist_position}."}

    def _capacity(self, organisation: Organisation, options: dict[str, Any]) -> dict[str, Any]:
        session = services.session_capacity_change(
            organisation=organisation, session_id=options["session_id"], capacity=options["capacity"]
        )
        return {**_session_row(session), "message": f"Capacity of “{session.title}” is {session.capacity}."}

    def _publish(self, organisation: Organisation, options: dict[str, Any]) -> dict[str, Any]:
        session = services.session_publish(organisation=organisation, session_id=options["session_id"])
        return {**_session_row(session), "message": f"“{session.title}” is published."}

    def _cancel(self, organisation: Organisation, options: dict[str, Any]) -> dict[str, Any]:
        session = services.session_cancel(organisation=organisation, session_id=options["session_id"])
        return {**_session_row(session), "message": f"“{session.title}” is cancelled."}

    def _attendance(self, organisation: Organisation, options: dict[str, Any]) -> dict[str, Any]:
        marks: dict[int, str] = {}
        for mark, text in (("present", options["present"]), ("absent", options["absent"])):
            for part in str(text).split(","):
                if part.strip():
                    if not part.strip().isdigit():
                        raise CommandFailedError(f"“{part}” is not a registration id.", code=ExitCode.UNUSABLE)
                    marks[int(part)] = mark
        changed = services.attendance_record(
            organisation=organisation, session_id=options["session_id"], marks=marks, taker=None, as_admin=True
        )
        return {"changed": changed, "message": f"{changed} attendance mark(s) recorded."}

    def _feedback(self, organisation: Organisation, options: dict[str, Any]) -> list[dict[str, Any]]:
        session = self._session(organisation, options["session_id"])
        return [
            {"rating": f.rating, "comments": f.comments, "person": f.person.email}
            for f in selectors.feedback_for(session=session)
        ]

    def _conferences(self, organisation: Organisation, options: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            {"name": r.name, "held_on": r.held_on.isoformat(), "person": r.person.email, "cost": str(r.cost)}
            for r in selectors.conferences_of(organisation=organisation, person=None)[:5000]
        ]

    def _expire_offers(self, organisation: Organisation, options: dict[str, Any]) -> dict[str, Any]:
        lapsed = services.offers_expire(organisation=organisation)
        return {"lapsed": lapsed, "message": f"{lapsed} offer(s) lapsed and passed on."}

    def _remind(self, organisation: Organisation, options: dict[str, Any]) -> dict[str, Any]:
        reminded = services.reminders_send(organisation=organisation)
        followed = services.follow_ups_send(organisation=organisation)
        return {
            "reminders": reminded,
            "follow_ups": followed,
            "message": f"{reminded} reminder(s), {followed} follow-up(s).",
        }

    def _person(self, organisation: Organisation, email: str) -> Person:
        person = people_in(organisation=organisation, active=True).filter(email__iexact=email.strip()).first()
        if person is None:
            raise CommandFailedError(
                f"Nobody active in {organisation.name}'s roster has the email {email}.", code=ExitCode.UNUSABLE
            )
        return person
