"""The requirement kinds certification provides itself: what learning records.

Each answers, for a whole organisation at once, which people meet it — a
query or two per requirement, never one per person. Other apps register
their own kinds (policy acknowledged, practice reviews passed) the same way,
from their AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from django.db.models import Exists, Max, OuterRef, Q, QuerySet

from socialu.certification.models import Certificate
from socialu.certification.requirements import (
    Parameters,
    RequirementKind,
    evaluation_moment,
    requirement_kind_register,
)
from socialu.core.models import Organisation
from socialu.curriculum.models import PathCourse, Quiz
from socialu.learning.models import Enrolment, QuizAttempt
from socialu.people.selectors import people_in

COURSES_PASSED = "courses_passed"
PATH_PASSED = "path_passed"
MIN_QUIZ_SCORE = "min_quiz_score"
TIER_HELD = "tier_held"


def _slugs(parameters: Parameters, key: str) -> list[str]:
    value = parameters.get(key) or []
    return [str(item) for item in value] if isinstance(value, list) else []


def _slug_list_problems(parameters: Parameters, key: str, *, required: bool) -> list[str]:
    value = parameters.get(key)
    if value is None or value == []:
        return [f"List at least one course slug under “{key}”."] if required else []
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        return [f"“{key}” must be a list of course slugs, for example [policy-essentials, why-social-matters]."]
    return []


def _unknown_keys(parameters: Parameters, allowed: set[str]) -> list[str]:
    unknown = sorted(set(parameters) - allowed)
    if not unknown:
        return []
    return [f"Unknown setting(s): {', '.join(unknown)}. Use only: {', '.join(sorted(allowed))}."]


def _restrict(queryset: QuerySet[Any], person_ids: Collection[int] | None, field: str = "person_id") -> QuerySet[Any]:
    return queryset if person_ids is None else queryset.filter(**{f"{field}__in": list(person_ids)})


def _completed_by_then() -> Q:
    """Enrolments completed at or before the moment requirements are checked as of."""
    return Q(completed_at__isnull=False, completed_at__lte=evaluation_moment())


# --- Courses passed ---------------------------------------------------------------------


def _courses_passed_validate(parameters: Parameters) -> list[str]:
    return _unknown_keys(parameters, {"courses"}) + _slug_list_problems(parameters, "courses", required=True)


def _courses_passed_describe(parameters: Parameters) -> str:
    return "Complete these courses: " + ", ".join(_slugs(parameters, "courses"))


def _courses_passed_meeting(
    organisation: Organisation, parameters: Parameters, person_ids: Collection[int] | None
) -> set[int]:
    slugs = set(_slugs(parameters, "courses"))
    if not slugs:
        return set()
    done: dict[int, set[str]] = {}
    rows = _restrict(
        Enrolment.objects.filter(_completed_by_then(), organisation=organisation, course_slug__in=slugs),
        person_ids,
    ).values_list("person_id", "course_slug")
    for person_id, slug in rows.iterator(chunk_size=5000):
        done.setdefault(person_id, set()).add(slug)
    return {person_id for person_id, courses in done.items() if courses >= slugs}


# --- Audience path passed ----------------------------------------------------------------


def _path_passed_validate(parameters: Parameters) -> list[str]:
    return _unknown_keys(parameters, set())


def _path_passed_describe(parameters: Parameters) -> str:
    return "Complete every required course of your audience's learning path"


def _path_passed_meeting(
    organisation: Organisation, parameters: Parameters, person_ids: Collection[int] | None
) -> set[int]:
    required = PathCourse.objects.filter(organisation=organisation, required=True)
    not_done = required.filter(path__audience=OuterRef("audience")).exclude(
        Exists(
            Enrolment.objects.filter(
                _completed_by_then(),
                organisation=organisation,
                person_id=OuterRef(OuterRef("pk")),
                course_slug=OuterRef("course_slug"),
            )
        )
    )
    with_path = required.filter(path__audience=OuterRef("audience"))
    people = (
        people_in(organisation=organisation)
        .filter(Exists(with_path))
        .exclude(Exists(not_done))
        .values_list("pk", flat=True)
    )
    return set(_restrict(people, person_ids, "pk"))


# --- Minimum quiz score ---------------------------------------------------------------------


def _min_quiz_score_validate(parameters: Parameters) -> list[str]:
    problems = _unknown_keys(parameters, {"min_percent", "courses"})
    value = parameters.get("min_percent")
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        problems.append("Set “min_percent” to a whole number from 0 to 100, for example 80.")
    return problems + _slug_list_problems(parameters, "courses", required=False)


def _min_quiz_score_describe(parameters: Parameters) -> str:
    courses = _slugs(parameters, "courses")
    where = f"in the quizzes of {', '.join(courses)}" if courses else "in every quiz you have taken"
    return f"Score at least {parameters.get('min_percent', 0)}% (your best attempt) {where}"


def _min_quiz_score_meeting(
    organisation: Organisation, parameters: Parameters, person_ids: Collection[int] | None
) -> set[int]:
    """Best submitted attempt per course quiz (any version) at or above the mark; every named quiz taken."""
    minimum = int(parameters.get("min_percent", 0))
    courses = set(_slugs(parameters, "courses"))
    attempts = QuizAttempt.objects.filter(
        organisation=organisation, submitted_at__isnull=False, submitted_at__lte=evaluation_moment()
    )
    expected: set[str] = set()
    if courses:
        attempts = attempts.filter(quiz__course__slug__in=courses)
        expected = set(
            Quiz.objects.filter(organisation=organisation, course__slug__in=courses).values_list(
                "course__slug", flat=True
            )
        )
    best: dict[int, dict[str, int]] = {}
    rows = (
        _restrict(attempts, person_ids)
        .values("person_id", "quiz__course__slug")
        .annotate(best=Max("score_percent"))
        .order_by()
    )
    for row in rows.iterator(chunk_size=5000):
        best.setdefault(row["person_id"], {})[row["quiz__course__slug"]] = row["best"] or 0
    return {
        person_id
        for person_id, scores in best.items()
        if set(scores) >= expected and all(score >= minimum for score in scores.values())
    }


# --- Another tier held ------------------------------------------------------------------------


def _tier_held_validate(parameters: Parameters) -> list[str]:
    problems = _unknown_keys(parameters, {"tier"})
    if not isinstance(parameters.get("tier"), str) or not parameters.get("tier"):
        problems.append("Set “tier” to the slug of the tier that must be held, for example practitioner.")
    return problems


def _tier_held_describe(parameters: Parameters) -> str:
    return f"Hold a current {parameters.get('tier', '')} certificate"


def certificates_held_at(organisation: Organisation, tier_slug: str, moment: datetime) -> QuerySet[Certificate]:
    """Return the certificates of the tier called *tier_slug* that were valid at *moment*."""
    return Certificate.objects.filter(
        Q(revoked_at__isnull=True) | Q(revoked_at__gt=moment),
        organisation=organisation,
        tier__slug=tier_slug,
        issued_at__lte=moment,
        expires_at__gt=moment,
    )


def _tier_held_meeting(
    organisation: Organisation, parameters: Parameters, person_ids: Collection[int] | None
) -> set[int]:
    certificates = certificates_held_at(organisation, str(parameters.get("tier", "")), evaluation_moment())
    return set(_restrict(certificates, person_ids).values_list("person_id", flat=True).distinct())


BUILT_IN_KINDS = (
    RequirementKind(
        key=COURSES_PASSED,
        label="Courses passed",
        describe=_courses_passed_describe,
        validate=_courses_passed_validate,
        people_meeting=_courses_passed_meeting,
        help="Every listed course completed: all lessons done and its quiz passed.",
        example={"courses": ["policy-essentials", "why-social-matters"]},
        as_of=True,
    ),
    RequirementKind(
        key=PATH_PASSED,
        label="Audience path passed",
        describe=_path_passed_describe,
        validate=_path_passed_validate,
        people_meeting=_path_passed_meeting,
        help="Every required course of the learning path for the person's audience completed. No settings.",
        example={},
        as_of=True,
    ),
    RequirementKind(
        key=MIN_QUIZ_SCORE,
        label="Minimum quiz score",
        describe=_min_quiz_score_describe,
        validate=_min_quiz_score_validate,
        people_meeting=_min_quiz_score_meeting,
        help=(
            "The best attempt at each quiz reaches min_percent. With courses, each of those courses' quizzes "
            "must have been taken; without, every quiz the person has taken counts."
        ),
        example={"min_percent": 80, "courses": ["policy-essentials"]},
        as_of=True,
    ),
    RequirementKind(
        key=TIER_HELD,
        label="Another tier held",
        describe=_tier_held_describe,
        validate=_tier_held_validate,
        people_meeting=_tier_held_meeting,
        help="A current (unexpired, unrevoked) certificate of another tier, named by its slug.",
        example={"tier": "practitioner"},
        as_of=True,
    ),
)


def built_in_kinds_register() -> None:
    """Add certification's own kinds to the registry."""
    for kind in BUILT_IN_KINDS:
        requirement_kind_register(kind)
