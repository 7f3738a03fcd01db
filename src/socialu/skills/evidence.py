"""Evidence per person and skill, read set-based from what SocialU records, with decay.

Where evidence comes from, and what one item weighs before decay:

=====================  ==========================================================  ======
source                 item                                                        weight
=====================  ==========================================================  ======
course                 a completed course tied to one of the skill's competencies  1.0
quiz                   the best passed quiz of such a course (× score / 100)       ≤ 1.5
practice               a practice draft whose review passed (× rubric score / 5):  ≤ 3.0
                       counts for the scenario's platform, for writing, and for
                       the practice its situation calls for
pre-flight             drafts that went through the pre-flight check clean         0.5
certificate            a current certificate whose tier requires such a course     2.0
self-rating            what the person says of themselves (× level / 5)            ≤ 0.3
endorsement            a manager's (0.6) or a peer's (0.4) word                    ≤ 0.6
=====================  ==========================================================  ======

Every item is dated. Its value decays with a half-life of :data:`HALF_LIFE_DAYS`
days: evidence a year old counts half, two years a quarter. A person's score
for a skill is the sum of their items' decayed values. Self-ratings and
endorsements are *claimed*, everything else *earned*: nobody is listed as able
to help on claims alone (see :func:`listable`).

Nothing private travels: an item says *that* a review passed or a quiz was
passed and when, never the draft, the answers or a reviewer's comments.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from datetime import datetime
from typing import NamedTuple

from django.db.models import Q, QuerySet
from django.utils import timezone

from socialu.certification.models import Requirement
from socialu.certification.selectors import current_certificates
from socialu.core.models import Organisation
from socialu.curriculum.models import CourseCompetency
from socialu.learning.models import Enrolment, QuizAttempt
from socialu.practice.models import Attempt, Review
from socialu.skills.models import Endorsement, EndorsementRelation, SelfRating, Skill, SkillKind

HALF_LIFE_DAYS = 365
# Above this many people, filter in Python rather than with a long SQL IN list (SQLite limits variables).
_IN_LIMIT = 500

COURSE_WEIGHT = 1.0
QUIZ_WEIGHT = 1.5
PRACTICE_WEIGHT = 3.0
PREFLIGHT_WEIGHT = 0.5
CERTIFICATE_WEIGHT = 2.0
SELF_RATING_WEIGHT = 0.3
ENDORSEMENT_WEIGHTS = {EndorsementRelation.MANAGER: 0.6, EndorsementRelation.PEER: 0.4}

# The practice a scenario's situation exercises (every scenario also exercises writing and its platform).
WRITING_SKILL = "writing-for-social"
SITUATION_SKILLS: dict[str, str] = {
    "customer-complaint": "customer-care",
    "angry-fair-customer": "customer-care",
    "unanswerable-question": "customer-care",
    "crisis": "crisis-response",
    "outage": "crisis-response",
    "sensitive-event": "crisis-response",
    "misinformation": "crisis-response",
    "troll": "community-management",
    "competitor-jab": "community-management",
    "product-launch": "employee-advocacy",
    "recruiting": "employee-advocacy",
    "employee-news": "employee-advocacy",
    "thought-leadership": "leadership-voice",
}
# The rubric criterion that speaks most for a skill; the review's mean counts for any other.
CRITERION_FOR_SKILL: dict[str, str] = {
    WRITING_SKILL: "clarity",
    "customer-care": "helpfulness",
    "crisis-response": "policy_compliance",
    "community-management": "tone",
}
CRITERION_NAMES = {
    "clarity": "clarity",
    "tone": "tone",
    "policy_compliance": "policy compliance",
    "helpfulness": "helpfulness",
    "platform_fit": "platform fit",
}


class EvidenceKind:
    COURSE = "course"
    QUIZ = "quiz"
    PRACTICE = "practice"
    PREFLIGHT = "preflight"
    CERTIFICATE = "certificate"
    SELF_RATING = "self_rating"
    ENDORSEMENT = "endorsement"


CLAIMED_KINDS = frozenset({EvidenceKind.SELF_RATING, EvidenceKind.ENDORSEMENT})


class EvidenceItem(NamedTuple):
    """One dated piece of evidence that a person has a skill (a tuple: thousands are made per search)."""

    person_id: int
    skill_slug: str
    kind: str
    label: str
    occurred_at: datetime
    weight: float

    @property
    def earned(self) -> bool:
        """Return whether the item was earned (not merely claimed by the person or a colleague)."""
        return self.kind not in CLAIMED_KINDS

    def value(self, at: datetime) -> float:
        """Return the item's weight decayed to *at* (half-life :data:`HALF_LIFE_DAYS`)."""
        return self.weight * decay(self.occurred_at, at)


def decay(occurred_at: datetime, at: datetime) -> float:
    """Return the share of its weight evidence from *occurred_at* keeps at *at* (1 when new, ½ after a half-life)."""
    age_days = max((at - occurred_at).total_seconds() / 86400, 0.0)
    return math.pow(0.5, age_days / HALF_LIFE_DAYS)


