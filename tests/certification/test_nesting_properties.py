"""Properties over generated organisations: tiers nest, the register lists only people in good standing,
and the services never write a history that contradicts itself.

Each example builds an organisation's history through the real services, in time order over more than a
year: people do lessons and quizzes (some failing), acknowledge the policy, publish new versions of it,
pass practice reviews, and certificates are awarded as of moments along the way; at the end one
certificate may be revoked and everyone is checked again, now. Then, for the tiers as generated:

* when the tier editor shows no nesting warning,
  holders(Professional) ⊆ holders(Practitioner) ⊆ holders(Ambassador);
* whatever the tier settings, everyone listed in the spokesperson register (at any tier) has
  acknowledged every current policy that applies to them, and listing nests like holding;
* ``socialu doctor`` finds nothing: whatever the services were asked, they wrote nothing contradictory.

Runs on SQLite, and on PostgreSQL when DATABASE_URL points at one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from socialu.accounts.models import User
from socialu.certification.models import Certificate, Tier
from socialu.certification.nesting import nesting_warnings
from socialu.certification.requirements import requirement_kind
from socialu.certification.selectors import Standing, current_certificates, register_queryset
from socialu.certification.services import CertificationError, certificate_revoke, certificates_award
from socialu.core.consistency import consistency_report
from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.curriculum.models import Lesson, Quiz
from socialu.governance.models import Policy, PolicyVersion
from socialu.governance.policies.services import (
    GovernanceError,
    policy_acknowledge,
    policy_create,
    policy_version_publish,
)
from socialu.learning.services import LearningError, lesson_complete, quiz_attempt_submit
from socialu.people.models import Person
from socialu.practice.models import Attempt, Review, Scenario
from tests.certification.support import make_tier
from tests.factories import PersonFactory, member
from tests.learning.conftest import ALL_RIGHT
from tests.practice.helpers import FALCON, RESTOCK, install, reviewed, submitted

pytestmark = pytest.mark.django_db

ONE_WRONG = {**ALL_RIGHT, "the-scenario": [0]}  # 75%: passes basics, below Practitioner's 80%
TWO_WRONG = {**ONE_WRONG, "pick-one": [1]}  # 50%: fails
ANSWERS = {"perfect": ALL_RIGHT, "pass": ONE_WRONG, "fail": TWO_WRONG}
FAILING_REVIEW = {"clarity": 2, "tone": 2, "policy_compliance": 2, "helpfulness": 2, "platform_fit": 2}
HISTORY_DAYS = 430


@dataclass(frozen=True)
class Event:
    days_ago: int
    kind: str
    person: int
    detail: str = ""


@dataclass(frozen=True)
class Generated:
    audiences: list[str]
    practitioner_nests: bool
    professional_nests: bool
    events: list[Event]
    revoke: tuple[int, str] | None


EVENT_KINDS = ("basics_lessons", "quiz", "advanced_lesson", "acknowledge", "publish", "review", "award", "award_one")
# The order in which a person usually goes about it; each step may be skipped.
STORY = ("basics_lessons", "quiz", "acknowledge", "advanced_lesson", "review", "review")


@st.composite
def stories(draw: st.DrawFn, person: int) -> list[Event]:
    """Return one person's history: the usual steps, in order, some skipped, days to weeks apart."""
    # Often early enough that the first certificates have expired (or are about to) by now.
    day = draw(st.integers(340, HISTORY_DAYS) | st.integers(10, HISTORY_DAYS))
    events = []
    for number, kind in enumerate(STORY):
        if not draw(st.booleans()) and draw(st.booleans()):
            continue  # skipped (one time in four)
        day = max(day - draw(st.integers(0, 60)), 0)
        if kind == "quiz":
            detail = draw(st.sampled_from(["perfect", "perfect", "pass", "fail"]))
        elif kind == "review":
            detail = str(number % 2) if draw(st.integers(0, 4)) else "fail"
        else:
            detail = ""
        events.append(Event(day, kind, person, detail))
        if draw(st.booleans()):
            events.append(Event(day, "award_one", person))
    return events


@st.composite
def organisations(draw: st.DrawFn) -> Generated:
    audiences = draw(st.lists(st.sampled_from(["observer", "practitioner", "leadership"]), min_size=1, max_size=5))
    people = st.integers(0, len(audiences) - 1)
    events = [event for person in range(len(audiences)) for event in draw(stories(person))]
    # Things that happen to the whole organisation, and odd events in any order at all.
    events += draw(
        st.lists(
            st.builds(
                Event,
                days_ago=st.integers(0, HISTORY_DAYS),
                kind=st.sampled_from(["publish", "award", "award", *EVENT_KINDS]),
                person=people,
                detail=st.sampled_from(["perfect", "pass", "fail", "0", "1", "minor"]),
            ),
            max_size=12,
        )
    )
    nests = draw(
        st.sampled_from([(True, True), (True, True), (True, True), (False, True), (True, False), (False, False)])
    )
    revoke = draw(st.none() | st.tuples(people, st.sampled_from(["ambassador", "practitioner", "professional"])))
    return Generated(audiences, nests[0], nests[1], events, revoke)


