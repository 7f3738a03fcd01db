"""Importing and exporting the social media account registry as CSV."""

from __future__ import annotations

import csv
import io

import pytest

from socialu.core.models import Organisation
from socialu.governance.models import SocialAccount
from socialu.governance.registry.imports import registry_csv_lines, registry_import
from tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "platform,handle,url,purpose,audience,owner_employee_id,backup_owner_employee_id,team,status,"
    "last_reviewed_on,review_every_days,credentials_reference,notes\n"
)
GOOD = (
    HEADER + "x,@Kestrel_UK,https://x.com/kestrel_uk,News,Customers,E1,E2,Marketing,active,2026-05-01,90,"
    "1Password › Social › Kestrel X,\n" + "LinkedIn,kestrel,,Hiring,Candidates,E2,,,dormant,,,,Quiet since March\n"
)


def rows(text: str) -> list[dict[str, str | None]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def roster(organisation: Organisation) -> None:
    PersonFactory.create(organisation=organisation, employee_id="E1", name="Sam Carter")
    PersonFactory.create(organisation=organisation, employee_id="E2", name="Bea Backup")
    UnitFactory.create(organisation=organisation, name="Marketing")


def test_a_good_file_imports_and_importing_it_again_changes_nothing(organisation: Organisation, roster: None) -> None:
    first = registry_import(organisation=organisation, rows=rows(GOOD))
    assert (first.ok, first.created, first.updated) == (True, 2, 0)
    x = SocialAccount.objects.get(platform="x")
    assert (x.handle, x.handle_key, x.owner.name if x.owner else "") == ("Kestrel_UK", "kestrel_uk", "Sam Carter")
    assert x.team is not None and x.team.name == "Marketing"
    assert x.review_every_days == 90 and x.credentials_reference == "1Password › Social › Kestrel X"
    linkedin = SocialAccount.objects.get(platform="linkedin")
    assert linkedin.status == "dormant" and linkedin.review_every_days == 180 and linkedin.backup_owner is None

    again = registry_import(organisation=organisation, rows=rows(GOOD))
    assert (again.ok, again.created, again.updated) == (True, 0, 0)
    assert SocialAccount.objects.count() == 2


def test_a_dry_run_writes_nothing(organisation: Organisation, roster: None) -> None:
    result = registry_import(organisation=organisation, rows=rows(GOOD), dry_run=True)
    assert (result.ok, result.created) == (True, 2)
    assert not SocialAccount.objects.exists()


def test_a_changed_row_updates_the_matching_account(organisation: Organisation, roster: None) -> None:
    registry_import(organisation=organisation, rows=rows(GOOD))
    result = registry_import(organisation=organisation, rows=rows(HEADER + "x,kestrel_uk,,,,E2,,,retired,,,,\n"))
    assert (result.created, result.updated) == (0, 1)
    account = SocialAccount.objects.get(platform="x")
    assert account.status == "retired" and account.owner is not None and account.owner.employee_id == "E2"


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_written(
    organisation: Organisation, roster: None
) -> None:
    text = (
        HEADER
        + "x,fine,,,,E1,,,,,,,\n"
        + "myspace,a,,,,,,,,,,,\n"
        + "x,b,,,,E404,,,,,,,\n"
        + "x,FINE,,,,,,,,,,,\n"
        + "x,c,,,,,,,,yesterday,,,\n"
        + "x,d,,,,,,Nowhere,sleeping,,often,,\n"
    )
    result = registry_import(organisation=organisation, rows=rows(text))

    by_line = {problem.line: problem.message for problem in result.problems}
    assert sorted(by_line) == [3, 4, 5, 6, 7]
    assert "Unknown platform “myspace”" in by_line[3]
    assert "No one has the employee id “E404”" in by_line[4]
    assert "also on line 2" in by_line[5]
    assert "“yesterday” is not a date" in by_line[6]
    assert "no single team called “Nowhere”" in by_line[7] and "Unknown status" in by_line[7]
    assert "often" in by_line[7]
    assert not SocialAccount.objects.exists()


def test_a_password_column_is_refused(organisation: Organisation, roster: None) -> None:
    result = registry_import(organisation=organisation, rows=rows("platform,handle,password\nx,a,hunter2\n"))
    assert [(p.line, p.message) for p in result.problems] == [
        (1, "Remove the 'password' column: SocialU never stores credentials, only where they are kept.")
    ]
    assert not SocialAccount.objects.exists()


def test_the_export_imports_back_unchanged_and_is_safe_in_a_spreadsheet(
    organisation: Organisation, other_organisation: Organisation, roster: None
) -> None:
    registry_import(organisation=organisation, rows=rows(GOOD))
    SocialAccount.objects.filter(platform="x").update(notes='=HYPERLINK("http://evil")', purpose="+44 sales")

    text = b"".join(registry_csv_lines(organisation=organisation)).decode("utf-8-sig")

    assert "'=HYPERLINK" in text and "'+44 sales" in text
    assert text.splitlines()[0] == HEADER.strip()
    result = registry_import(organisation=organisation, rows=rows(text))
    assert (result.ok, result.created, result.updated) == (True, 0, 0)
    # Into another organisation it adds the accounts, once the owners are in its roster.
    PersonFactory.create(organisation=other_organisation, employee_id="E1")
    PersonFactory.create(organisation=other_organisation, employee_id="E2")
    UnitFactory.create(organisation=other_organisation, name="Marketing")
    copied = registry_import(organisation=other_organisation, rows=rows(text))
    assert (copied.ok, copied.created) == (True, 2)
    assert SocialAccount.objects.get(organisation=other_organisation, platform="x").notes.startswith("=HYPERLINK")
