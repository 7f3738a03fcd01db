"""The people directory: filters, pages, one person."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Q, QuerySet

from socialu.core.models import Organisation
from socialu.people.models import Person, Unit
from socialu.people.selectors.units import unit_get, unit_subtree_ids

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
            Q(name__icontains=search) | Q(email__icontains=search) | Q(employee_id__istartswith=search)
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
    # Find the page's ids first (from the index alone), then load just those rows
    # with their unit and manager: joining for every skipped row makes deep pages slow.
    ids = list(people.values_list("pk", flat=True)[offset : offset + DIRECTORY_PAGE_SIZE]) if total else []
    loaded = Person.objects.filter(pk__in=ids).select_related("unit", "manager").in_bulk()
    rows = [loaded[pk] for pk in ids]
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


def people_in(*, organisation: Organisation, active: bool | None = None) -> QuerySet[Person]:
    """Return the organisation's people (only the active or inactive ones when *active* says so).

    The one way other apps query people: filter, annotate or count the queryset further, so
    set-based work stays set-based, but never start from ``Person.objects``.
    """
    people = Person.objects.filter(organisation=organisation)
    return people if active is None else people.filter(is_active=active)


def units_in(*, organisation: Organisation) -> QuerySet[Unit]:
    """Return the organisation's units, for other apps to filter further."""
    return Unit.objects.filter(organisation=organisation)


def person_for_user(*, organisation: Organisation, user_id: int) -> Person | None:
    """Return the person in the organisation's roster linked to this user account, or None."""
    return Person.objects.filter(organisation=organisation, user_id=user_id).order_by("-is_active", "pk").first()


def person_get(*, organisation: Organisation, person_id: int) -> Person | None:
    """Return the organisation's person with this id (unit and manager loaded), or None."""
    return Person.objects.filter(organisation=organisation, pk=person_id).select_related("unit", "manager").first()


def user_ids_of_people(*, organisation: Organisation, person_ids: list[int]) -> list[int]:
    """Return the login accounts linked to these people of *organisation* (people without one are skipped)."""
    found: set[int] = set()
    # In slices: a full sync may deactivate a hundred thousand people at once.
    for start in range(0, len(person_ids), 900):
        found.update(
            Person.objects.filter(
                organisation=organisation, pk__in=person_ids[start : start + 900], user__isnull=False
            ).values_list("user_id", flat=True)
        )
    return sorted(found)
