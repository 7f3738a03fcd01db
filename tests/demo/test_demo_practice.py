"""The demo's practice sandbox: scenarios installed, answers reviewed, a queue waiting, and no change on a rerun."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from socialu.core.models import Organisation
from socialu.practice.models import Attempt, AttemptStatus, Review, Scenario
from socialu.practice.scenario_files import load_scenario_folder, shipped_folder

pytestmark = pytest.mark.django_db(transaction=True)


def seed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCIALU_DEMO_PASSWORD", "demo-password-for-tests")
    call_command("demo", "--no-serve", "--people", "300", stdout=StringIO())


def test_the_demo_has_scenarios_reviewed_answers_and_a_queue_and_a_rerun_changes_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seed(monkeypatch)
    demo = Organisation.objects.get(slug="demo")
    attempts = Attempt.objects.filter(organisation=demo)

    assert Scenario.objects.filter(organisation=demo).count() == len(load_scenario_folder(shipped_folder()))
    assert attempts.values("person").distinct().count() >= 12
    learner = [
        score or 0.0
        for score in attempts.filter(person__email="learner@demo.example")
        .order_by("submitted_at")
        .values_list("mean_score", flat=True)
    ]
    assert len(learner) == 3 and learner == sorted(learner) and 0 < learner[0] < learner[-1]
    waiting = attempts.filter(status=AttemptStatus.SUBMITTED).exclude(person__user__email="mentor@demo.example")
    assert waiting.count() >= 2
    assert {True, False} <= set(attempts.filter(status=AttemptStatus.REVIEWED).values_list("passed", flat=True))
    counts = (attempts.count(), Review.objects.filter(organisation=demo).count())

    seed(monkeypatch)

    assert (
        Attempt.objects.filter(organisation=demo).count(),
        Review.objects.filter(organisation=demo).count(),
    ) == counts
