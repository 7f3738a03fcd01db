"""The demo has learners at varied progress, every tier held, a truthful history, and stays put on a rerun."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Max
from django.utils import timezone

from socialu.certification.models import Certificate, Tier
from socialu.certification.selectors import Standing, current_certificates, my_certification, register_entries
from socialu.core.consistency import consistency_report
from socialu.core.models import Organisation
from socialu.dashboard.selectors import DashboardFilters
from socialu.dashboard.services import programme_dashboard
from socialu.learning.models import Enrolment, LessonCompletion, QuizAttempt
from socialu.learning.selectors import my_learning
from socialu.people.models import Person
from socialu.practice.models import Attempt

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


def test_the_demo_tells_a_true_story_with_every_tier(monkeypatch: pytest.MonkeyPatch) -> None:
    seed(monkeypatch)
    demo = Organisation.objects.get(slug="demo")

    # Nothing contradicts itself: `socialu doctor` finds nothing, and says so with exit status 0.
    found = {outcome.check.key: outcome.result.count for outcome in consistency_report(organisation=demo)}
    assert found and not any(found.values()), found
    out = StringIO()
    call_command("doctor", "--org", "demo", stdout=out)
    assert "nothing contradicts itself" in out.getvalue()

    # Every tier is held, and the tiers nest: each holder of a higher tier holds the lower ones.
    holders = {
        slug: set(current_certificates(organisation=demo).filter(tier__slug=slug).values_list("person_id", flat=True))
        for slug in ("ambassador", "practitioner", "professional")
    }
    assert all(holders.values()), {slug: len(people) for slug, people in holders.items()}
    assert holders["professional"] <= holders["practitioner"] <= holders["ambassador"]

    # Professionals earned it: two passed practice reviews before the diploma, and 90% or more in every quiz.
    for certificate in current_certificates(organisation=demo).filter(tier__slug="professional"):
        reviews = Attempt.objects.filter(
            organisation=demo, person_id=certificate.person_id, passed=True, reviewed_at__lte=certificate.issued_at
        )
        assert reviews.values("scenario").distinct().count() >= 2
        best = (
            QuizAttempt.objects.filter(organisation=demo, person_id=certificate.person_id)
            .values("quiz")
            .annotate(best=Max("score_percent"))
            .values_list("best", flat=True)
        )
        assert best and min(best) >= 90
        practitioner = Certificate.objects.get(
            organisation=demo, person_id=certificate.person_id, tier__slug="practitioner", revoked_at__isnull=True
        )
        assert practitioner.issued_at <= certificate.issued_at <= certificate.expires_at <= practitioner.expires_at

    # The slowest courses show real durations: days to weeks, different from course to course.
    dashboard = programme_dashboard(organisation=demo, filters=DashboardFilters())
    days = [course.average_days for course in dashboard.slowest_courses if course.average_days is not None]
    assert len(days) >= 5 and min(days) > 2 and max(days) < 200
    assert len({round(value) for value in days}) >= 4
    assert sum(week.count for week in dashboard.weeks) > 0

    # The policy's new version leaves some certified people suspended until they acknowledge it.
    suspended = register_entries(organisation=demo, standing=Standing.SUSPENDED)
    assert suspended and all(entry.outstanding for entry in suspended)
    listed = {entry.person_id for entry in register_entries(organisation=demo)}
    assert listed and not listed & {entry.person_id for entry in suspended}
