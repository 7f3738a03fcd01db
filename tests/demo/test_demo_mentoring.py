"""The demo's mentoring: a running programme and a reverse-mentoring one, with check-ins and one early closure."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from socialu.core.models import Organisation
from socialu.mentoring.models import CheckIn, Pairing, PairingStatus, Programme, ProgrammeKind

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_runs_two_programmes_with_published_matches_check_ins_and_one_early_closure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOCIALU_DEMO_PASSWORD", "demo-password-for-tests")
    call_command("demo", "--no-serve", "--people", "300", stdout=StringIO())
    demo = Organisation.objects.get(slug="demo")
    programmes = {programme.kind: programme for programme in Programme.objects.filter(organisation=demo)}
    assert set(programmes) == {ProgrammeKind.STANDARD, ProgrammeKind.REVERSE}
    spring = Pairing.objects.filter(programme=programmes[ProgrammeKind.STANDARD])
    assert spring.filter(status=PairingStatus.ACTIVE).count() >= 5
    assert spring.filter(status=PairingStatus.CLOSED_EARLY, rematch_offered=True).count() == 1
    assert spring.filter(mentor__email="mentor@demo.example", mentee__email="learner@demo.example").exists()
    reverse = Pairing.objects.filter(programme=programmes[ProgrammeKind.REVERSE], status=PairingStatus.ACTIVE)
    assert reverse.count() >= 3
    assert all(pair.mentee.audience == "leadership" and pair.mentor.audience != "leadership" for pair in reverse)
    assert CheckIn.objects.filter(organisation=demo, met=True).count() >= 10

    before = Pairing.objects.filter(organisation=demo).count()
    call_command("demo", "--no-serve", "--people", "300", stdout=StringIO())
    assert Pairing.objects.filter(organisation=demo).count() == before
