"""``socialu doctor`` reports records that contradict each other, one kind at a time, per organisation.

A history written by the services is clean; each test then plants one contradiction straight into the
database (as a restore, an SQL fix or a hand-written import could) and expects the doctor to name it.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F
from django.utils import timezone

from socialu.certification.models import Certificate
from socialu.certification.services import certificates_award
from socialu.core.consistency import consistency_checks, consistency_report
from socialu.core.models import Organisation
from socialu.curriculum.models import Lesson, Quiz
from socialu.curriculum.services import curriculum_import
from socialu.learning.models import Enrolment, LessonCompletion, QuizAttempt
from socialu.learning.services import lesson_complete, quiz_attempt_submit
from socialu.mentoring.models import CheckIn, MentorProfile
from socialu.people.models import Person
from socialu.practice.models import Attempt
from tests.certification.support import make_tier
from tests.community import makers as community_makers
from tests.factories import PersonFactory
from tests.learning.conftest import ALL_RIGHT, write_learning_curriculum
from tests.mentoring.makers import active_pairing
from tests.practice.helpers import install, learner_person, reviewed, submitted

pytestmark = pytest.mark.django_db


@dataclass
class History:
    organisation: Organisation
    person: Person


@pytest.fixture
def history(organisation: Organisation, tmp_path: Path) -> History:
    """A clean history, written through the services: a course, a quiz, two tiers, a practice review."""
    curriculum_import(organisation=organisation, folder=write_learning_curriculum(tmp_path / "curriculum"))
    make_tier(organisation, "ambassador", ("courses_passed", {"courses": ["basics"]}), rank=1)
    make_tier(
        organisation,
        "practitioner",
        ("tier_held", {"tier": "ambassador"}),
        ("min_quiz_score", {"min_percent": 90}),
        rank=2,
    )
    person = PersonFactory.create(organisation=organisation, name="Ana Silva")
    start = timezone.now() - timedelta(days=20)
    for offset, lesson in enumerate(Lesson.objects.filter(module__course__slug="basics").order_by("position")):
        lesson_complete(person=person, lesson=lesson, at=start + timedelta(hours=offset))
    quiz = Quiz.objects.get(organisation=organisation, course__slug="basics")
    quiz_attempt_submit(person=person, quiz=quiz, answers=ALL_RIGHT, at=start + timedelta(days=1))
    certificates_award(organisation=organisation, now=start + timedelta(days=2))
    mentor, _ = learner_person(organisation, "mentor@acme.example")
    reviewed(submitted(organisation, person, install(organisation)[0]), mentor)
    return History(organisation, person)


def _found(organisation: Organisation) -> dict[str, int]:
    return {
        outcome.check.key: outcome.result.count
        for outcome in consistency_report(organisation=organisation)
        if outcome.result.count
    }


def _doctor(*arguments: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("doctor", *arguments, stdout=out, stderr=err)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue(), err.getvalue()
    except CommandError as error:
        return error.returncode, out.getvalue(), f"{err.getvalue()}{error}"
    return 0, out.getvalue(), err.getvalue()


def _certificate(history: History, slug: str) -> Certificate:
    return Certificate.objects.get(person=history.person, tier__slug=slug)


def _enrolment(history: History) -> Enrolment:
    return Enrolment.objects.get(person=history.person, course_slug="basics")


def _champion_term_backwards(history: History) -> int:
    from socialu.skills.models import ChampionTerm

    today = timezone.localdate()
    ChampionTerm.objects.create(
        organisation=history.organisation,
        person=history.person,
        role="champion",
        starts_on=today,
        ends_on=today - timedelta(days=1),
    )
    return 1


def _meeting_before_start(history: History) -> int:
    pairing = active_pairing(history.organisation, mentee=history.person)
    return CheckIn.objects.filter(pairing=pairing).update(met_on=timezone.localdate() - timedelta(days=10))


def _mentor_over_capacity(history: History) -> int:
    pairing = active_pairing(history.organisation, mentor=history.person)
    return MentorProfile.objects.filter(programme=pairing.programme, person=pairing.mentor).update(capacity=0)


PLANTS: dict[str, Callable[[History], int]] = {
    "champions.terms_at_odds": _champion_term_backwards,
    "mentoring.out_of_order": _meeting_before_start,
    "mentoring.over_capacity": _mentor_over_capacity,
    "learning.completed_before_enrolled": lambda h: Enrolment.objects.filter(pk=_enrolment(h).pk).update(
        enrolled_at=F("completed_at") + timedelta(hours=1)
    ),
    "learning.lesson_before_enrolment": lambda h: LessonCompletion.objects.filter(person=h.person).update(
        completed_at=_enrolment(h).enrolled_at - timedelta(days=1)
    ),
    "learning.attempt_before_enrolment": lambda h: QuizAttempt.objects.filter(person=h.person).update(
        started_at=_enrolment(h).enrolled_at - timedelta(days=1)
    ),
    "learning.attempt_submitted_before_started": lambda h: QuizAttempt.objects.filter(person=h.person).update(
        submitted_at=F("started_at") - timedelta(minutes=1)
    ),
    "learning.completed_before_quiz_passed": lambda h: QuizAttempt.objects.filter(person=h.person).update(
        submitted_at=_enrolment(h).completed_at + timedelta(hours=1)  # type: ignore[operator]
    ),
    "learning.dated_in_the_future": lambda h: LessonCompletion.objects.filter(person=h.person).update(
        completed_at=timezone.now() + timedelta(days=2)
    ),
    "certification.before_courses": lambda h: Enrolment.objects.filter(pk=_enrolment(h).pk).update(
        completed_at=_certificate(h, "ambassador").issued_at + timedelta(days=1)
    ),
    "certification.before_tier_held": lambda h: Certificate.objects.filter(
        pk=_certificate(h, "practitioner").pk
    ).update(issued_at=_certificate(h, "ambassador").issued_at - timedelta(days=1)),
    "certification.higher_without_lower": lambda h: Certificate.objects.filter(
        pk=_certificate(h, "ambassador").pk
    ).update(revoked_at=timezone.now(), revoked_reason="Revoked by hand, without what builds on it."),
    "certification.impossible_dates": lambda h: Certificate.objects.filter(pk=_certificate(h, "ambassador").pk).update(
        expires_at=F("issued_at") - timedelta(days=1)
    ),
    "certification.renewal_without_original": lambda h: Certificate.objects.filter(
        pk=_certificate(h, "practitioner").pk
    ).update(evidence={**_certificate(h, "practitioner").evidence, "renewal_of": "NOSUCHCODE23"}),
    "practice.reviewed_before_submitted": lambda h: Attempt.objects.filter(person=h.person).update(
        reviewed_at=F("submitted_at") - timedelta(hours=1)
    ),
    "sessions.overfilled": lambda h: _session_plant(h, overfill=True),
    "sessions.waitlist_gaps": lambda h: _session_plant(h, overfill=False),
    "coaching.sessions_out_of_place": lambda h: __import__("tests.coaching.makers", fromlist=["_"]).doctor_plant(
        h.organisation, h.person
    ),
    "community.accepted_answer": lambda h: community_makers.doctor_accepted_too_early(h.person),
    "community.report_counts": lambda h: community_makers.doctor_report_count(h.person),
}


def _session_plant(history: History, *, overfill: bool) -> int:
    """Register Ana and a colleague at a one-seat session (Ana waits), then break the seats or the waitlist."""
    from socialu.sessions.models import Registration
    from socialu.sessions.services import registration_register
    from tests.factories import PersonFactory, SessionFactory

    session = SessionFactory.create(organisation=history.organisation, capacity=1)
    colleague = PersonFactory.create(organisation=history.organisation)
    registration_register(organisation=history.organisation, session_id=session.pk, person=colleague)
    registration_register(organisation=history.organisation, session_id=session.pk, person=history.person)
    ana = Registration.objects.filter(session=session, person=history.person)
    if overfill:
        return ana.update(status="confirmed", waitlist_position=None)
    return ana.update(waitlist_position=3)


def test_a_history_written_by_the_services_is_clean(history: History) -> None:
    assert Certificate.objects.filter(person=history.person).count() == 2
    assert _found(history.organisation) == {}
    status, out, _ = _doctor("--org", "acme")
    assert status == 0
    assert "Acme Ltd (acme): nothing contradicts itself" in out


def test_every_kind_of_contradiction_has_a_check() -> None:
    assert {check.key for check in consistency_checks()} == set(PLANTS)


@pytest.mark.parametrize("key", sorted(PLANTS))
def test_the_doctor_reports_each_kind_of_contradiction(history: History, key: str) -> None:
    PLANTS[key](history)

    found = _found(history.organisation)

    assert found.get(key, 0) >= 1, found
    status, out, _ = _doctor("--org", "acme", "--examples", "1")
    assert status == 1
    assert "Ana Silva" in out and "What to do:" in out


def test_the_doctor_speaks_json_and_checks_every_organisation(
    history: History, other_organisation: Organisation
) -> None:
    PLANTS["learning.completed_before_enrolled"](history)

    status, out, _ = _doctor("--json")

    assert status == 1
    report = json.loads(out)
    assert report["problems"] >= 1 and report["checks"] == len(PLANTS)
    by_slug = {entry["slug"]: entry for entry in report["organisations"]}
    assert by_slug["globex"] == {"slug": "globex", "name": "Globex Corporation", "problems": 0, "findings": []}
    finding = next(f for f in by_slug["acme"]["findings"] if f["key"] == "learning.completed_before_enrolled")
    assert finding["count"] == 1 and finding["examples"][0]["subject"].startswith("Ana Silva")
    assert finding["advice"]


def test_an_unknown_organisation_cannot_run(db: None) -> None:
    status, _, err = _doctor("--org", "nowhere")
    assert status == 3 and "There is no organisation 'nowhere'" in err
    status, out, _ = _doctor("--org", "nowhere", "--json")
    assert status == 3 and "nowhere" in json.loads(out)["error"]
