"""Reads about units and people, always scoped to one organisation."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet

from socialu.core.models import Organisation, RoleAssignment
from socialu.people.models import UNIT_PATH_SEPARATOR, Person, RosterImportJob, Unit


@dataclass(frozen=True)
class HomeSummary:
    active_people: int
    inactive_people: int
    external_partners: int
    units: int
    members: int


def home_summary(*, organisation: Organisation) -> HomeSummary:
    """Return the headline numbers shown on an organisation's home page."""
    counts = Person.objects.filter(organisation=organisation).aggregate(
        active=Count("pk", filter=Q(is_active=True)),
        inactive=Count("pk", filter=Q(is_active=False)),
        external=Count("pk", filter=Q(is_active=True, is_external=True)),
    )
    return HomeSummary(
        active_people=counts["active"],
        inactive_people=counts["inactive"],
        external_partners=counts["external"],
        units=Unit.objects.filter(organisation=organisation).count(),
        members=RoleAssignment.objects.filter(organisation=organisation).values("user_id").distinct().count(),
    )


# --- The people directory -------------------------------------------------

DIRECTORY_PAGE_SIZE = 50


class ActiveFilter(StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"
    ALL = "all"


@dataclass(frozen=True)
class DirectoryFilters:
    """What the directory is narrowed to; every field comes from the query string."""

    search: str = ""
    unit_id: int | None = None
    audience: str = ""
    location: str = ""
    active: ActiveFilter = ActiveFilter.ACTIVE

    @property
    def is_narrowed(self) -> bool:
        """Return whether anything beyond the default (active people) is applied."""
        return bool(self.search or self.unit_id or self.audience or self.location or self.active != ActiveFilter.ACTIVE)


@dataclass(frozen=True)
class DirectoryPage:
    """One page of the directory and where it sits in the whole result."""

    people: list[Person]
    total: int
    number: int
    page_size: int
    unit: Unit | None

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def first_index(self) -> int:
        """Return the 1-based position of the first person on the page (0 when empty)."""
        return 0 if self.total == 0 else (self.number - 1) * self.page_size + 1

    @property
    def last_index(self) -> int:
        return min(self.total, self.number * self.page_size)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.page_count

    def page_links(self, *, around: int = 2) -> list[int | None]:
        """Return the page numbers to link to, with ``None`` where a gap is shown."""
        wanted = {1, self.page_count, *range(self.number - around, self.number + around + 1)}
        pages = sorted(page for page in wanted if 1 <= page <= self.page_count)
        links: list[int | None] = []
        previous = 0
        for page in pages:
            if previous and page - previous > 1:
                links.append(None)
            links.append(page)
            previous = page
        return links


def unit_subtree_ids(*, organisation: Organisation, unit: Unit) -> list[int]:
    """Return the ids of *unit* and every unit below it."""
    prefix = unit.path + UNIT_PATH_SEPARATOR
    candidates = Unit.objects.filter(organisation=organisation).filter(Q(pk=unit.pk) | Q(path__startswith=prefix))
    # SQLite's LIKE ignores case, so confirm the prefix exactly here.
    return [pk for pk, path in candidates.values_list("pk", "path") if pk == unit.pk or path.startswith(prefix)]


def unit_get(*, organisation: Organisation, unit_id: int) -> Unit | None:
    """Return the organisation's unit with this id, or None."""
    return Unit.objects.filter(organisation=organisation, pk=unit_id).first()


def directory_queryset(*, organisation: Organisation, filters: DirectoryFilters) -> QuerySet[Person]:
    """Return the organisation's people narrowed by *filters*, sorted by name."""
    people = Person.objects.filter(organisation=organisation)
    if filters.active == ActiveFilter.ACTIVE:
        people = people.filter(is_active=True)
    elif filters.active == ActiveFilter.INACTIVE:
        people = people.filter(is_active=False)
    search = filters.search.strip()
    if search:
        people = people.filter(
            Q(name__icontains=search) | Q(email__istartswith=search) | Q(employee_id__istartswith=search)
        )
    if filters.unit_id is not None:
        unit = unit_get(organisation=organisation, unit_id=filters.unit_id)
        unit_ids = unit_subtree_ids(organisation=organisation, unit=unit) if unit else []
        people = people.filter(unit_id__in=unit_ids)
    if filters.audience:
        people = people.filter(audience=filters.audience)
    if filters.location:
        people = people.filter(location=filters.location)
    return people.order_by("name", "pk")


def directory_page(*, organisation: Organisation, filters: DirectoryFilters, page: int) -> DirectoryPage:
    """Return one page of the directory; a page past the end shows the last page."""
    people = directory_queryset(organisation=organisation, filters=filters)
    total = people.count()
    page_count = max(1, -(-total // DIRECTORY_PAGE_SIZE))
    number = min(max(1, page), page_count)
    offset = (number - 1) * DIRECTORY_PAGE_SIZE
    rows = list(people.select_related("unit", "manager")[offset : offset + DIRECTORY_PAGE_SIZE]) if total else []
    unit = unit_get(organisation=organisation, unit_id=filters.unit_id) if filters.unit_id is not None else None
    return DirectoryPage(people=rows, total=total, number=number, page_size=DIRECTORY_PAGE_SIZE, unit=unit)


def people_exist(*, organisation: Organisation) -> bool:
    """Return whether the organisation has anyone at all, active or not."""
    return Person.objects.filter(organisation=organisation).exists()


def directory_locations(*, organisation: Organisation, limit: int = 1000) -> list[str]:
    """Return the distinct, non-empty locations of the organisation's people."""
    locations = (
        Person.objects.filter(organisation=organisation)
        .exclude(location="")
        .order_by("location")
        .values_list("location", flat=True)
        .distinct()
    )
    return list(locations[:limit])


def units_for_choice(*, organisation: Organisation) -> list[Unit]:
    """Return the organisation's units in tree order, for a select box."""
    return list(Unit.objects.filter(organisation=organisation).order_by("path").only("pk", "name", "path", "depth"))


# --- One person ------------------------------------------------------------


@dataclass(frozen=True)
class PersonDetail:
    person: Person
    direct_reports: list[Person]
    direct_report_count: int


def person_detail(*, organisation: Organisation, person_id: int, reports_limit: int = 50) -> PersonDetail | None:
    """Return a person of the organisation with their first direct reports, or None."""
    person = (
        Person.objects.filter(organisation=organisation, pk=person_id).select_related("unit", "manager", "user").first()
    )
    if person is None:
        return None
    reports = Person.objects.filter(organisation=organisation, manager=person).order_by("name", "pk")
    first_reports = list(reports.only("pk", "name", "job_title", "is_active")[:reports_limit])
    count = len(first_reports) if len(first_reports) < reports_limit else reports.count()
    return PersonDetail(person=person, direct_reports=first_reports, direct_report_count=count)


# --- The unit tree ---------------------------------------------------------


@dataclass
class UnitNode:
    """A unit in the tree, with active people directly in it and in its whole subtree."""

    unit: Unit
    own_count: int = 0
    total_count: int = 0
    children: list[UnitNode] = field(default_factory=list)


def unit_tree(*, organisation: Organisation) -> list[UnitNode]:
    """Return the organisation's top-level units as a tree with active head-counts."""
    counts: dict[int, int] = {
        row["unit_id"]: row["people"]
        for row in Person.objects.filter(organisation=organisation, is_active=True, unit__isnull=False)
        .values("unit_id")
        .annotate(people=Count("pk"))
        .order_by()
    }
    nodes = {
        unit.pk: UnitNode(unit=unit, own_count=counts.get(unit.pk, 0))
        for unit in Unit.objects.filter(organisation=organisation).order_by("path")
    }
    roots: list[UnitNode] = []
    for node in nodes.values():
        parent = nodes.get(node.unit.parent_id) if node.unit.parent_id else None
        (parent.children if parent else roots).append(node)

    def total(node: UnitNode) -> int:
        node.total_count = node.own_count + sum(total(child) for child in node.children)
        return node.total_count

    for root in roots:
        total(root)
    return roots


def people_without_unit_count(*, organisation: Organisation) -> int:
    """Return how many active people belong to no unit."""
    return Person.objects.filter(organisation=organisation, is_active=True, unit__isnull=True).count()


# --- Roster imports --------------------------------------------------------


def roster_jobs_recent(*, organisation: Organisation, limit: int = 10) -> list[RosterImportJob]:
    """Return the organisation's latest roster imports, newest first."""
    return list(
        RosterImportJob.objects.filter(organisation=organisation)
        .select_related("created_by")
        .order_by("-created_at")[:limit]
    )


def progress_cache_key(job_id: int) -> str:
    """Return the cache key under which a running import shares its progress."""
    return f"socialu:roster-job:{job_id}:progress"


@dataclass(frozen=True)
class JobProgress:
    done: int
    total: int


def roster_job_progress(*, job: RosterImportJob) -> JobProgress:
    """Return how far a job has got, from the job row or, mid-transaction, the shared cache."""
    done, total = job.rows_done, job.rows_total
    cached = cache.get(progress_cache_key(job.pk))
    if isinstance(cached, tuple | list) and len(cached) == 2 and int(cached[0]) > done:
        done, total = int(cached[0]), int(cached[1])
    return JobProgress(done=done, total=max(total, done))


def roster_job_get(*, organisation: Organisation, job_id: int) -> RosterImportJob | None:
    """Return the organisation's roster import with this id, or None."""
    return RosterImportJob.objects.filter(organisation=organisation, pk=job_id).select_related("created_by").first()


ERROR_CSV_HEADER = ["Line", "Column", "Field", "Value", "What to do"]
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> str:
    """Return *value* as text that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_PREFIXES) else text


def roster_job_error_rows(*, job: RosterImportJob) -> list[list[str]]:
    """Return a header and one row per rejected row of *job*, safe to open in a spreadsheet."""
    errors: list[dict[str, object]] = (job.result or {}).get("errors", [])
    rows = [ERROR_CSV_HEADER]
    rows.extend(
        [spreadsheet_safe(error.get(key)) for key in ("line", "column", "field", "value", "message")]
        for error in errors
    )
    return rows
