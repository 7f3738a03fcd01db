"""Reads for strategy documents, and the facts about an organisation a draft is written from."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.db.models import QuerySet
from django.utils import timezone

from socialu.certification.selectors import certified_person_ids
from socialu.core.models import Organisation, RoleAssignment
from socialu.core.roles import Role
from socialu.curriculum.coursefiles.specs import CurriculumSpec
from socialu.curriculum.models import CourseStatus
from socialu.curriculum.selectors import curriculum_spec
from socialu.governance.policies import selectors as governance_selectors
from socialu.governance.registry.selectors import registry_accounts
from socialu.people.selectors import home_summary
from socialu.readiness import selectors as readiness_selectors
from socialu.readiness.models import Assessment
from socialu.readiness.recommending import RECOMMENDED
from socialu.strategy import resourcing
from socialu.strategy.facts import (
    CompetencyFact,
    DimensionFact,
    Kpi,
    ReadinessFacts,
    RoleFact,
    Section,
    StrategyFacts,
)
from socialu.strategy.models import StrategyDocument, StrategyVersion

# Which curriculum components build each readiness dimension: a weak dimension puts the
# weight on the competencies those components teach.
DIMENSION_COMPONENTS: dict[str, frozenset[str]] = {
    "direction": frozenset({"business-case", "goals", "measurement"}),
    "audience": frozenset({"business-use", "feedback"}),
    "organisation": frozenset({"culture", "roles", "escalation"}),
    "governance": frozenset({"guidelines", "escalation"}),
    "capability": frozenset({"systems", "roles", "feedback"}),
}


# --- Documents and versions --------------------------------------------------------------------


def documents_list(*, organisation: Organisation) -> QuerySet[StrategyDocument]:
    """Return the organisation's strategy documents, newest first, with their source assessment."""
    return StrategyDocument.objects.filter(organisation=organisation).select_related("assessment")


def document_get(*, organisation: Organisation, document_id: int) -> StrategyDocument | None:
    return documents_list(organisation=organisation).filter(pk=document_id).first()


def document_latest(*, organisation: Organisation) -> StrategyDocument | None:
    return documents_list(organisation=organisation).first()


def versions_list(*, document: StrategyDocument) -> QuerySet[StrategyVersion]:
    """Return every version of *document*, newest first, with who saved it."""
    return StrategyVersion.objects.filter(organisation_id=document.organisation_id, document=document).select_related(
        "saved_by"
    )


def version_get(*, document: StrategyDocument, number: int | None = None) -> StrategyVersion | None:
    """Return version *number* of *document*, or its newest version when *number* is None."""
    versions = versions_list(document=document)
    if number is not None:
        return versions.filter(number=number).first()
    return versions.first()


@dataclass(frozen=True)
class DocumentView:
    """One version of a document laid out for a page or an export."""

    document: StrategyDocument
    version: StrategyVersion
    latest_number: int
    organisation_name: str
    estimate: resourcing.Estimate
    sections: list[Section]
    kpis: list[Kpi]

    @property
    def is_latest(self) -> bool:
        return self.version.number == self.latest_number

    @property
    def currency(self) -> str:
        return self.estimate.assumptions.currency


def document_view(*, document: StrategyDocument, number: int | None = None) -> DocumentView | None:
    """Return *document* at version *number* (default: the newest), or None if there is no such version."""
    version = version_get(document=document, number=number)
    latest = version_get(document=document)
    if version is None or latest is None:
        return None
    estimate, _ = resourcing.from_dict(version.resourcing)
    return DocumentView(
        document=document,
        version=version,
        latest_number=latest.number,
        organisation_name=document.organisation.name,
        estimate=estimate,
        sections=cast(list[Section], list(version.sections)),
        kpis=cast(list[Kpi], list(version.kpis)),
    )


# --- Facts a draft is written from ---------------------------------------------------------------


def audience_inputs(
    *, organisation: Organisation, spec: CurriculumSpec | None = None
) -> tuple[resourcing.AudienceInput, ...]:
    """Return each audience's active headcount and the minutes of the required courses on its path."""
    summary = home_summary(organisation=organisation)
    spec = spec or curriculum_spec(organisation=organisation)
    courses = {course.slug: course for course in spec.courses if course.status != CourseStatus.RETIRED}
    minutes: dict[str, int] = {}
    for path in spec.paths:
        minutes[path.audience] = sum(
            courses[step.course].estimated_minutes for step in path.courses if step.required and step.course in courses
        )
    return tuple(
        resourcing.AudienceInput(
            audience=row.audience, label=row.label, headcount=row.people, path_minutes=minutes.get(row.audience, 0)
        )
        for row in summary.audiences
    )


def assumptions_of(document: StrategyDocument) -> resourcing.Assumptions:
    return resourcing.Assumptions(
        target_percent=Decimal(document.target_percent),
        session_hours=document.session_hours,
        group_size=document.group_size,
        coaching_hours_per_leader=document.coaching_hours_per_leader,
        cost_per_hour=document.cost_per_hour,
        currency=document.currency,
    )


