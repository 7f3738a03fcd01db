"""``socialu coaching``: engagements, the coach's slots, booking, moving and cancelling sessions, the goal template.

People are named by their roster email; ``--as`` is the person acting (the
executive or their assistant books; the coach publishes and closes), so the
same rules hold as in the browser and the API.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.core.management.base import CommandParser
from django.utils import timezone

from socialu.coaching import selectors, services
from socialu.coaching.goals import shipped_goals
from socialu.coaching.models import Booking, Engagement
from socialu.core.commands import SocialUCommand
from socialu.core.errors import InvalidInputError, NotFoundError
from socialu.core.models import Organisation
from socialu.people.models import Person


def _date(value: str) -> date:
    return date.fromisoformat(value)


def _moment(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=UTC)


class Command(SocialUCommand):
    help = (
        "1:1 executive coaching. `goals` lists the goal template; `engagements list|create|complete`; "
        "`slots list|publish`; `book`, `reschedule`, `cancel` sessions as the executive or their assistant."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(
            dest="action", required=True, metavar="{goals,engagements,slots,book,reschedule,cancel}"
        )
        actions.add_parser("goals", help="List the goals that ship as the engagement template.")
        engagements = actions.add_parser("engagements", help="List, start or close engagements.")
        verbs = engagements.add_subparsers(dest="verb", required=True, metavar="{list,create,complete}")
        listing = verbs.add_parser("list", help="Every engagement with its session counts (never the session log).")
        self.add_org_argument(listing)
        creating = verbs.add_parser("create", help="Start an engagement between a coach and an executive.")
        self.add_org_argument(creating)
        creating.add_argument("--coach", required=True, help="The coach's email (a member with the facilitator role).")
        creating.add_argument("--executive", required=True, help="The executive's email.")
        creating.add_argument("--assistant", default="", help="An assistant who may book for them (email).")
        creating.add_argument("--goal", action="append", default=[], help="A goal slug from `goals` (repeatable).")
        creating.add_argument("--own-goal", action="append", default=[], help="A goal in your own words (repeatable).")
        creating.add_argument("--behaviour", action="append", default=[], help="A behaviour the pulse asks about.")
        creating.add_argument("--sessions", type=int, default=6, help="Sessions planned (default 6).")
        creating.add_argument("--starts", type=_date, default=date.today(), help="YYYY-MM-DD (default today).")
        creating.add_argument("--target", type=_date, required=True, help="YYYY-MM-DD.")
        completing = verbs.add_parser("complete", help="Close an engagement as completed (as its coach).")
        self.add_org_argument(completing)
        completing.add_argument("--engagement", type=int, required=True)
        completing.add_argument("--as", dest="actor", required=True, help="The coach's email.")
        slots = actions.add_parser("slots", help="A coach's availability.")
        slot_verbs = slots.add_subparsers(dest="verb", required=True, metavar="{list,publish}")
        slot_list = slot_verbs.add_parser("list", help="The coach's future slots and who booked them.")
        self.add_org_argument(slot_list)
        slot_list.add_argument("--coach", required=True, help="The coach's email.")
        publishing = slot_verbs.add_parser("publish", help="Publish a slot.")
        self.add_org_argument(publishing)
        publishing.add_argument("--coach", required=True, help="The coach's email.")
        publishing.add_argument("--starts", type=_moment, required=True, help="YYYY-MM-DDTHH:MM (UTC unless a zone).")
        publishing.add_argument("--minutes", type=int, default=60, help="Length in minutes (default 60).")
        book = actions.add_parser("book", help="Book a slot for an engagement.")
        self.add_org_argument(book)
        book.add_argument("--engagement", type=int, required=True)
        book.add_argument("--slot", type=int, required=True)
        book.add_argument("--as", dest="actor", required=True, help="The executive's or assistant's email.")
        move = actions.add_parser("reschedule", help="Move a booked session to another slot.")
        self.add_org_argument(move)
        move.add_argument("--booking", type=int, required=True)
        move.add_argument("--slot", type=int, required=True)
        move.add_argument("--as", dest="actor", required=True, help="The executive's or assistant's email.")
        cancel = actions.add_parser("cancel", help="Cancel a booked session.")
        self.add_org_argument(cancel)
        cancel.add_argument("--booking", type=int, required=True)
        cancel.add_argument("--as", dest="actor", required=True, help="The executive's or assistant's email.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "goals":
            self._goals()
            return
        organisation = self.organisation(options)
        handler = {
            ("engagements", "list"): self._engagements,
            ("engagements", "create"): self._create,
            ("engagements", "complete"): self._complete,
            ("slots", "list"): self._slots,
            ("slots", "publish"): self._publish,
            ("book", None): self._book,
            ("reschedule", None): self._reschedule,
            ("cancel", None): self._cancel,
        }[(action, options.get("verb"))]
        handler(organisation, options)

    # Helpers ---------------------------------------------------------------------------------

    @staticmethod
    def _person(organisation: Organisation, email: str, field: str) -> Person:
        person = selectors.person_by_email(organisation=organisation, email=email)
        if person is None:
            raise InvalidInputError(errors={field: [f"No active person in the roster has the email {email}."]})
        return person

    @staticmethod
    def _engagement(organisation: Organisation, engagement_id: int) -> Engagement:
        engagement = selectors.engagement_get(organisation=organisation, engagement_id=engagement_id)
        if engagement is None:
            raise NotFoundError(f"There is no engagement {engagement_id} in this organisation.")
        return engagement

    @staticmethod
    def _booking(organisation: Organisation, booking_id: int) -> Booking:
        booking = selectors.booking_get(organisation=organisation, booking_id=booking_id)
        if booking is None:
            raise NotFoundError(f"There is no coaching session {booking_id} in this organisation.")
        return booking

    def _session(self, booking: Booking, verb: str) -> None:
        row = {
            "id": booking.pk,
            "engagement": booking.engagement_id,
            "starts_at": booking.slot.starts_at.isoformat(),
            "ends_at": booking.slot.ends_at.isoformat(),
            "status": booking.status,
            "sequence": booking.sequence,
        }
        if self.as_json:
            self.emit(row)
        else:
            self.stdout.write(f"Session {booking.pk} {verb}: {booking.slot.starts_at:%Y-%m-%d %H:%M} UTC.")

    # Actions ---------------------------------------------------------------------------------

    def _goals(self) -> None:
        goals = shipped_goals()
        if self.as_json:
            self.emit([goal.model_dump() for goal in goals])
            return
        for goal in goals:
            self.stdout.write(f"{goal.slug}: {goal.title}")

    def _engagements(self, organisation: Organisation, options: dict[str, Any]) -> None:
        rows = [
            {
                "id": row.engagement.pk,
                "coach": row.engagement.coach.email,
                "executive": row.engagement.executive.email,
                "status": row.engagement.status,
                "starts_on": row.engagement.starts_on.isoformat(),
                "target_on": row.engagement.target_on.isoformat(),
                "sessions_planned": row.engagement.sessions_planned,
                "sessions_held": row.sessions_held,
                "sessions_booked": row.sessions_booked,
            }
            for row in selectors.engagements_overview(organisation=organisation, limit=100_000)
        ]
        if self.as_json:
            self.emit(rows)
            return
        for row in rows:
            self.stdout.write(
                f"{row['id']}: {row['executive']} with {row['coach']}, {row['status']}, "
                f"{row['sessions_held']} of {row['sessions_planned']} held, {row['sessions_booked']} booked"
            )

    def _create(self, organisation: Organisation, options: dict[str, Any]) -> None:
        coach = self._person(organisation, options["coach"], "coach")
        executive = self._person(organisation, options["executive"], "executive")
        assistant = self._person(organisation, options["assistant"], "assistant") if options["assistant"] else None
        engagement = services.engagement_create(
            organisation=organisation,
            coach_id=coach.pk,
            executive_id=executive.pk,
            assistant_id=assistant.pk if assistant else None,
            plan=services.EngagementPlan(
                goal_slugs=options["goal"],
                own_goals=options["own_goal"],
                behaviours=options["behaviour"],
                sessions_planned=options["sessions"],
                starts_on=options["starts"],
                target_on=options["target"],
            ),
        )
        if self.as_json:
            self.emit({"id": engagement.pk, "goals": engagement.goals, "behaviours": engagement.behaviours})
        else:
            self.stdout.write(f"Engagement {engagement.pk} started: {executive.name} with {coach.name}.")

    def _complete(self, organisation: Organisation, options: dict[str, Any]) -> None:
        engagement = self._engagement(organisation, options["engagement"])
        actor = self._person(organisation, options["actor"], "as")
        done = services.engagement_complete(engagement=engagement, actor=actor)
        if self.as_json:
            self.emit({"id": done.pk, "status": done.status})
        else:
            self.stdout.write(f"Engagement {done.pk} is {done.get_status_display().lower()}.")

    def _slots(self, organisation: Organisation, options: dict[str, Any]) -> None:
        coach = self._person(organisation, options["coach"], "coach")
        rows = [
            {
                "id": row.slot.pk,
                "starts_at": row.slot.starts_at.isoformat(),
                "ends_at": row.slot.ends_at.isoformat(),
                "booked_for": row.booked_for,
            }
            for row in selectors.coach_slots(organisation=organisation, coach=coach)
        ]
        if self.as_json:
            self.emit(rows)
            return
        for row in rows:
            self.stdout.write(f"{row['id']}: {row['starts_at']} – {row['ends_at']} {row['booked_for'] or 'open'}")

    def _publish(self, organisation: Organisation, options: dict[str, Any]) -> None:
        coach = self._person(organisation, options["coach"], "coach")
        starts = options["starts"]
        slot = services.slot_publish(
            organisation=organisation,
            coach=coach,
            starts_at=starts,
            ends_at=starts + timedelta(minutes=options["minutes"]),
        )
        if self.as_json:
            self.emit({"id": slot.pk, "starts_at": slot.starts_at.isoformat(), "ends_at": slot.ends_at.isoformat()})
        else:
            self.stdout.write(f"Slot {slot.pk} published: {slot.starts_at:%Y-%m-%d %H:%M} UTC.")

    def _book(self, organisation: Organisation, options: dict[str, Any]) -> None:
        engagement = self._engagement(organisation, options["engagement"])
        actor = self._person(organisation, options["actor"], "as")
        self._session(services.booking_create(engagement=engagement, slot_id=options["slot"], actor=actor), "booked")

    def _reschedule(self, organisation: Organisation, options: dict[str, Any]) -> None:
        booking = self._booking(organisation, options["booking"])
        actor = self._person(organisation, options["actor"], "as")
        self._session(services.booking_reschedule(booking=booking, slot_id=options["slot"], actor=actor), "moved")

    def _cancel(self, organisation: Organisation, options: dict[str, Any]) -> None:
        booking = self._booking(organisation, options["booking"])
        actor = self._person(organisation, options["actor"], "as")
        self._session(services.booking_cancel(booking=booking, actor=actor), "cancelled")