class _RollbackError(Exception):
    """Raised to undo one generated organisation, so that examples do not see each other."""


@contextmanager
def rolled_back() -> Iterator[None]:
    try:
        with transaction.atomic():
            yield
            raise _RollbackError
    except _RollbackError:
        pass


@dataclass
class World:
    organisation: Organisation
    mentor: User
    scenarios: list[Scenario]
    basics_lessons: list[Lesson]
    advanced_lesson: Lesson
    quiz: Quiz


@pytest.fixture
def world(curriculum: Organisation) -> World:
    organisation = curriculum
    return World(
        organisation=organisation,
        mentor=member(organisation, Role.MENTOR, email="mentor@acme.example"),
        scenarios=install(organisation, RESTOCK, FALCON),
        basics_lessons=list(
            Lesson.objects.filter(organisation=organisation, module__course__slug="basics").order_by(
                "module__position", "position"
            )
        ),
        advanced_lesson=Lesson.objects.get(organisation=organisation, module__course__slug="advanced"),
        quiz=Quiz.objects.get(organisation=organisation, course__slug="basics"),
    )


def _tiers(organisation: Organisation, generated: Generated) -> list[Tier]:
    ambassador = make_tier(
        organisation, "ambassador", ("courses_passed", {"courses": ["basics"]}), ("policy_acknowledged", {}), rank=1
    )
    practitioner_requirements: list[tuple[str, dict[str, Any]]] = [
        ("path_passed", {}),
        ("min_quiz_score", {"min_percent": 80}),
    ]
    if generated.practitioner_nests:
        practitioner_requirements.insert(0, ("tier_held", {"tier": "ambassador"}))
    practitioner = make_tier(organisation, "practitioner", *practitioner_requirements, rank=2)
    professional_requirements: list[tuple[str, dict[str, Any]]] = [
        ("practice_reviews_passed", {"count": 2}),
        ("min_quiz_score", {"min_percent": 90}),
    ]
    if generated.professional_nests:
        professional_requirements.insert(0, ("tier_held", {"tier": "practitioner"}))
    professional = make_tier(organisation, "professional", *professional_requirements, rank=3)
    return [ambassador, practitioner, professional]


def _practice_pass(world: World, person: Person, scenario: Scenario, moment: datetime, *, passes: bool) -> None:
    attempt = submitted(world.organisation, person, scenario)
    review = reviewed(attempt, world.mentor, None if passes else FAILING_REVIEW)
    Attempt.objects.filter(pk=attempt.pk).update(
        created_at=moment - timedelta(minutes=30), submitted_at=moment - timedelta(minutes=20), reviewed_at=moment
    )
    Review.objects.filter(pk=review.pk).update(created_at=moment)


def _apply(world: World, policy: Policy, people: list[Person], event: Event, moment: datetime) -> None:
    """Do one event through the services; a refusal (a domain error) is a valid outcome."""
    organisation = world.organisation
    person = people[event.person]
    if event.kind == "basics_lessons":
        for offset, lesson in enumerate(world.basics_lessons):
            lesson_complete(person=person, lesson=lesson, at=moment + timedelta(minutes=offset))
    elif event.kind == "quiz":
        answers = ANSWERS.get(event.detail, ALL_RIGHT)
        quiz_attempt_submit(
            person=person, quiz=world.quiz, answers=answers, started_at=moment - timedelta(minutes=5), at=moment
        )
    elif event.kind == "advanced_lesson":
        lesson_complete(person=person, lesson=world.advanced_lesson, at=moment)
    elif event.kind == "acknowledge":
        current = PolicyVersion.objects.filter(policy=policy).order_by("-number").first()
        assert current is not None
        policy_acknowledge(person=person, version=current, acknowledged_at=moment)
    elif event.kind == "publish":
        version = policy_version_publish(
            policy=policy,
            summary="What changed.",
            body="The policy, again.",
            effective_on=moment.date(),
            requires_reacknowledgement=event.detail != "minor",
            user=None,
        )
        PolicyVersion.objects.filter(pk=version.pk).update(published_at=moment)
    elif event.kind == "review":
        scenario = world.scenarios[1 if event.detail == "1" else 0]
        _practice_pass(world, person, scenario, moment, passes=event.detail != "fail")
    elif event.kind == "award":
        certificates_award(organisation=organisation, now=moment)
    else:
        certificates_award(organisation=organisation, person_ids=[person.pk], now=moment)


