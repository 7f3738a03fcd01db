"""Read-only queries over tiers, certificates and the spokesperson register."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from socialu.certification.awarding import code_normalise, people_meeting_tier, reminder_opens_at
from socialu.certification.kinds import COURSES_PASSED, PATH_PASSED
from socialu.certification.models import Certificate, Requirement, Tier
from socialu.certification.nesting import NestingWarning, nesting_warnings
from socialu.certification.requirements import requirement_kind
from socialu.certification.standing import PersonStanding, standings, suspended_filter
from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.core.spreadsheets import spreadsheet_safe
from socialu.curriculum.models import PathCourse
from socialu.curriculum.selectors import current_courses
from socialu.learning.models import Enrolment
from socialu.people.models import Person, Unit
from socialu.people.selectors import unit_subtree_ids

# The register marks people whose certification ends within this many days.
EXPIRING_SOON_DAYS = 30


def current_certificates(*, organisation: Organisation, at: datetime | None = None) -> QuerySet[Certificate]:
    """Certificates of *organisation* that are valid at *at* (default now): issued, unexpired, not revoked."""
    moment = at or timezone.now()
    return Certificate.objects.filter(
        organisation=organisation, revoked_at__isnull=True, issued_at__lte=moment, expires_at__gt=moment
    )


def certified_person_ids(*, organisation: Organisation, person_ids: Collection[int] | None = None) -> set[int]:
    """Return which of *person_ids* (default: everyone) hold a current certificate of any tier."""
    certificates = current_certificates(organisation=organisation)
    if person_ids is not None:
        certificates = certificates.filter(person_id__in=list(person_ids))
    return set(certificates.values_list("person_id", flat=True).distinct())


class CertificateStatus(StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    REVOKED = "revoked"


def certificate_status(certificate: Certificate, *, at: datetime | None = None) -> CertificateStatus:
    """Return whether a certificate is valid, expired or revoked at *at* (default now)."""
    moment = at or timezone.now()
    if certificate.revoked_at is not None:
        return CertificateStatus.REVOKED
    if certificate.expires_at <= moment:
        return CertificateStatus.EXPIRED
    return CertificateStatus.VALID


# --- Tiers -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequirementView:
    requirement: Requirement
    label: str
    description: str
    available: bool


@dataclass(frozen=True)
class TierView:
    tier: Tier
    requirements: tuple[RequirementView, ...]
    holders: int


def requirement_view(requirement: Requirement) -> RequirementView:
    """Describe a requirement in words; a kind nobody provides is "not available yet"."""
    kind = requirement_kind(requirement.kind)
    if kind is None:
        return RequirementView(requirement, requirement.kind.replace("_", " ").capitalize(), "", available=False)
    return RequirementView(requirement, kind.label, kind.describe(requirement.parameters), available=True)


def tier_list(*, organisation: Organisation, active_only: bool = False) -> list[TierView]:
    """Return the organisation's tiers by rank with their requirements and how many people hold each now."""
    tiers = Tier.objects.filter(organisation=organisation).prefetch_related("requirements")
    if active_only:
        tiers = tiers.filter(is_active=True)
    holders: dict[int, int] = dict(
        current_certificates(organisation=organisation)
        .values("tier_id")
        .annotate(people=Count("person_id", distinct=True))
        .order_by()
        .values_list("tier_id", "people")
    )
    return [
        TierView(
            tier=tier,
            requirements=tuple(requirement_view(r) for r in tier.requirements.all()),
            holders=holders.get(tier.pk, 0),
        )
        for tier in tiers.order_by("rank", "pk")
    ]


def tier_nesting_warnings(*, organisation: Organisation) -> list[NestingWarning]:
    """Return where the organisation's active tiers would let someone hold a higher tier without a lower one."""
    return nesting_warnings(Tier.objects.filter(organisation=organisation).prefetch_related("requirements"))


def tier_get(*, organisation: Organisation, slug: str) -> Tier | None:
    return Tier.objects.filter(organisation=organisation, slug=slug).first()


