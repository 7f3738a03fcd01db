"""Reads about policies and acknowledgements, always scoped to one organisation.

A policy's *current* version is its newest. The version people must have
acknowledged is the newest one that asked everyone to acknowledge again
(version 1 always does): acknowledging it, or any minor edit after it, counts.
Coverage is counted with a few GROUP BY queries, never person by person, so it
stays fast for an organisation of a million people.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.core.spreadsheets import spreadsheet_safe
from socialu.governance.models import Acknowledgement, Policy, PolicyVersion
from socialu.people.models import Person
from socialu.people.selectors import people_in, unit_divisions

# People who have not acknowledged this many days after the version took effect are overdue.
OVERDUE_AFTER_DAYS = 14
NO_UNIT = "No unit"
_CHUNK = 5000


def policy_get(*, organisation: Organisation, slug: str) -> Policy | None:
    """Return the organisation's policy with this slug, or None."""
    return Policy.objects.filter(organisation=organisation, slug=slug).first()


def policy_versions(*, policy: Policy) -> list[PolicyVersion]:
    """Return every version of *policy*, newest first, with who published it."""
    return list(
        PolicyVersion.objects.filter(organisation_id=policy.organisation_id, policy=policy)
        .select_related("published_by")
        .order_by("-number")
    )


def version_to_acknowledge(versions: list[PolicyVersion]) -> PolicyVersion | None:
    """Return the newest version (of versions sorted newest first) that people must acknowledge."""
    for version in versions:
        if version.requires_reacknowledgement or version.number == 1:
            return version
    return versions[-1] if versions else None


def policy_applies_to(policy: Policy, person: Person) -> bool:
    """Return whether *policy* is meant for *person*'s audience (no audiences means everyone)."""
    return not policy.audiences or person.audience in policy.audiences


@dataclass
class PolicyStatus:
    """A policy, its versions and where one person (if any) stands with it."""

    policy: Policy
    versions: list[PolicyVersion]
    applies: bool = False
    acknowledgement: Acknowledgement | None = None

    @property
    def current(self) -> PolicyVersion | None:
        return self.versions[0] if self.versions else None

    @property
    def to_acknowledge(self) -> PolicyVersion | None:
        return version_to_acknowledge(self.versions)

    @property
    def pending(self) -> bool:
        """Return whether the person still has to acknowledge the current version."""
        return (
            self.applies
            and self.policy.acknowledgement_required
            and self.current is not None
            and self.acknowledgement is None
        )


def policy_statuses(*, organisation: Organisation, person: Person | None) -> list[PolicyStatus]:
    """Return every policy of the organisation with its versions and *person*'s acknowledgement."""
    policies = list(Policy.objects.filter(organisation=organisation).order_by("title", "pk"))
    versions: dict[int, list[PolicyVersion]] = {policy.pk: [] for policy in policies}
    for version in (
        PolicyVersion.objects.filter(organisation=organisation)
        .select_related("published_by")
        .order_by("policy_id", "-number")
    ):
        versions[version.policy_id].append(version)
    acknowledged: dict[int, Acknowledgement] = {}
    if person is not None:
        rows = Acknowledgement.objects.filter(organisation=organisation, person=person).order_by("acknowledged_at")
        acknowledged = {row.policy_version_id: row for row in rows}
    statuses = []
    for policy in policies:
        status = PolicyStatus(policy=policy, versions=versions[policy.pk])
        target = status.to_acknowledge
        if person is not None and target is not None:
            status.applies = policy_applies_to(policy, person)
            counting = [
                acknowledged[v.pk] for v in status.versions if v.number >= target.number and v.pk in acknowledged
            ]
            status.acknowledgement = min(counting, key=lambda row: row.acknowledged_at) if counting else None
        statuses.append(status)
    return statuses


def policy_status(*, organisation: Organisation, policy: Policy, person: Person | None) -> PolicyStatus:
    """Return *policy* with its versions and where *person* stands with it."""
    for status in policy_statuses(organisation=organisation, person=person):
        if status.policy.pk == policy.pk:
            return status
    raise LookupError(f"Policy {policy.pk} does not belong to organisation {organisation.pk}.")


def pending_policies(*, organisation: Organisation, person: Person) -> list[PolicyVersion]:
    """Return the current version of each policy *person* still has to acknowledge."""
    return [
        status.current
        for status in policy_statuses(organisation=organisation, person=person)
        if status.pending and status.current is not None
    ]


# --- Coverage ----------------------------------------------------------------------------


def _counting_version_ids(policy: Policy) -> list[int]:
    """Return the ids of the versions whose acknowledgement counts for the current version."""
    target = version_to_acknowledge(policy_versions(policy=policy))
    if target is None:
        return []
    return list(
        PolicyVersion.objects.filter(
            organisation_id=policy.organisation_id, policy=policy, number__gte=target.number
        ).values_list("pk", flat=True)
    )


