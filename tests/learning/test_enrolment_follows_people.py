"""Enrolment follows the roster: imports and edits enrol people without anyone running a sync."""

from __future__ import annotations

from pathlib import Path

import pytest

from socialu.core.models import Organisation
from socialu.curriculum.services import curriculum_import
from socialu.learning.models import Enrolment
from socialu.people import person_services
from socialu.people.models import Person
from socialu.people.roster import roster_import
from tests.curriculum.test_coursefiles import write_curriculum

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def with_curriculum(organisation: Organisation, tmp_path: Path) -> Organisation:
    # The tiny curriculum's only path is the observer path, with one required course.
    curriculum_import(organisation=organisation, folder=write_curriculum(tmp_path / "curriculum"))
    return organisation


def test_people_imported_from_a_roster_are_enrolled_in_their_path(
    with_curriculum: Organisation, tmp_path: Path
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "Employee ID,Name,Email,Audience\n"
        "E1,Ann Lee,ann@acme.example,observer\n"
        "E2,Bo Chen,bo@acme.example,leadership\n",
        encoding="utf-8",
    )
    roster_import(organisation=with_curriculum, path=roster)
    enrolled = set(
        Enrolment.objects.filter(organisation=with_curriculum).values_list("person__employee_id", "course_slug")
    )
    assert enrolled == {("E1", "basics")}


def test_a_dry_run_enrols_nobody(with_curriculum: Organisation, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("Employee ID,Name,Email,Audience\nE1,Ann Lee,ann@acme.example,observer\n", encoding="utf-8")
    roster_import(organisation=with_curriculum, path=roster, dry_run=True)
    assert not Enrolment.objects.exists()


def test_changing_someones_audience_moves_them_to_the_new_path(with_curriculum: Organisation) -> None:
    person = person_services.person_create(
        organisation=with_curriculum, employee_id="E9", name="Cy Diaz", email="cy@acme.example", audience="leadership"
    )
    assert not Enrolment.objects.filter(person=person).exists()
    person_services.person_update(person=Person.objects.get(pk=person.pk), audience="observer")
    assert list(Enrolment.objects.filter(person=person).values_list("course_slug", flat=True)) == ["basics"]
