"""Managing enrolments: enrol a person or a unit, due dates in bulk, reminders, and a learner's progress page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.curriculum.models import Course, Lesson, Quiz
from socialu.learning.models import Enrolment, EnrolmentSource
from socialu.learning.oversight.services import enrolment_due_set, enrolment_reminders_send
from socialu.learning.services import enrolment_sync, lesson_complete, quiz_attempt_submit
from socialu.people.models import Person, Unit
from tests.factories import PersonFactory, UnitFactory, member

pytestmark = pytest.mark.django_db


def url(name: str, *args: object) -> str:
    return reverse(name, args=["acme", *args])


@pytest.fixture
def sales(curriculum: Organisation) -> Unit:
    return UnitFactory.create(organisation=curriculum, name="Sales")


@pytest.fixture
def overdue_person(curriculum: Organisation) -> Person:
    person = PersonFactory.create(
        organisation=curriculum, audience=Audience.OBSERVER, name="Olive Overdue", email="olive@acme.example"
    )
    enrolment_sync(organisation=curriculum)
    Enrolment.objects.filter(person=person).update(due_on=timezone.localdate() - timedelta(days=3))
    return person


def test_an_admin_enrols_one_person_by_email_with_a_due_date(admin_client: Client, curriculum: Organisation) -> None:
    person = PersonFactory.create(organisation=curriculum, audience=Audience.OBSERVER, email="pat@acme.example")

    response = admin_client.post(
        url("enrolment_add_view"),
        {
            "enrol-course": "advanced",
            "enrol-who": "person",
            "enrol-person": "PAT@acme.example",
            "enrol-due_on": "2026-12-31",
        },
    )

    assert response.status_code == 302
    enrolment = Enrolment.objects.get(person=person, course_slug="advanced")
    assert (enrolment.source, enrolment.due_on) == (EnrolmentSource.MANUAL, date(2026, 12, 31))


def test_an_admin_enrols_a_unit_and_the_units_below_it(
    admin_client: Client, curriculum: Organisation, sales: Unit
) -> None:
    north = UnitFactory.create(organisation=curriculum, name="North", parent=sales)
    inside = [PersonFactory.create(organisation=curriculum, unit=unit) for unit in (sales, north)]
    outside = PersonFactory.create(organisation=curriculum)

    admin_client.post(
        url("enrolment_add_view"), {"enrol-course": "advanced", "enrol-who": "unit", "enrol-unit": sales.pk}
    )

    enrolled = set(Enrolment.objects.filter(course_slug="advanced").values_list("person_id", flat=True))
    assert {p.pk for p in inside} <= enrolled
    assert outside.pk not in enrolled


def test_an_unknown_person_is_reported_next_to_the_field_and_the_form_keeps_its_values(
    admin_client: Client, curriculum: Organisation
) -> None:
    response = admin_client.post(
        url("enrolment_add_view"),
        {"enrol-course": "advanced", "enrol-who": "person", "enrol-person": "nobody@acme.example"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nobody in the roster has that email address or employee ID." in page
    assert 'value="nobody@acme.example"' in page


def test_due_dates_are_set_and_cleared_for_a_course(curriculum: Organisation, overdue_person: Person) -> None:
    done = PersonFactory.create(organisation=curriculum, audience=Audience.OBSERVER)
    enrolment_sync(organisation=curriculum)
    Enrolment.objects.filter(person=done).update(completed_at=timezone.now(), due_on=date(2020, 1, 1))

    changed = enrolment_due_set(organisation=curriculum, due_on=date(2027, 1, 31), course_slug="basics")

    assert changed == 1
    assert Enrolment.objects.get(person=overdue_person).due_on == date(2027, 1, 31)
    assert Enrolment.objects.get(person=done).due_on == date(2020, 1, 1)  # completed ones are left alone
    enrolment_due_set(organisation=curriculum, due_on=None, course_slug="basics")
    assert Enrolment.objects.get(person=overdue_person).due_on is None


def test_due_dates_are_set_for_an_audiences_path_in_the_browser(admin_client: Client, curriculum: Organisation) -> None:
    leader = PersonFactory.create(organisation=curriculum, audience=Audience.LEADERSHIP)
    observer = PersonFactory.create(organisation=curriculum, audience=Audience.OBSERVER)
    enrolment_sync(organisation=curriculum)

    response = admin_client.post(
        url("enrolment_due_view"), {"due-scope": "path", "due-audience": "leadership", "due-due_on": "2027-02-01"}
    )

    assert response.status_code == 302
    assert Enrolment.objects.get(person=leader, course_slug="advanced").due_on == date(2027, 2, 1)
    assert Enrolment.objects.get(person=observer, course_slug="basics").due_on != date(2027, 2, 1)


def test_a_due_date_form_without_a_date_asks_for_one(admin_client: Client, curriculum: Organisation) -> None:
    response = admin_client.post(url("enrolment_due_view"), {"due-scope": "course", "due-course": "basics"})
    assert "Give the new due date" in response.content.decode()


def test_reminders_email_each_overdue_person_once_listing_their_courses(
    curriculum: Organisation, overdue_person: Person
) -> None:
    on_time = PersonFactory.create(organisation=curriculum, audience=Audience.OBSERVER)
    enrolment_sync(organisation=curriculum)
    Enrolment.objects.filter(person=on_time).update(due_on=timezone.localdate() + timedelta(days=5))

    result = enrolment_reminders_send(organisation=curriculum)

    assert (result.people, result.enrolments) == (1, 1)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["olive@acme.example"]
    assert "Hello Olive Overdue" in message.body
    assert "Basics (due" in message.body
    assert "/o/acme/learning/" in message.body


def test_reminders_are_not_repeated_within_the_interval(curriculum: Organisation, overdue_person: Person) -> None:
    enrolment_reminders_send(organisation=curriculum)
    again = enrolment_reminders_send(organisation=curriculum)
    assert again.people == 0
    assert len(mail.outbox) == 1

    Enrolment.objects.filter(person=overdue_person).update(last_reminded_at=timezone.now() - timedelta(days=8))
    later = enrolment_reminders_send(organisation=curriculum)
    assert later.people == 1
    assert len(mail.outbox) == 2


def test_completed_and_inactive_people_are_not_reminded(curriculum: Organisation, overdue_person: Person) -> None:
    gone = PersonFactory.create(organisation=curriculum, audience=Audience.OBSERVER)
    enrolment_sync(organisation=curriculum)
    Enrolment.objects.filter(person=gone).update(due_on=date(2020, 1, 1))
    Person.objects.filter(pk=gone.pk).update(is_active=False)
    Enrolment.objects.filter(person=overdue_person).update(completed_at=timezone.now())

    assert enrolment_reminders_send(organisation=curriculum).people == 0
    assert mail.outbox == []


def test_the_remind_button_sends_and_reports(admin_client: Client, overdue_person: Person) -> None:
    response = admin_client.post(url("enrolment_remind_view"), follow=True)
    assert "Sent 1 reminder about overdue learning." in response.content.decode()
    assert len(mail.outbox) == 1


def test_the_enrolments_page_counts_by_course(admin_client: Client, overdue_person: Person) -> None:
    page = admin_client.get(url("enrolments_manage")).content.decode()
    assert "Enrolments by course" in page
    assert '<span class="badge bad">1</span>' in page


def test_a_mentor_sees_a_persons_progress_with_attempts_and_lessons(
    curriculum: Organisation, overdue_person: Person
) -> None:
    basics = Course.objects.get(organisation=curriculum, slug="basics")
    lesson = Lesson.objects.filter(module__course=basics).order_by("position").first()
    assert lesson is not None
    lesson_complete(person=overdue_person, lesson=lesson)
    quiz_attempt_submit(person=overdue_person, quiz=Quiz.objects.get(course=basics), answers={"pick-one": [0]})
    mentor = member(curriculum, Role.MENTOR, email="mentor@acme.example")
    client = Client()
    client.force_login(mentor)

    found = client.get(url("learners"), {"q": "Olive"}).content.decode()
    assert url("learner_progress", overdue_person.pk) in found
    page = client.get(url("learner_progress", overdue_person.pk)).content.decode()

    assert "Olive Overdue" in page
    assert "Overdue" in page
    assert "1 of 2 lessons" in page
    assert "25%" in page  # the attempt's score
    assert lesson.title in page


def test_a_champion_cannot_see_other_peoples_progress(curriculum: Organisation, overdue_person: Person) -> None:
    client = Client()
    client.force_login(member(curriculum, Role.CHAMPION, email="champ@acme.example"))
    assert client.get(url("learner_progress", overdue_person.pk)).status_code == 403


def test_the_learners_page_lists_people_with_overdue_learning(admin_client: Client, overdue_person: Person) -> None:
    page = admin_client.get(url("learners")).content.decode()
    assert "1 person has required learning past its due date" in page
    assert url("learner_progress", overdue_person.pk) in page
    assert "1 overdue" in page
