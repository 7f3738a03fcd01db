"""`socialu demo` seeds a believable organisation, prints the login, and can run again safely."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from socialu.core.models import Organisation, RoleAssignment
from socialu.core.roles import Role
from socialu.governance.models import Acknowledgement
from socialu.learning.models import Enrolment, LessonCompletion
from socialu.people.models import Person, Unit
from socialu.readiness.models import Answer, Assessment

pytestmark = pytest.mark.django_db(transaction=True)


def seed(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SOCIALU_DEMO_PASSWORD", "demo-password-for-tests")
    output = StringIO()
    call_command("demo", "--no-serve", "--people", "300", stdout=output)
    return output.getvalue()


def test_the_demo_seeds_people_curriculum_learning_and_policy(monkeypatch: pytest.MonkeyPatch) -> None:
    printed = seed(monkeypatch)
    demo = Organisation.objects.get(slug="demo")
    assert "admin@demo.example" in printed and "demo-password-for-tests" in printed
    people = Person.objects.filter(organisation=demo)
    assert people.count() > 300
    assert set(people.values_list("audience", flat=True)) == {
        "leadership",
        "management",
        "practitioner",
        "infrastructure",
        "observer",
    }
    assert people.filter(is_external=True).exists()
    assert Unit.objects.filter(organisation=demo, depth=2).exists()
    assert Organisation.objects.filter(slug="lumen-health").exists()
    assert authenticate(email="admin@demo.example", password="demo-password-for-tests") is not None
    assert RoleAssignment.objects.filter(organisation=demo, role=Role.EXECUTIVE_VIEWER).exists()
    assert Enrolment.objects.filter(organisation=demo).count() >= people.count()
    assert LessonCompletion.objects.filter(organisation=demo, person__email="learner@demo.example").exists()
    assert Acknowledgement.objects.filter(organisation=demo).exists()
    assert Assessment.objects.filter(organisation=demo).exists()
    assert not Assessment.objects.filter(organisation=demo).exclude(status="closed").exists()
    assert Answer.objects.filter(organisation=demo).count() >= 10


def test_running_the_demo_again_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    seed(monkeypatch)
    counts = (Person.objects.count(), Enrolment.objects.count(), Acknowledgement.objects.count())
    printed = seed(monkeypatch)
    assert "0 created, 0 updated" in printed
    assert (Person.objects.count(), Enrolment.objects.count(), Acknowledgement.objects.count()) == counts
