"""The demo holds the default decision tree and a dozen decisions of every kind, and seeding again adds none."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from socialu.core.models import Organisation
from socialu.demo import seed_escalation
from socialu.escalation.models import DecisionLogEntry, DecisionTree

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_seeds_the_tree_and_a_varied_decision_log(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCIALU_DEMO_PASSWORD", "demo-password-for-tests")
    call_command("demo", "--no-serve", "--people", "300", stdout=StringIO())
    demo = Organisation.objects.get(slug="demo")
    assert DecisionTree.objects.filter(organisation=demo).count() == 1
    entries = DecisionLogEntry.objects.filter(organisation=demo)
    assert entries.count() == len(seed_escalation.DECISIONS) >= 12
    assert set(entries.values_list("outcome_action", flat=True)) == {
        "respond",
        "fix_facts",
        "restore",
        "monitor",
        "escalate",
    }
    escalation = entries.filter(outcome_action="escalate").first()
    assert escalation is not None and "admin@demo.example" in escalation.notified
    assert entries.filter(person__isnull=False, walked_by__email="learner@demo.example").exists()
    assert mail.outbox == []  # seeded history tells nobody

    counts = (DecisionTree.objects.count(), DecisionLogEntry.objects.count())
    seed_escalation.seed(demo)
    assert (DecisionTree.objects.count(), DecisionLogEntry.objects.count()) == counts