def _holders(organisation: Organisation, slug: str) -> set[int]:
    return set(
        current_certificates(organisation=organisation).filter(tier__slug=slug).values_list("person_id", flat=True)
    )


def _check(world: World, tiers: list[Tier], people: list[Person]) -> None:
    organisation = world.organisation
    holders = {tier.slug: _holders(organisation, tier.slug) for tier in tiers}
    nested = not nesting_warnings(Tier.objects.filter(organisation=organisation).prefetch_related("requirements"))
    if nested:
        assert holders["professional"] <= holders["practitioner"] <= holders["ambassador"], holders

    kind = requirement_kind("policy_acknowledged")
    assert kind is not None
    acknowledged = kind.people_meeting(organisation, {}, [person.pk for person in people])
    listed = set(register_queryset(organisation=organisation).values_list("person_id", flat=True))
    suspended = set(
        register_queryset(organisation=organisation, standing=Standing.SUSPENDED).values_list("person_id", flat=True)
    )
    # Nobody is listed without every current policy acknowledged; nobody certified silently disappears.
    assert listed <= acknowledged
    assert not listed & suspended
    certified = set().union(*holders.values())
    assert listed | suspended == certified
    listed_holders = {slug: people_ids & listed for slug, people_ids in holders.items()}
    # What the examples covered (see --hypothesis-show-statistics).
    highest = [tier.slug for tier in tiers if holders[tier.slug]]
    event(f"highest tier held: {highest[-1] if highest else 'none'}")
    event(f"someone suspended: {bool(suspended)}")
    event(f"tiers nest: {nested}")
    if nested:
        assert listed_holders["professional"] <= listed_holders["practitioner"] <= listed_holders["ambassador"]

    # Whatever the services were asked to do, nothing they wrote contradicts itself.
    found = {
        outcome.check.key: outcome.result.examples
        for outcome in consistency_report(organisation=organisation)
        if outcome.result.count
    }
    assert not found, found


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(generated=organisations())
def test_tiers_nest_and_the_register_lists_only_people_in_good_standing(world: World, generated: Generated) -> None:
    with rolled_back():
        organisation = world.organisation
        tiers = _tiers(organisation, generated)
        now = timezone.now()
        start = now - timedelta(days=HISTORY_DAYS + 1)
        policy = policy_create(organisation=organisation, title="Social media policy")
        first = policy_version_publish(
            policy=policy,
            summary="The rules.",
            body="The policy.",
            effective_on=start.date(),
            requires_reacknowledgement=True,
            user=None,
        )
        PolicyVersion.objects.filter(pk=first.pk).update(published_at=start)
        people = [
            PersonFactory.create(organisation=organisation, audience=audience) for audience in generated.audiences
        ]
        ordered = sorted(enumerate(generated.events), key=lambda item: (-item[1].days_ago, item[0]))
        for index, event in ordered:
            moment = now - timedelta(days=event.days_ago, hours=1) + timedelta(seconds=index * 30)
            try:
                with transaction.atomic():
                    _apply(world, policy, people, event, moment)
            except (LearningError, GovernanceError, CertificationError):
                pass  # refused: the history stays as it was
        if generated.revoke is not None:
            person_index, slug = generated.revoke
            certificate = (
                current_certificates(organisation=organisation)
                .filter(person=people[person_index], tier__slug=slug)
                .first()
            )
            if certificate is not None:
                certificate_revoke(certificate=certificate, reason="Testing.", notify=False)
        certificates_award(organisation=organisation)

        _check(world, tiers, people)


def test_the_default_tiers_nest() -> None:
    """The shipped tiers say so: Practitioner requires Ambassador held, Professional requires Practitioner."""
    import yaml

    from socialu.certification.services import DEFAULT_TIERS_FILE

    tiers = yaml.safe_load(DEFAULT_TIERS_FILE.read_text(encoding="utf-8"))["tiers"]
    held = {
        tier["slug"]: [item["parameters"]["tier"] for item in tier["requirements"] if item["kind"] == "tier_held"]
        for tier in tiers
    }
    assert held == {"ambassador": [], "practitioner": ["ambassador"], "professional": ["practitioner"]}


def test_the_installed_default_tiers_raise_no_nesting_warning(organisation: Organisation) -> None:
    from socialu.certification.services import tiers_install_default

    tiers_install_default(organisation=organisation)
    assert nesting_warnings(Tier.objects.filter(organisation=organisation).prefetch_related("requirements")) == []
    assert Certificate.objects.filter(organisation=organisation).count() == 0
