"""Write the champions register (running terms with their activity) as rows for CSV or XLSX."""

from __future__ import annotations

from socialu.core.models import Organisation
from socialu.skills.champions.selectors import activity_for, terms_current

CHAMPION_HEADER = [
    "Employee ID",
    "Name",
    "Role",
    "Unit",
    "Location",
    "Term starts",
    "Term ends",
    "Renewals",
    "Reviews given",
    "Practice reviews passed",
    "Courses completed",
    "Endorsements given",
    "Recognition score",
    "Badges",
]


def champion_rows(*, organisation: Organisation) -> list[list[str]]:
    """Return the header and one row per running term, with the holder's activity."""
    terms = list(terms_current(organisation=organisation))
    activity = {
        item.person.pk: item for item in activity_for(organisation=organisation, people=[t.person for t in terms])
    }
    rows = [CHAMPION_HEADER]
    for term in terms:
        done = activity[term.person_id]
        rows.append(
            [
                term.person.employee_id,
                term.person.name,
                term.get_role_display(),
                term.person.unit.path if term.person.unit else "",
                term.person.location,
                term.starts_on.isoformat(),
                term.ends_on.isoformat(),
                str(term.renewals),
                str(done.reviews_given),
                str(done.reviews_passed),
                str(done.courses_completed),
                str(done.endorsements_given),
                f"{done.quality:.2f}",
                ", ".join(done.badges),
            ]
        )
    return rows
