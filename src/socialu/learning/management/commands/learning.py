"""``socialu learning``: enrolment sync, manual enrolment, progress, lesson completion, attempts and reminders.

Every action takes ``--org SLUG``. A person is named by email or employee ID.
Errors (an unknown organisation, person, course or lesson) exit with status 1
and a message saying what to do.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.core.serializers.json import DjangoJSONEncoder

from socialu.core.commands import SocialUCommand
from socialu.core.models import Organisation
from socialu.learning import selectors
from socialu.learning.oversight import selectors as progress_selectors
from socialu.learning.oversight.services import REMIND_EVERY_DAYS, enrolment_reminders_send
from socialu.learning.presenting import attempt_dicts, progress_dict
from socialu.learning.services import enrolment_add, enrolment_sync, lesson_complete
from socialu.people.models import Person
from socialu.people.selectors import units_in

ACTIONS = "{sync,enrol,progress,complete,attempts,remind}"


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"“{value}” is not a date: write it as YYYY-MM-DD, e.g. 2026-03-31.") from error


class Command(SocialUCommand):
    help = (
        "Learning: keep path enrolments in step (sync), enrol a person or unit, show a person's progress or quiz "
        "attempts, record a lesson as done, and email reminders about overdue learning."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar=ACTIONS)
        syncing = actions.add_parser("sync", help="Enrol active people in their audience's path; tidy stale ones.")
        self.add_org_argument(syncing)

        enrolling = actions.add_parser("enrol", help="Enrol one person, or everyone in a unit and below, in a course.")
        self.add_org_argument(enrolling)
        enrolling.add_argument("--course", required=True, help="The course's slug.")
        who = enrolling.add_mutually_exclusive_group(required=True)
        who.add_argument("--person", help="The person's email or employee ID.")
        who.add_argument("--unit", help="The unit's full path as on the Units page (e.g. 'Acme › Sales'), or its id.")
        enrolling.add_argument("--due", type=_date, help="The due date, YYYY-MM-DD (optional).")

        progress = actions.add_parser("progress", help="Show a person's courses and how far they have got.")
        self.add_org_argument(progress)
        progress.add_argument("--person", required=True, help="The person's email or employee ID.")
        progress.add_argument("--json", action="store_true", help="Print the progress as JSON.")

        completing = actions.add_parser("complete", help="Record that a person has done a lesson.")
        self.add_org_argument(completing)
        completing.add_argument("--person", required=True, help="The person's email or employee ID.")
        completing.add_argument("--course", required=True, help="The course's slug.")
        completing.add_argument("--lesson", required=True, help="The lesson's slug.")

        attempts = actions.add_parser("attempts", help="List a person's quiz attempts with scores.")
        self.add_org_argument(attempts)
        attempts.add_argument("--person", required=True, help="The person's email or employee ID.")
        attempts.add_argument("--course", default="", help="Only this course's quiz.")
        attempts.add_argument("--json", action="store_true", help="Print the attempts as JSON.")

        reminding = actions.add_parser("remind", help="Email people whose required learning is overdue.")
        self.add_org_argument(reminding)
        reminding.add_argument(
            "--every-days",
            type=int,
            default=REMIND_EVERY_DAYS,
            help=f"Remind nobody more than once in this many days (default {REMIND_EVERY_DAYS}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = self.organisation(options)
        handler = getattr(self, f"_{options['action']}")
        handler(organisation, options)

    def _person(self, organisation: Organisation, identifier: str) -> Person:
        person = progress_selectors.person_find(organisation=organisation, identifier=identifier)
        if person is None:
            raise CommandError(
                f"Nobody in {organisation.name}'s roster has the email or employee ID '{identifier}'. "
                "Check it with `socialu people` or the People page."
            )
        return person

    def _json(self, data: object) -> None:
        self.emit(data, cls=DjangoJSONEncoder, indent=2)

    def _sync(self, organisation: Organisation, options: dict[str, Any]) -> None:
        with self.working(f"Enrolling {organisation.name}'s people in their paths…"):
            created = enrolment_sync(organisation=organisation)
        self.stdout.write(
            f"Enrolments for {organisation.name} are up to date: {created} new enrolment{'s' if created != 1 else ''}."
        )

    def _enrol(self, organisation: Organisation, options: dict[str, Any]) -> None:
        person = self._person(organisation, options["person"]) if options["person"] else None
        unit = None
        if options["unit"]:
            units = units_in(organisation=organisation)
            value = options["unit"]
            unit = units.filter(path=value).first() or (
                units.filter(pk=int(value)).first() if value.isdigit() else None
            )
            if unit is None:
                raise CommandError(f"There is no unit '{value}'. Give its full path as shown on the Units page.")
        created = enrolment_add(
            organisation=organisation, course_slug=options["course"], person=person, unit=unit, due_on=options["due"]
        )
        who = person.name if person else f"unit {unit.path if unit else ''}"
        self.stdout.write(
            f"Enrolled {created} {'person' if created == 1 else 'people'} ({who}) in {options['course']}."
        )

    def _progress(self, organisation: Organisation, options: dict[str, Any]) -> None:
        person = self._person(organisation, options["person"])
        data = progress_dict(person, selectors.my_learning(organisation=organisation, person=person))
        if options["json"]:
            self._json(data)
            return
        self.stdout.write(
            f"{person.name} <{person.email}>: {data['completed_courses']} of {len(data['courses'])} "
            "course(s) completed."
        )
        for course in data["courses"]:
            state = "completed" if course["completed"] else ("OVERDUE" if course["overdue"] else "in progress")
            due = f", due {course['due_on']}" if course["due_on"] else ""
            quiz = ""
            if course["has_quiz"]:
                quiz = ", quiz passed" if course["quiz_passed"] else ", quiz not passed"
            self.stdout.write(
                f"  {course['course_slug']}: {course['percent']}% — {course['lessons_done']}/{course['lessons_total']} "
                f"lessons{quiz} ({state}{due})"
            )

    def _complete(self, organisation: Organisation, options: dict[str, Any]) -> None:
        person = self._person(organisation, options["person"])
        player = selectors.lesson_player(
            organisation=organisation, person=person, course_slug=options["course"], lesson_slug=options["lesson"]
        )
        if player is None:
            raise CommandError(
                f"There is no lesson '{options['lesson']}' in a published course '{options['course']}'. "
                "Check the slugs with `socialu curriculum export`."
            )
        already = player.done
        lesson_complete(person=person, lesson=player.lesson)
        enrolment = selectors.enrolment_for(organisation=organisation, person=person, course_slug=options["course"])
        state = "was already" if already else "is now"
        done = " The course is complete." if enrolment and enrolment.completed_at else ""
        self.stdout.write(f"“{player.lesson.title}” {state} marked as done for {person.name}.{done}")

    def _attempts(self, organisation: Organisation, options: dict[str, Any]) -> None:
        person = self._person(organisation, options["person"])
        rows = attempt_dicts(
            progress_selectors.quiz_attempts(organisation=organisation, person=person, course_slug=options["course"])
        )
        if options["json"]:
            self._json(rows)
            return
        if not rows:
            self.stdout.write(f"{person.name} has no quiz attempts.")
            return
        for row in rows:
            result = "passed" if row["passed"] else "not passed"
            when = f"{row['submitted_at']:%Y-%m-%d %H:%M}" if row["submitted_at"] else "not submitted"
            self.stdout.write(
                f"{when}  {row['course_slug']} v{row['course_version']}: {row['score_percent']}% ({result})"
            )

    def _remind(self, organisation: Organisation, options: dict[str, Any]) -> None:
        result = enrolment_reminders_send(organisation=organisation, every_days=options["every_days"])
        self.stdout.write(
            f"Sent {result.people} reminder email(s) covering {result.enrolments} overdue enrolment(s) "
            f"for {organisation.name}."
        )
