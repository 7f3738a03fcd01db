"""Enrolment: path enrolments kept in line with audiences, and manual enrolment of a unit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.curriculum.models import Lesson
from socialu.learning.models import Enrolment, EnrolmentSource
from socialu.learning.services import LearningError, enrolment_add, enrolment_sync, lesson_complete
from socialu.people.models import Person
from tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db


def enrolled(person: Person) -> dict[str, Enrolment]:
    return {e.course_slug: e for e in Enrolment.objects.filter(organisation_id=person.organisation_id, person=person)}


def test_sync_enrols_active_people_in_their_audience_path(curriculum: Organisation) -> None:
    practitioner = PersonFactory.create(organisation=curriculum, audience=Audience.PRACTITIONER)
    observer = PersonFactory.create(organisation=curriculum, audience=Audience.OBSERVER)

    created = enrolment_sync(organisation=curriculum)

    assert created == 3
    mine = enrolled(practitioner)
    assert set(mine) == {"basics", "advanced"}
    assert mine["basics"].required is True
    assert mine["basics"].source == EnrolmentSource.PATH
    assert mine["basics"].due_on == timezone.localdate() + timedelta(days=30)
    assert mine["advanced"].required is False
    assert mine["advanced"].due_on is None
    assert set(enrolled(observer)) == {"basics"}


def test_sync_is_idempotent(curriculum: Organisation) -> None:
    PersonFactory.create_batch(3, organisation=curriculum, audience=Audience.PRACTITIONER)
    assert enrolment_sync(organisation=curriculum) == 6
    assert enrolment_sync(organisation=curriculum) == 0
    assert Enrolment.objects.filter(organisation=curriculum).count() == 6


def test_sync_skips_inactive_people_and_people_whose_audience_has_no_path(curriculum: Organisation) -> None:
    PersonFactory.create(organisation=curriculum, audience=Audience.PRACTITIONER, is_active=False)
    PersonFactory.create(organisation=curriculum, audience=Audience.INFRASTRUCTURE)
    assert enrolment_sync(organisation=curriculum) == 0
    assert not Enrolment.objects.exists()


def test_sync_can_be_limited_to_some_people(curriculum: Organisation) -> None:
    chosen = PersonFactory.create(organisation=curriculum, audience=Audience.OBSERVER)
    PersonFactory.create(organisation=curriculum, audience=Audience.OBSERVER)
    assert enrolment_sync(organisation=curriculum, person_ids=[chosen.pk]) == 1
    assert list(Enrolment.objects.values_list("person_id", flat=True)) == [chosen.pk]


def test_an_audience_change_removes_not_started_path_courses_and_keeps_the_rest(curriculum: Organisation) -> None:
    person = PersonFactory.create(organisation=curriculum, audience=Audience.PRACTITIONER)
    started = PersonFactory.create(organisation=curriculum, audience=Audience.PRACTITIONER)
    finished = PersonFactory.create(organisation=curriculum, audience=Audience.PRACTITIONER)
    enrolment_sync(organisation=curriculum)
    lesson_complete(person=started, lesson=Lesson.objects.get(organisation=curriculum, slug="hello"))
    Enrolment.objects.filter(person=finished, course_slug="basics").update(
        completed_at=timezone.now(), completed_version=1
    )
    enrolment_add(organisation=curriculum, person=person, course_slug="basics")  # already enrolled: no change
    Person.objects.filter(pk__in=[person.pk, started.pk, finished.pk]).update(audience=Audience.LEADERSHIP)

    enrolment_sync(organisation=curriculum)

    assert set(enrolled(person)) == {"advanced"}
    assert set(enrolled(started)) == {"basics", "advanced"}
    assert set(enrolled(finished)) == {"basics", "advanced"}


def test_an_audience_change_keeps_manual_enrolments(curriculum: Organisation) -> None:
    person = PersonFactory.create(organisation=curriculum, audience=Audience.LEADERSHIP)
    enrolment_add(organisation=curriculum, person=person, course_slug="basics")
    enrolment_sync(organisation=curriculum)
    assert enrolled(person)["basics"].source == EnrolmentSource.MANUAL
    assert set(enrolled(person)) == {"basics", "advanced"}


def test_manual_enrolment_of_a_unit_covers_its_subtree_only(curriculum: Organisation) -> None:
    sales = UnitFactory.create(organisation=curriculum, name="Sales")
    europe = UnitFactory.create(organisation=curriculum, name="Europe", parent=sales)
    lookalike = UnitFactory.create(organisation=curriculum, name="Sales Ops")
    inside = [
        PersonFactory.create(organisation=curriculum, unit=sales),
        PersonFactory.create(organisation=curriculum, unit=europe),
    ]
    PersonFactory.create(organisation=curriculum, unit=europe, is_active=False)
    PersonFactory.create(organisation=curriculum, unit=lookalike)
    due = timezone.localdate() + timedelta(days=10)

    created = enrolment_add(organisation=curriculum, unit=sales, course_slug="advanced", due_on=due)

    assert created == 2
    rows = Enrolment.objects.filter(organisation=curriculum, course_slug="advanced")
    assert {row.person_id for row in rows} == {person.pk for person in inside}
    assert all(row.source == EnrolmentSource.MANUAL and row.due_on == due and row.required for row in rows)
    assert enrolment_add(organisation=curriculum, unit=sales, course_slug="advanced") == 0


def test_manual_enrolment_explains_what_is_wrong(curriculum: Organisation, other_organisation: Organisation) -> None:
    person = PersonFactory.create(organisation=curriculum)
    with pytest.raises(LearningError, match="no course “nope”"):
        enrolment_add(organisation=curriculum, person=person, course_slug="nope")
    with pytest.raises(LearningError, match="either one person or one unit"):
        enrolment_add(organisation=curriculum, course_slug="basics")
    outsider = PersonFactory.create(organisation=other_organisation)
    with pytest.raises(LearningError, match="not in this organisation"):
        enrolment_add(organisation=curriculum, person=outsider, course_slug="basics")


def test_the_sync_command_reports_new_enrolments(curriculum: Organisation, capsys: pytest.CaptureFixture[str]) -> None:
    PersonFactory.create(organisation=curriculum, audience=Audience.OBSERVER)
    call_command("learning", "sync", "--org", "acme")
    assert "1 new enrolment." in capsys.readouterr().out
