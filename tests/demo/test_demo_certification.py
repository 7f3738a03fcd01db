"""The demo has learners at varied progress, certificates (some expiring, one revoked), and stays put on a rerun."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from socialu.certification.models import Certificate, Tier
from socialu.certification.selectors import my_certification, register_entries
from socialu.core.models import Organisation
from socialu.learning.models import Enrolment, LessonCompletion, QuizAttempt
from socialu.learning.selectors import my_learning
from socialu.people.models import Person

pytestmark = pytest.mark.django_db(transaction=True)


def seed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCIALU_DEMO_PASSWORD", "demo-password-for-tests")
    call_command("demo", "--no-serve", "--people", "300", stdout=StringIO())


def _counts() -> tuple[int, int, int, int]:
    return (
        LessonCompletion.objects.count(),
        QuizAttempt.objects.count(),
        Enrolment.objects.filter(completed_at__isnull=False).count(),
        Certificate.objects.count(),
    )


def test_the_demo_has_progress_certificates_and_a_near_ambassador_learner(monkeypatch: pytest.MonkeyPatch) -> None:
    seed(monkeypatch)
    demo = Organisation.objects.get(slug="demo")
    people = Person.objects.filter(organisation=demo, is_active=True).count()
    started = LessonCompletion.objects.filter(organisation=demo).values("person_id").distinct().count()
    assert 0.3 * people <= started <= 0.5 * people

    finished = Enrolment.objects.filter(organisation=demo, completed_at__isnull=False)
    dates = [moment for moment in finished.values_list("completed_at", flat=True) if moment is not None]
    assert max(dates) - min(dates) > timedelta(weeks=10)
    assert max(dates) <= timezone.now()
    assert not Certificate.objects.filter(issued_at__gt=timezone.now()).exists()
    assert QuizAttempt.objects.filter(organisation=demo, passed=False).exists()  # some failed first

    assert set(Tier.objects.filter(organisation=demo).values_list("slug", flat=True)) == {
        "ambassador",
        "practitioner",
        "professional",
    }
    certificates = Certificate.objects.filter(organisation=demo)
    assert certificates.filter(tier__slug="ambassador").exists()
    assert certificates.filter(tier__slug="practitioner").exists()
    assert certificates.filter(revoked_at__isnull=False).count() == 1
    entries = register_entries(organisation=demo)
    assert any(entry.expiring_soon for entry in entries)
    assert certificates.filter(issued_at__lt=timezone.now() - timedelta(weeks=4)).exists()

    learner = Person.objects.get(organisation=demo, email="learner@demo.example")
    policy = next(
        c for c in my_learning(organisation=demo, person=learner).courses if c.course.slug == "policy-essentials"
    )
    assert (policy.lessons_total - policy.lessons_done, policy.quiz_passed) == (1, False)
    ambassador = next(t for t in my_certification(organisation=demo, person=learner) if t.tier.slug == "ambassador")
    assert ambassador.current is None
    assert [item.met for item in ambassador.requirements if item.view.label == "Courses passed"] == [False]
    assert all(item.met is not False for item in ambassador.requirements if item.view.label != "Courses passed")


def test_running_the_demo_again_adds_no_learning_or_certificates(monkeypatch: pytest.MonkeyPatch) -> None:
    seed(monkeypatch)
    counts = _counts()
    seed(monkeypatch)
    assert _counts() == counts