def requirement_get(*, tier: Tier, requirement_id: int) -> Requirement | None:
    return Requirement.objects.filter(organisation_id=tier.organisation_id, tier=tier, pk=requirement_id).first()


# --- Certificates ---------------------------------------------------------------------------


def certificate_get(*, organisation: Organisation, certificate_id: int) -> Certificate | None:
    return (
        Certificate.objects.filter(organisation=organisation, pk=certificate_id)
        .select_related("person", "tier", "revoked_by")
        .first()
    )


def certificate_by_code(*, code: str, organisation: Organisation | None = None) -> Certificate | None:
    """Return the certificate with this verification code (dashes and case ignored), or None."""
    normalised = code_normalise(code)
    if not normalised or len(normalised) > 24:
        return None
    certificates = Certificate.objects.filter(code=normalised)
    if organisation is not None:
        certificates = certificates.filter(organisation=organisation)
    return certificates.select_related("tier").first()


def certificate_search(
    *, organisation: Organisation, tier_slug: str = "", status: str = "", query: str = ""
) -> QuerySet[Certificate]:
    """Return the organisation's certificates, newest first, filtered by tier, status and holder or code."""
    now = timezone.now()
    certificates = Certificate.objects.filter(organisation=organisation).select_related("tier")
    if tier_slug:
        certificates = certificates.filter(tier__slug=tier_slug)
    if status == CertificateStatus.VALID:
        certificates = certificates.filter(revoked_at__isnull=True, expires_at__gt=now)
    elif status == CertificateStatus.EXPIRED:
        certificates = certificates.filter(revoked_at__isnull=True, expires_at__lte=now)
    elif status == CertificateStatus.REVOKED:
        certificates = certificates.filter(revoked_at__isnull=False)
    elif status == "expiring":
        certificates = certificates.filter(
            revoked_at__isnull=True, expires_at__gt=now, expires_at__lte=now + timedelta(days=EXPIRING_SOON_DAYS)
        )
    if query.strip():
        text = query.strip()
        certificates = certificates.filter(Q(holder_name__icontains=text) | Q(code=code_normalise(text)))
    return certificates.order_by("-issued_at", "-pk")


# --- My certificates ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CourseLeft:
    slug: str
    title: str


@dataclass(frozen=True)
class RequirementProgress:
    view: RequirementView
    met: bool | None  # None: cannot be checked yet
    courses_left: tuple[CourseLeft, ...] = ()


@dataclass(frozen=True)
class TierProgress:
    tier: Tier
    current: Certificate | None
    latest: Certificate | None
    requirements: tuple[RequirementProgress, ...]
    can_recertify: bool
    renewal_opens_at: datetime | None

    @property
    def left(self) -> int:
        return sum(1 for item in self.requirements if item.met is False)

    @property
    def revoked(self) -> bool:
        return self.latest is not None and self.latest.revoked_at is not None


def _courses_left(organisation: Organisation, person: Person) -> Callable[[Requirement], tuple[CourseLeft, ...]]:
    """Return a function naming the courses a course requirement still needs from *person*, in order."""
    done = set(
        Enrolment.objects.filter(organisation=organisation, person=person, completed_at__isnull=False).values_list(
            "course_slug", flat=True
        )
    )
    path = list(
        PathCourse.objects.filter(organisation=organisation, path__audience=person.audience, required=True)
        .order_by("position")
        .values_list("course_slug", flat=True)
    )
    titles = dict(current_courses(organisation=organisation).values_list("slug", "title"))

    def left(requirement: Requirement) -> tuple[CourseLeft, ...]:
        if requirement.kind == COURSES_PASSED:
            wanted = [str(slug) for slug in requirement.parameters.get("courses") or []]
        elif requirement.kind == PATH_PASSED:
            wanted = path
        else:
            return ()
        return tuple(CourseLeft(slug, titles.get(slug, slug)) for slug in wanted if slug not in done)

    return left


