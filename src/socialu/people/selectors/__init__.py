"""Reads about units and people, always scoped to one organisation."""

from socialu.people.selectors.directory import (
    DIRECTORY_PAGE_SIZE,
    ActiveFilter,
    DirectoryFilters,
    DirectoryPage,
    PersonDetail,
    directory_locations,
    directory_page,
    directory_queryset,
    people_exist,
    person_detail,
    person_get,
    units_for_choice,
)
from socialu.people.selectors.home import AudienceCount, HomeSummary, home_summary
from socialu.people.selectors.imports import (
    JobProgress,
    progress_cache_key,
    roster_job_error_rows,
    roster_job_get,
    roster_job_progress,
    roster_jobs_recent,
)
from socialu.people.selectors.units import (
    UnitNode,
    people_without_unit_count,
    unit_get,
    unit_list,
    unit_subtree_ids,
    unit_tree,
)

__all__ = [
    "DIRECTORY_PAGE_SIZE",
    "ActiveFilter",
    "AudienceCount",
    "DirectoryFilters",
    "DirectoryPage",
    "HomeSummary",
    "JobProgress",
    "PersonDetail",
    "UnitNode",
    "directory_locations",
    "directory_page",
    "directory_queryset",
    "home_summary",
    "people_exist",
    "people_without_unit_count",
    "person_detail",
    "person_get",
    "progress_cache_key",
    "roster_job_error_rows",
    "roster_job_get",
    "roster_job_progress",
    "roster_jobs_recent",
    "unit_get",
    "unit_list",
    "unit_subtree_ids",
    "unit_tree",
    "units_for_choice",
]
