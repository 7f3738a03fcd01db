"""``socialu learning``: enrol, progress, complete, attempts and remind, with their output read back."""

from __future__ import annotations

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.curriculum.models import Quiz
from socialu.learning.models import Enrolment, LessonCompletion
from socialu.learning.services import enrolment_sync, quiz_attempt_submit
from socialu.people.models import Person
from tests.factories import PersonFactory, UnitFactory
from tests.learning.conftest import ALL_RIGHT

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("learning", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def person(curriculum: Organisation) -> Person:
    person = PersonFactory.create(
        organisation=curriculum, audience=Audience.OBSERVER, employee_id="E42", email="sam@acme.example", name="Sam"
    )
    enrolment_sync(organisation=curriculum)
    return person


def test_enrol_a_person_by_employee_id_with_a_due_date(person: Person) -> None:
    output = run("enrol", "--org", "acme", "--course", "advanced", "--person", "E42", "--due", "2027-03-31")
    assert output.strip() == "Enrolled 1 person (Sam) in advanced."
    assert Enrolment.objects.get(person=person, course_slug="advanced").due_on == date(2027, 3, 31)


def test_enrol_a_unit_by_its_path(curriculum: Organisation) -> None:
    unit = UnitFactory.create(organisation=curriculum, name="Support")
    PersonFactory.create_batch(2, organisation=curriculum, unit=unit)
    output = run("enrol", "--org", "acme", "--course", "advanced", "--unit", unit.path)
    assert output.startswith("Enrolled 2 people (unit Support)")


def test_a_bad_date_or_course_is_explained(person: Person) -> None:
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("enrol", "--org", "acme", "--course", "advanced", "--person", "E42", "--due", "31/03/2027")
    with pytest.raises(CommandError, match="no course “nope”"):
        run("enrol", "--org", "acme", "--course", "nope", "--person", "E42")
    with pytest.raises(CommandError, match="Nobody in Acme Ltd's roster"):
        run("progress", "--org", "acme", "--person", "nobody@acme.example")


def test_complete_then_progress_as_json(person: Person) -> None:
    output = run("complete", "--org", "acme", "--person", "sam@acme.example", "--course", "basics", "--lesson", "hello")
    assert output.strip() == "“Hello” is now marked as done for Sam."
    again = run("complete", "--org", "acme", "--person", "E42", "--course", "basics", "--lesson", "hello")
    assert "was already marked as done" in again
    assert LessonCompletion.objects.filter(person=person).count() == 1

    data = json.loads(run("progress", "--org", "acme", "--person", "E42", "--json"))

    assert data["person"]["employee_id"] == "E42"
    [course] = data["courses"]
    assert (course["course_slug"], course["lessons_done"], course["percent"]) == ("basics", 1, 33)
    assert course["next_lesson"]["slug"] == "second"


def test_progress_as_text(person: Person) -> None:
    output = run("progress", "--org", "acme", "--person", "E42")
    assert output.splitlines()[0] == "Sam <sam@acme.example>: 0 of 1 course(s) completed."
    assert output.splitlines()[1].startswith("  basics: 0% — 0/2 lessons, quiz not passed (in progress, due ")


def test_an_unknown_lesson_is_explained(person: Person) -> None:
    with pytest.raises(CommandError, match="no lesson 'nope'"):
        run("complete", "--org", "acme", "--person", "E42", "--course", "basics", "--lesson", "nope")


def test_attempts_as_json_and_text(curriculum: Organisation, person: Person) -> None:
    quiz = Quiz.objects.get(course__slug="basics")
    quiz_attempt_submit(person=person, quiz=quiz, answers={"pick-one": [0]})
    quiz_attempt_submit(person=person, quiz=quiz, answers=ALL_RIGHT)

    rows = json.loads(run("attempts", "--org", "acme", "--person", "E42", "--json"))
    assert [(row["score_percent"], row["passed"]) for row in rows] == [(25, False), (100, True)]
    text = run("attempts", "--org", "acme", "--person", "E42").splitlines()
    assert text[1].endswith("basics v1: 100% (passed)")


def test_remind_emails_once(curriculum: Organisation, person: Person) -> None:
    Enrolment.objects.filter(person=person).update(due_on=timezone.localdate() - timedelta(days=1))

    first = run("remind", "--org", "acme")
    second = run("remind", "--org", "acme")

    assert first.strip() == "Sent 1 reminder email(s) covering 1 overdue enrolment(s) for Acme Ltd."
    assert second.startswith("Sent 0 reminder email(s)")
    assert [message.to for message in mail.outbox] == [["sam@acme.example"]]


def test_an_unknown_organisation_is_explained() -> None:
    with pytest.raises(CommandError, match="no organisation 'nowhere'"):
        run("progress", "--org", "nowhere", "--person", "x")
