"""The demo's skills and champions: LinkedIn video experts with evidence, champions with gaps in two divisions."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from socialu.core.models import Organisation
from socialu.skills.champions.selectors import coverage, nominations_pending, terms_current
from socialu.skills.models import Endorsement, Nomination, SelfRating
from socialu.skills.selectors import ExpertQuery, experts_find

pytestmark = pytest.mark.django_db(transaction=True)


def seed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCIALU_DEMO_PASSWORD", "demo-password-for-tests")
    call_command("demo", "--no-serve", "--people", "300", stdout=StringIO())


def test_the_demo_finds_linkedin_video_experts_and_has_champion_gaps_in_two_divisions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seed(monkeypatch)
    demo = Organisation.objects.get(slug="demo")
    results = experts_find(organisation=demo, query=ExpertQuery(skill="video", platform="linkedin"))
    assert results is not None
    studio = [s for s in results.standings if s.person.unit and s.person.unit.name == "Content Studio"]
    assert len(studio) >= 3
    assert all(len(standing.shown) >= 2 for standing in results.standings)
    assert results.standings[0].person in [s.person for s in studio]
    assert sorted(coverage(organisation=demo).division_gaps) == ["Operations", "Sales"]
    assert terms_current(organisation=demo).filter(role="executive_sponsor").count() == 1
    assert nominations_pending(organisation=demo).count() == 1
    counts = (
        Nomination.objects.filter(organisation=demo).count(),
        Endorsement.objects.filter(organisation=demo).count(),
        SelfRating.objects.filter(organisation=demo).count(),
    )

    seed(monkeypatch)

    assert (
        Nomination.objects.filter(organisation=demo).count(),
        Endorsement.objects.filter(organisation=demo).count(),
        SelfRating.objects.filter(organisation=demo).count(),
    ) == counts