def listable(items: Iterable[EvidenceItem]) -> bool:
    """Return whether *items* are enough to list someone: at least two, at least one earned."""
    collected = list(items)
    return len(collected) >= 2 and any(item.earned for item in collected)


# add(person id, skill slug, kind, label, when, weight): how the readers below report an item
_Add = Callable[[int, str, str, str, datetime, float], None]
# (person id, skill slug) → items
Evidence = dict[tuple[int, str], list[EvidenceItem]]


def _narrow[Q: QuerySet](queryset: Q, field: str, person_ids: Collection[int] | None) -> Q:  # type: ignore[type-arg]
    if person_ids is not None and len(person_ids) <= _IN_LIMIT:
        return queryset.filter(**{f"{field}__in": list(person_ids)})
    return queryset


def _courses_by_skill(organisation: Organisation, skills: list[Skill]) -> tuple[dict[str, set[str]], dict[str, str]]:
    """Return course slug → the skill slugs it counts for, and course slug → title."""
    skills_of_competency: dict[str, set[str]] = defaultdict(set)
    for skill in skills:
        for competency in skill.competencies or []:
            skills_of_competency[str(competency)].add(skill.slug)
    links = (
        CourseCompetency.objects.filter(organisation=organisation, competency__slug__in=list(skills_of_competency))
        .values_list("competency__slug", "course__slug", "course__title", "course__version")
        .order_by("course__version")
    )
    courses: dict[str, set[str]] = defaultdict(set)
    titles: dict[str, str] = {}
    for competency_slug, course_slug, title, _version in links:
        courses[course_slug] |= skills_of_competency[competency_slug]
        titles[course_slug] = title  # the newest version's title wins (ordered by version)
    return courses, titles


def evidence_collect(
    *,
    organisation: Organisation,
    skills: list[Skill],
    person_ids: Collection[int] | None = None,
) -> Evidence:
    """Return every evidence item for *skills* (and *person_ids*, default everyone), grouped by person and skill."""
    wanted = {skill.slug for skill in skills}
    allowed = set(person_ids) if person_ids is not None else None
    evidence: Evidence = defaultdict(list)

    def add(person_id: int, skill_slug: str, kind: str, label: str, occurred_at: datetime, weight: float) -> None:
        if skill_slug in wanted and (allowed is None or person_id in allowed):
            evidence[(person_id, skill_slug)].append(
                EvidenceItem(person_id, skill_slug, kind, label, occurred_at, weight)
            )

    courses, titles = _courses_by_skill(organisation, skills)
    if courses:
        _learning(organisation, courses, titles, person_ids, add)
        _certificates(organisation, courses, person_ids, add)
    _practice(organisation, wanted, person_ids, add)
    _claims(organisation, wanted, person_ids, add)
    return dict(evidence)


def _learning(
    organisation: Organisation,
    courses: dict[str, set[str]],
    titles: dict[str, str],
    person_ids: Collection[int] | None,
    add: _Add,
) -> None:
    completions = _narrow(
        Enrolment.objects.filter(organisation=organisation, completed_at__isnull=False, course_slug__in=list(courses)),
        "person_id",
        person_ids,
    ).values_list("person_id", "course_slug", "completed_at")
    for person_id, course_slug, completed_at in completions:
        if completed_at is None:
            continue
        for skill_slug in courses[course_slug]:
            add(
                person_id,
                skill_slug,
                EvidenceKind.COURSE,
                f"Completed the course “{titles[course_slug]}”",
                completed_at,
                COURSE_WEIGHT,
            )
    best: dict[tuple[int, str], tuple[int, datetime]] = {}
    attempts = _narrow(
        QuizAttempt.objects.filter(organisation=organisation, passed=True, quiz__course__slug__in=list(courses)),
        "person_id",
        person_ids,
    ).values_list("person_id", "quiz__course__slug", "score_percent", "submitted_at")
    for person_id, course_slug, score, submitted_at in attempts:
        key = (person_id, course_slug)
        if submitted_at is not None and (key not in best or (score or 0) > best[key][0]):
            best[key] = (score or 0, submitted_at)
    for (person_id, course_slug), (score, submitted_at) in best.items():
        for skill_slug in courses[course_slug]:
            add(
                person_id,
                skill_slug,
                EvidenceKind.QUIZ,
                f"Passed the quiz of “{titles[course_slug]}” with {score}%",
                submitted_at,
                QUIZ_WEIGHT * score / 100,
            )


def _certificates(
    organisation: Organisation, courses: dict[str, set[str]], person_ids: Collection[int] | None, add: _Add
) -> None:
    skills_of_tier: dict[int, set[str]] = defaultdict(set)
    for tier_id, parameters in Requirement.objects.filter(organisation=organisation).values_list(
        "tier_id", "parameters"
    ):
        for course_slug in (parameters or {}).get("courses", []) or []:
            skills_of_tier[tier_id] |= courses.get(str(course_slug), set())
    if not skills_of_tier:
        return
    certificates = _narrow(
        current_certificates(organisation=organisation).filter(tier_id__in=list(skills_of_tier)),
        "person_id",
        person_ids,
    ).values_list("person_id", "tier_id", "tier_name", "issued_at")
    for person_id, tier_id, tier_name, issued_at in certificates:
        for skill_slug in skills_of_tier[tier_id]:
            add(
                person_id,
                skill_slug,
                EvidenceKind.CERTIFICATE,
                f"Holds the certificate “{tier_name}”",
                issued_at,
                CERTIFICATE_WEIGHT,
            )