def my_certification(*, organisation: Organisation, person: Person) -> list[TierProgress]:
    """Return, per active tier, the person's current certificate and each requirement met or not."""
    now = timezone.now()
    mine = list(Certificate.objects.filter(organisation=organisation, person=person).order_by("issued_at", "pk"))
    left = _courses_left(organisation, person)
    result = []
    for view in tier_list(organisation=organisation, active_only=True):
        tier = view.tier
        held = [c for c in mine if c.tier_id == tier.pk]
        latest = held[-1] if held else None
        current = next((c for c in reversed(held) if certificate_status(c, at=now) == CertificateStatus.VALID), None)
        progress = []
        for item in view.requirements:
            met: bool | None = None
            kind = requirement_kind(item.requirement.kind)
            if kind is not None:
                met = person.pk in kind.people_meeting(organisation, item.requirement.parameters, [person.pk])
            progress.append(RequirementProgress(view=item, met=met, courses_left=() if met else left(item.requirement)))
        opens = reminder_opens_at(latest, tier) if latest is not None and latest.revoked_at is None else None
        result.append(
            TierProgress(
                tier=tier,
                current=current,
                latest=latest,
                requirements=tuple(progress),
                can_recertify=opens is not None and now >= opens,
                renewal_opens_at=opens,
            )
        )
    return result


def tier_candidates(*, organisation: Organisation, tier: Tier) -> int:
    """Return how many people meet every checkable requirement of *tier* right now."""
    return len(people_meeting_tier(organisation=organisation, tier=tier, person_ids=None) or set())


# --- The spokesperson register ---------------------------------------------------------------


class Standing(StrEnum):
    """Where a certified person stands in the register."""

    LISTED = "listed"
    SUSPENDED = "suspended"


@dataclass(frozen=True)
class RegisterEntry:
    person_id: int
    name: str
    email: str
    unit: str
    audience: str
    tier_name: str
    tier_slug: str
    rank: int
    valid_until: datetime
    code: str
    expiring_soon: bool
    # Listed, or suspended until something outstanding (such as a policy to acknowledge) is done.
    standing: Standing = Standing.LISTED
    standing_label: str = "Listed"
    outstanding: tuple[str, ...] = ()


REGISTER_HEADERS = [
    "Name",
    "Email",
    "Unit",
    "Audience",
    "Tier",
    "Valid until",
    "Expires within 30 days",
    "Code",
    "Standing",
    "Outstanding",
]


def register_queryset(
    *,
    organisation: Organisation,
    unit: Unit | None = None,
    audience: str = "",
    tier_slug: str = "",
    standing: str = Standing.LISTED,
) -> QuerySet[Certificate]:
    """Return, for each active person, the certificate of their highest current tier, ordered by name.

    Only people with nothing outstanding are *listed* (for example, every
    current policy that applies to them acknowledged); with ``standing=
    "suspended"``, return the certified people held back until they catch up
    instead. Counting and paging happen in the database, so the register of a
    very large organisation costs one page of rows. Filter by a unit (and every
    unit below it), by audience, and by the tier that is highest.
    """
    current = current_certificates(organisation=organisation)
    # A person's certificate is their best when no current one of theirs ranks higher (or, at
    # the same rank, lasts longer): then each person appears once.
    better = current.filter(person_id=OuterRef("person_id")).filter(
        Q(tier__rank__gt=OuterRef("tier__rank"))
        | Q(tier__rank=OuterRef("tier__rank"), expires_at__gt=OuterRef("expires_at"))
        | Q(tier__rank=OuterRef("tier__rank"), expires_at=OuterRef("expires_at"), pk__gt=OuterRef("pk"))
    )
    top = current.filter(person__is_active=True).exclude(Exists(better))
    held_back = suspended_filter(organisation)
    top = top.filter(held_back) if standing == Standing.SUSPENDED else top.exclude(held_back)
    if unit is not None:
        top = top.filter(person__unit_id__in=unit_subtree_ids(organisation=organisation, unit=unit))
    if audience:
        top = top.filter(person__audience=audience)
    if tier_slug:
        top = top.filter(tier__slug=tier_slug)
    return top.select_related("person", "person__unit", "tier").order_by("person__name", "person_id")