def population(*, organisation: Organisation, policy: Policy) -> QuerySet[Person]:
    """Return the active people *policy* applies to."""
    people = people_in(organisation=organisation, active=True)
    if policy.audiences:
        people = people.filter(audience__in=policy.audiences)
    return people


def _acknowledged(organisation: Organisation, version_ids: list[int]) -> Exists:
    return Exists(
        Acknowledgement.objects.filter(
            organisation=organisation, person_id=OuterRef("pk"), policy_version_id__in=version_ids
        )
    )


def pending_people(*, organisation: Organisation, policy: Policy) -> QuerySet[Person]:
    """Return the active people *policy* applies to who have not acknowledged its current version."""
    return population(organisation=organisation, policy=policy).exclude(
        _acknowledged(organisation, _counting_version_ids(policy))
    )


@dataclass
class CoverageCount:
    label: str
    people: int = 0
    acknowledged: int = 0
    overdue_flag: bool = False

    @property
    def pending(self) -> int:
        return self.people - self.acknowledged

    @property
    def overdue(self) -> int:
        return self.pending if self.overdue_flag else 0

    @property
    def percent(self) -> int:
        return round(100 * self.acknowledged / self.people) if self.people else 0


@dataclass
class Coverage:
    """Who has acknowledged the current version of a policy: overall, by unit and by audience."""

    version: PolicyVersion | None
    due_on: date | None
    total: CoverageCount
    by_unit: list[CoverageCount] = field(default_factory=list)
    by_audience: list[CoverageCount] = field(default_factory=list)


def coverage(*, organisation: Organisation, policy: Policy) -> Coverage:
    """Return acknowledged, pending and overdue counts for *policy*'s current version."""
    versions = policy_versions(policy=policy)
    target = version_to_acknowledge(versions)
    due_on = target.effective_on + timedelta(days=OVERDUE_AFTER_DAYS) if target else None
    overdue = due_on is not None and timezone.localdate() > due_on
    total = CoverageCount("Everyone", overdue_flag=overdue)
    result = Coverage(version=versions[0] if versions else None, due_on=due_on, total=total)
    if target is None:
        return result
    version_ids = [version.pk for version in versions if version.number >= target.number]
    groups = (
        population(organisation=organisation, policy=policy)
        .annotate(done=_acknowledged(organisation, version_ids))
        .values("unit_id", "audience")
        .annotate(people=Count("pk"), acknowledged=Count("pk", filter=Q(done=True)))
        .order_by()
    )
    units = unit_divisions(organisation=organisation)
    audience_labels = dict(Audience.choices)
    by_unit: dict[str, CoverageCount] = {}
    by_audience: dict[str, CoverageCount] = {}
    for row in groups:
        unit_label = units.get(row["unit_id"], NO_UNIT) if row["unit_id"] else NO_UNIT
        audience_label = str(audience_labels.get(row["audience"], row["audience"]))
        for count in (
            total,
            by_unit.setdefault(unit_label, CoverageCount(unit_label, overdue_flag=overdue)),
            by_audience.setdefault(audience_label, CoverageCount(audience_label, overdue_flag=overdue)),
        ):
            count.people += row["people"]
            count.acknowledged += row["acknowledged"]
    result.by_unit = sorted(by_unit.values(), key=lambda c: (c.label == NO_UNIT, c.label.casefold()))
    order = [str(label) for label in audience_labels.values()]
    result.by_audience = sorted(by_audience.values(), key=lambda c: order.index(c.label) if c.label in order else 99)
    return result


COVERAGE_HEADERS = ["Employee ID", "Name", "Email", "Unit", "Audience", "Status", "Acknowledged at"]


def coverage_rows(*, organisation: Organisation, policy: Policy) -> Iterator[list[str]]:
    """Yield one row per person *policy* applies to, safe to open in a spreadsheet."""
    versions = policy_versions(policy=policy)
    target = version_to_acknowledge(versions)
    if target is None:
        return
    overdue = timezone.localdate() > target.effective_on + timedelta(days=OVERDUE_AFTER_DAYS)
    version_ids = [version.pk for version in versions if version.number >= target.number]
    first = (
        Acknowledgement.objects.filter(
            organisation=organisation, person_id=OuterRef("pk"), policy_version_id__in=version_ids
        )
        .order_by("acknowledged_at")
        .values("acknowledged_at")[:1]
    )
    labels = dict(Audience.choices)
    people = (
        population(organisation=organisation, policy=policy)
        .annotate(acknowledged_at=Subquery(first))
        .order_by("employee_id")
        .values_list("employee_id", "name", "email", "unit__path", "audience", "acknowledged_at")
    )
    for employee_id, name, email, unit, audience, acknowledged_at in people.iterator(chunk_size=_CHUNK):
        moment: datetime | None = acknowledged_at
        status = "Acknowledged" if moment else ("Overdue" if overdue else "Pending")
        yield [
            spreadsheet_safe(employee_id),
            spreadsheet_safe(name),
            spreadsheet_safe(email),
            spreadsheet_safe(unit or NO_UNIT),
            str(labels.get(audience, audience)),
            status,
            timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "",
        ]