def _scenario_filter(wanted: set[str], prefix: str) -> Q:
    """Return the condition on scenarios that can speak for *wanted* skills (everything when writing is wanted)."""
    if WRITING_SKILL in wanted:
        return Q()
    situations = [situation for situation, slug in SITUATION_SKILLS.items() if slug in wanted]
    return Q(**{f"{prefix}scenario__platform__in": list(wanted)}) | Q(
        **{f"{prefix}scenario__situation_type__in": situations}
    )


def _practice(organisation: Organisation, wanted: set[str], person_ids: Collection[int] | None, add: _Add) -> None:
    reviews = (
        _narrow(
            Review.objects.filter(organisation=organisation, passed=True, decisive=True, attempt__passed=True).filter(
                _scenario_filter(wanted, "attempt__")
            ),
            "attempt__person_id",
            person_ids,
        )
        .values_list(
            "attempt_id",
            "attempt__person_id",
            "attempt__scenario__title",
            "attempt__scenario__platform",
            "attempt__scenario__situation_type",
            "created_at",
            "mean_score",
            *CRITERION_NAMES,
        )
        .order_by("attempt_id", "-created_at")
    )
    seen: set[int] = set()
    for attempt_id, person_id, title, platform, situation, reviewed_at, mean, *scores in reviews:
        if attempt_id in seen:
            continue  # the latest deciding review speaks for the attempt
        seen.add(attempt_id)
        by_criterion = dict(zip(CRITERION_NAMES, scores, strict=True))
        targets = {WRITING_SKILL: CRITERION_FOR_SKILL[WRITING_SKILL], platform: "platform_fit"}
        practice_skill = SITUATION_SKILLS.get(situation)
        if practice_skill:
            targets[practice_skill] = CRITERION_FOR_SKILL.get(practice_skill, "")
        for skill_slug, criterion in targets.items():
            score = float(by_criterion[criterion]) if criterion else float(mean)
            named = f"{CRITERION_NAMES[criterion]} {score:g}/5" if criterion else f"mean {score:.1f}/5"
            add(
                person_id,
                skill_slug,
                EvidenceKind.PRACTICE,
                f"Practice review passed: “{title}” ({named})",
                reviewed_at,
                PRACTICE_WEIGHT * score / 5,
            )
    clean: dict[tuple[int, str], list[datetime]] = defaultdict(list)
    checked = _narrow(
        Attempt.objects.filter(organisation=organisation, submitted_at__isnull=False, verdict="pass").filter(
            Q(scenario__platform__in=list(wanted)) if WRITING_SKILL not in wanted else Q()
        ),
        "person_id",
        person_ids,
    ).values_list("person_id", "scenario__platform", "submitted_at")
    for person_id, platform, submitted_at in checked:
        if submitted_at is not None:
            clean[(person_id, platform)].append(submitted_at)
    for (person_id, platform), moments in clean.items():
        count = len(moments)
        label = f"{count} draft{'s' if count != 1 else ''} passed the pre-flight check clean"
        for skill_slug in (platform, WRITING_SKILL):
            add(person_id, skill_slug, EvidenceKind.PREFLIGHT, label, max(moments), PREFLIGHT_WEIGHT)


def _claims(organisation: Organisation, wanted: set[str], person_ids: Collection[int] | None, add: _Add) -> None:
    ratings = _narrow(
        SelfRating.objects.filter(organisation=organisation, skill__slug__in=list(wanted)), "person_id", person_ids
    ).values_list("person_id", "skill__slug", "level", "rated_at")
    for person_id, skill_slug, level, rated_at in ratings:
        add(
            person_id,
            skill_slug,
            EvidenceKind.SELF_RATING,
            f"Rates themselves {level} of 5",
            rated_at,
            SELF_RATING_WEIGHT * level / 5,
        )
    endorsements = _narrow(
        Endorsement.objects.filter(organisation=organisation, skill__slug__in=list(wanted)), "person_id", person_ids
    ).values_list("person_id", "skill__slug", "relation", "created_at")
    for person_id, skill_slug, relation, created_at in endorsements:
        who = "their manager" if relation == EndorsementRelation.MANAGER else "a colleague"
        add(
            person_id,
            skill_slug,
            EvidenceKind.ENDORSEMENT,
            f"Endorsed by {who}",
            created_at,
            ENDORSEMENT_WEIGHTS[EndorsementRelation(relation)],
        )


def score(items: Iterable[EvidenceItem], *, at: datetime | None = None) -> float:
    """Return the decayed sum of *items* at *at* (default now)."""
    moment = at or timezone.now()
    return sum(item.value(moment) for item in items)


def platform_skills(skills: Iterable[Skill]) -> list[Skill]:
    """Return the platform skills among *skills*."""
    return [skill for skill in skills if skill.kind == SkillKind.PLATFORM]