def register_entry(
    certificate: Certificate, *, now: datetime | None = None, standing: PersonStanding | None = None
) -> RegisterEntry:
    """Describe one row of the register (*standing*: what keeps the person out of it, if anything)."""
    soon = (now or timezone.now()) + timedelta(days=EXPIRING_SOON_DAYS)
    person = certificate.person
    suspended = standing is not None and standing.suspended
    return RegisterEntry(
        person_id=person.pk,
        name=person.name,
        email=person.email,
        unit=person.unit.path if person.unit is not None else "",
        audience=str(dict(Audience.choices).get(person.audience, person.audience)),
        tier_name=certificate.tier.name,
        tier_slug=certificate.tier.slug,
        rank=certificate.tier.rank,
        valid_until=certificate.expires_at,
        code=certificate.code,
        expiring_soon=certificate.expires_at <= soon,
        standing=Standing.SUSPENDED if suspended else Standing.LISTED,
        standing_label=", ".join(standing.labels) if standing is not None and suspended else "Listed",
        outstanding=tuple(standing.texts) if standing is not None else (),
    )


def register_entries_for(
    *, organisation: Organisation, certificates: Iterable[Certificate], standing: str = Standing.LISTED
) -> Iterator[RegisterEntry]:
    """Yield the register entries of *certificates* (from :func:`register_queryset`), a few queries per 500."""
    now = timezone.now()
    batch: list[Certificate] = []

    def flush() -> Iterator[RegisterEntry]:
        found = standings(organisation, [c.person_id for c in batch]) if standing == Standing.SUSPENDED else {}
        for certificate in batch:
            yield register_entry(certificate, now=now, standing=found.get(certificate.person_id))
        batch.clear()

    for certificate in certificates:
        batch.append(certificate)
        if len(batch) >= 500:
            yield from flush()
    yield from flush()


def register_expiring_count(certificates: QuerySet[Certificate]) -> int:
    """Return how many of the register's certificates end within ``EXPIRING_SOON_DAYS``."""
    return certificates.filter(expires_at__lte=timezone.now() + timedelta(days=EXPIRING_SOON_DAYS)).count()


def register_entries(
    *,
    organisation: Organisation,
    unit: Unit | None = None,
    audience: str = "",
    tier_slug: str = "",
    standing: str = Standing.LISTED,
) -> list[RegisterEntry]:
    """Return the whole register (see :func:`register_queryset`) as entries."""
    certificates = register_queryset(
        organisation=organisation, unit=unit, audience=audience, tier_slug=tier_slug, standing=standing
    )
    return list(
        register_entries_for(
            organisation=organisation, certificates=certificates.iterator(chunk_size=2000), standing=standing
        )
    )


def my_standing(*, organisation: Organisation, person: Person) -> PersonStanding | None:
    """Return what keeps *person* out of the register although they hold a current certificate, or None."""
    if not person.is_active or not current_certificates(organisation=organisation).filter(person=person).exists():
        return None
    return standings(organisation, [person.pk]).get(person.pk)


def register_rows(entries: Iterable[RegisterEntry]) -> Iterator[list[str]]:
    """Yield the register as spreadsheet rows, safe to open in a spreadsheet."""
    for entry in entries:
        yield [
            spreadsheet_safe(entry.name),
            spreadsheet_safe(entry.email),
            spreadsheet_safe(entry.unit),
            entry.audience,
            spreadsheet_safe(entry.tier_name),
            timezone.localtime(entry.valid_until).date().isoformat(),
            "yes" if entry.expiring_soon else "no",
            entry.code,
            entry.standing_label,
            spreadsheet_safe("; ".join(entry.outstanding)),
        ]