def readiness_facts(*, assessment: Assessment) -> ReadinessFacts | None:
    """Return what the assessment found, or None when nobody has answered it or its results are withheld."""
    results = readiness_selectors.assessment_results(assessment=assessment)
    if not results.score.respondents or results.withheld:
        return None
    return ReadinessFacts(
        title=assessment.title,
        respondents=results.score.respondents,
        index=results.score.index,
        level_title=results.score.level.title,
        level_description=results.score.level.description,
        dimensions=tuple(
            DimensionFact(
                slug=row.dimension.slug, title=row.dimension.title, score=row.score.score if row.score else None
            )
            for row in results.dimensions
        ),
        disagreements=tuple(d.message for d in results.score.disagreements),
        next_steps=tuple(step.text for step in results.recommendations.next_steps),
        recommended_formats=tuple(f.title for f in results.recommendations.training_mix if f.status == RECOMMENDED),
    )


def _competencies(spec: CurriculumSpec, readiness: ReadinessFacts | None) -> tuple[bool, list[CompetencyFact]]:
    if not spec.courses:
        return False, []
    components = {component.number: component.slug for component in spec.components}
    weak = {d.slug: d for d in readiness.focus} if readiness is not None else {}
    on_paths = {step.course for path in spec.paths for step in path.courses}
    taught: dict[str, list[tuple[str, str]]] = {}  # competency slug → (course title, component slug)
    for course in spec.courses:
        if course.slug in on_paths and course.status != CourseStatus.RETIRED:
            for slug in course.competencies:
                taught.setdefault(slug, []).append((course.title, components.get(course.component, "")))
    facts = []
    for competency in spec.competencies:
        if competency.slug not in taught:
            continue
        component_slugs = {component for _, component in taught[competency.slug]}
        reasons = [
            f"{dimension.title.lower()} scored {dimension.score:.0f}"
            for slug, dimension in weak.items()
            if component_slugs & DIMENSION_COMPONENTS.get(slug, frozenset())
        ]
        facts.append(
            CompetencyFact(
                name=competency.name,
                description=competency.description,
                courses=tuple(dict.fromkeys(title for title, _ in taught[competency.slug])),
                emphasised=bool(reasons),
                reason="; ".join(reasons),
            )
        )
    return True, facts


def _acknowledgement_percent(organisation: Organisation) -> tuple[tuple[str, ...], int | None]:
    titles: list[str] = []
    people = acknowledged = 0
    for status in governance_selectors.policy_statuses(organisation=organisation, person=None):
        if status.current is None:
            continue
        titles.append(status.policy.title)
        if status.policy.acknowledgement_required:
            total = governance_selectors.coverage(organisation=organisation, policy=status.policy).total
            people += total.people
            acknowledged += total.acknowledged
    return tuple(titles), (round(100 * acknowledged / people) if people else None)


def strategy_facts(
    *, organisation: Organisation, assessment: Assessment | None, assumptions: resourcing.Assumptions
) -> tuple[StrategyFacts, tuple[resourcing.AudienceInput, ...]]:
    """Gather everything a first draft is written from, and the audience inputs of its estimate."""
    spec = curriculum_spec(organisation=organisation)
    audiences = audience_inputs(organisation=organisation, spec=spec)
    estimate = resourcing.estimate(audiences, assumptions)
    readiness = readiness_facts(assessment=assessment) if assessment is not None else None
    has_curriculum, competencies = _competencies(spec, readiness)
    role_counts = Counter(
        RoleAssignment.objects.filter(organisation=organisation).order_by().values_list("role", flat=True)
    )
    accounts = list(registry_accounts(organisation=organisation).exclude(status="retired"))
    policies, acknowledgement = _acknowledgement_percent(organisation)
    active = sum(row.headcount for row in audiences)
    facts = StrategyFacts(
        organisation=organisation.name,
        today=timezone.localdate(),
        active_people=active,
        target_percent=int(assumptions.target_percent),
        estimate=estimate,
        readiness=readiness,
        has_curriculum=has_curriculum,
        competencies=tuple(competencies),
        roles=tuple(RoleFact(label=str(label), members=role_counts.get(value, 0)) for value, label in Role.choices),
        accounts=len(accounts),
        accounts_with_owner=sum(1 for account in accounts if account.owner_id is not None),
        accounts_with_backup=sum(1 for account in accounts if account.backup_owner_id is not None),
        policies=policies,
        certified=min(active, len(certified_person_ids(organisation=organisation))),
        acknowledgement_percent=acknowledgement,
    )
    return facts, audiences


def version_summary(version: StrategyVersion) -> dict[str, Any]:
    """Return the plain facts about a version for the API and the history page."""
    return {
        "number": version.number,
        "saved_at": version.saved_at,
        "saved_by": version.saved_by.email if version.saved_by else "",
        "note": version.note,
    }
