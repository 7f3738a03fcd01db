"""The demo's governance: two policy versions with partial coverage, a registry with problems, a filled RACI."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from socialu.core.models import Organisation
from socialu.governance.models import Acknowledgement, Policy, RaciActivity, RaciAssignment, SocialAccount
from socialu.governance.policies.selectors import coverage
from socialu.governance.raci.selectors import raci_matrix
from socialu.governance.registry.selectors import ProblemKind, registry_problems
from socialu.people.models import Person

pytestmark = pytest.mark.django_db(transaction=True)


def seed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCIALU_DEMO_PASSWORD", "demo-password-for-tests")
    call_command("demo", "--no-serve", "--people", "300", stdout=StringIO())


def _counts(demo: Organisation) -> tuple[int, ...]:
    return (
        Acknowledgement.objects.filter(organisation=demo).count(),
        SocialAccount.objects.filter(organisation=demo).count(),
        RaciAssignment.objects.filter(organisation=demo).count(),
        Person.objects.filter(organisation=demo).count(),
        Policy.objects.filter(organisation=demo).count(),
    )


def test_the_demo_governance_tells_a_story_and_is_idempotent(monkeypatch: pytest.MonkeyPatch) -> None:
    seed(monkeypatch)
    demo = Organisation.objects.get(slug="demo")

    policy = Policy.objects.get(organisation=demo, slug="social-media-policy")
    assert list(policy.versions.order_by("number").values_list("number", "requires_reacknowledgement")) == [
        (1, True),
        (2, True),
    ]
    result = coverage(organisation=demo, policy=policy)
    assert result.version is not None and result.version.number == 2
    assert 0.4 < result.total.acknowledged / result.total.people < 0.6
    assert result.total.overdue == result.total.pending > 0  # version 2 took effect a month ago
    assert Acknowledgement.objects.filter(organisation=demo, policy_version__number=1).count() > 150

    problems = registry_problems(organisation=demo)
    orphaned = [p for p in problems if p.kind == ProblemKind.ORPHANED]
    assert [(str(p.account), p.who_should_act) for p in orphaned] == [("TikTok kestrel.trails", "a programme admin")]
    assert "Jordan Blake is no longer active" in orphaned[0].message
    overdue = [str(p.account) for p in problems if p.kind == ProblemKind.REVIEW_OVERDUE]
    assert overdue == ["Facebook KestrelOutdoorCare"]
    assert SocialAccount.objects.filter(organisation=demo).count() == 6

    matrix = raci_matrix(organisation=demo)
    assert RaciActivity.objects.filter(organisation=demo).count() >= 10
    assert "Morgan Ellis" in matrix.labels
    for row in matrix.rows:
        assert row.letters.count("A") == 1 and "R" in row.letters

    before = _counts(demo)
    seed(monkeypatch)
    assert _counts(demo) == before
