"""Roster data quality (issue 11 item 6, issue 10 items 5 and 14): encodings, aliases, ignored columns,
rejected rows by employee ID, and the confirmation a mass deactivation needs."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.people.models import Person
from socialu.people.roster import ImportChoices, RosterImportError, roster_import
from tests.factories import PersonFactory, member

pytestmark = pytest.mark.django_db


def write(path: Path, text: str, encoding: str) -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def names(organisation: Organisation) -> dict[str, str]:
    return dict(Person.objects.filter(organisation=organisation).values_list("employee_id", "name"))


LATIN = (
    "Employee ID,Name,Email\r\n"
    "E1,Zoë Åkesson,zoe@acme.example\r\n"
    "E2,Søren Ørsted,soren@acme.example\r\n"
    "E3,Jürgen Weiß,jurgen@acme.example\r\n"
)


def test_a_latin_1_file_is_imported_exactly(organisation: Organisation, tmp_path: Path) -> None:
    path = write(tmp_path / "latin.csv", LATIN, "latin-1")

    result = roster_import(organisation=organisation, path=path)

    assert result.applied, result.errors
    assert names(organisation) == {"E1": "Zoë Åkesson", "E2": "Søren Ørsted", "E3": "Jürgen Weiß"}
    assert result.encoding == "Windows-1252 (Western European)"
    assert result.encoding_certain


def test_a_cp1252_file_with_curly_quotes_and_the_euro_sign(organisation: Organisation, tmp_path: Path) -> None:
    text = "Employee ID,Name,Email,Job Title\r\nE1,Renée “Bee” O’Neil,renee@acme.example,€ Treasury Lead\r\n"
    path = write(tmp_path / "cp1252.csv", text, "cp1252")

    result = roster_import(organisation=organisation, path=path)

    assert result.applied, result.errors
    person = Person.objects.get(organisation=organisation, employee_id="E1")
    assert (person.name, person.job_title) == ("Renée “Bee” O’Neil", "€ Treasury Lead")


CYRILLIC = "Employee ID,Name,Email\r\nE1,Иван Петров,ivan@acme.example\r\nE2,Мария Смирнова,maria@acme.example\r\n"


def test_an_undecidable_file_is_reported_in_the_dry_run_with_sample_names(
    organisation: Organisation, tmp_path: Path
) -> None:
    path = write(tmp_path / "cyrillic.csv", CYRILLIC, "cp1251")

    result = roster_import(organisation=organisation, path=path, dry_run=True)

    assert not result.encoding_certain
    assert result.encoding_note.startswith("The encoding could not be decided")
    assert "could also be WINDOWS-1251" in result.encoding_note or "could also be CP1251" in result.encoding_note
    assert result.sample_names == ["Èâàí Ïåòðîâ", "Ìàðèÿ Ñìèðíîâà"]
    assert result.encoding_note in result.warnings


def test_the_encoding_can_be_chosen(organisation: Organisation, tmp_path: Path) -> None:
    path = write(tmp_path / "cyrillic.csv", CYRILLIC, "cp1251")

    result = roster_import(organisation=organisation, path=path, choices=ImportChoices(encoding="windows-1251"))

    assert result.applied, result.errors
    assert names(organisation) == {"E1": "Иван Петров", "E2": "Мария Смирнова"}
    assert result.encoding_certain


def test_an_unknown_or_wrong_chosen_encoding_is_refused(organisation: Organisation, tmp_path: Path) -> None:
    path = write(tmp_path / "latin.csv", LATIN, "latin-1")

    with pytest.raises(RosterImportError, match="not an encoding SocialU knows"):
        roster_import(organisation=organisation, path=path, choices=ImportChoices(encoding="klingon"))
    with pytest.raises(RosterImportError, match="line 2 cannot be read that way"):
        roster_import(organisation=organisation, path=path, choices=ImportChoices(encoding="utf-8"))


def test_one_bad_byte_in_a_utf_8_file_names_its_line(organisation: Organisation, tmp_path: Path) -> None:
    good = "Employee ID,Name,Email\nE1,Zoë Åkesson,zoe@acme.example\nE2,Renée Faße,renee@acme.example\n".encode()
    path = tmp_path / "bad.csv"
    path.write_bytes(good + b"E3,Caf\xe9 Owner,cafe@acme.example\n")

    with pytest.raises(RosterImportError) as raised:
        roster_import(organisation=organisation, path=path)

    assert str(raised.value).startswith("Line 4 holds bytes that are not valid UTF-8")
    assert not Person.objects.filter(organisation=organisation).exists()


def test_utf_16_without_a_bom_is_detected(organisation: Organisation, tmp_path: Path) -> None:
    path = write(tmp_path / "utf16.csv", LATIN, "utf-16-le")

    result = roster_import(organisation=organisation, path=path)

    assert names(organisation)["E1"] == "Zoë Åkesson"
    assert result.encoding == "UTF-16 LE"


def test_hr_aliases_are_mapped_and_ignored_columns_listed(organisation: Organisation, tmp_path: Path) -> None:
    text = (
        "Worker ID,Legal Name,Email - Work,Job Profile,Business Unit,Favourite colour,Badge\n"
        "E1,Ann Smith,ann@acme.example,Chief Marketing Officer,Marketing,blue,7\n"
    )
    path = write(tmp_path / "workday.csv", text, "utf-8")

    result = roster_import(organisation=organisation, path=path, dry_run=True)

    assert result.mapping["Job Profile"] == "job_title"
    assert result.mapping["Business Unit"] == "unit"
    assert result.mapping["Email - Work"] == "email"
    assert result.unmapped_columns == ["Favourite colour", "Badge"]
    assert result.to_dict()["unmapped_columns"] == ["Favourite colour", "Badge"]


@pytest.mark.parametrize("header", ["Business Title", "Position", "Position Title", "Job Role", "Designation"])
def test_job_title_aliases(organisation: Organisation, tmp_path: Path, header: str) -> None:
    path = write(tmp_path / "r.csv", f"Employee ID,Name,Email,{header}\nE1,Ann,ann@acme.example,Buyer\n", "utf-8")

    roster_import(organisation=organisation, path=path)

    assert Person.objects.get(organisation=organisation).job_title == "Buyer"


def test_rejected_rows_name_the_employee_id(organisation: Organisation, tmp_path: Path) -> None:
    text = (
        "Employee ID,Name,Email,Manager ID\n"
        "E1,Ann,ann@acme.example,\n"
        "E2,Bob,not-an-email,E1\n"
        "E3,Cleo,cleo@acme.example,E404\n"
    )
    path = write(tmp_path / "r.csv", text, "utf-8")

    result = roster_import(organisation=organisation, path=path, dry_run=True)

    by_line = {error.line: error for error in result.errors}
    assert by_line[3].employee_id == "E2"
    assert by_line[3].summary.startswith("Line 3 (employee E2), column “Email”, value “not-an-email”:")
    assert "Correct it" in by_line[3].summary
    assert by_line[4].employee_id == "E3"
    assert by_line[4].summary.startswith("Line 4 (employee E3), column “Manager ID”, value “E404”:")


def test_the_command_shows_employee_ids_ignored_columns_and_the_encoding(
    organisation: Organisation, tmp_path: Path
) -> None:
    text = "Employee ID,Name,Email,Shoe size\r\nE1,Zoë Åkesson,zoe@acme.example,38\r\nE2,Bob,bad,44\r\n"
    path = write(tmp_path / "r.csv", text, "latin-1")
    stdout = io.StringIO()

    call_command("roster", "import", str(path), "--org", organisation.slug, "--dry-run", stdout=stdout)

    output = stdout.getvalue()
    assert "Encoding: Windows-1252 (Western European)." in output
    assert "Columns not imported: Shoe size" in output
    assert "E2" in output.split("Rejected rows", 1)[1]


def roster_of(count: int) -> str:
    rows = "".join(f"E{number},Person {number},p{number}@acme.example\n" for number in range(1, count + 1))
    return "Employee ID,Name,Email\n" + rows


def test_a_full_sync_deactivating_too_many_needs_confirmation(organisation: Organisation, tmp_path: Path) -> None:
    for number in range(1, 21):
        PersonFactory.create(organisation=organisation, employee_id=f"E{number}", email=f"p{number}@acme.example")
    path = write(tmp_path / "partial.csv", roster_of(2), "utf-8")

    preview = roster_import(organisation=organisation, path=path, full_sync=True, dry_run=True)
    assert (preview.deactivated, preview.active_before, preview.needs_confirmation) == (18, 20, True)
    assert "would deactivate 18 of 20 active people (90 %)" in preview.warnings[0]

    with pytest.raises(RosterImportError, match="more than the 10 % allowed without confirmation"):
        roster_import(organisation=organisation, path=path, full_sync=True)
    assert Person.objects.filter(organisation=organisation, is_active=True).count() == 20

    done = roster_import(
        organisation=organisation, path=path, full_sync=True, choices=ImportChoices(confirm_deactivations=True)
    )
    assert done.deactivated == 18
    assert Person.objects.filter(organisation=organisation, is_active=True).count() == 2


def test_a_full_sync_within_the_share_needs_no_confirmation(organisation: Organisation, tmp_path: Path) -> None:
    for number in range(1, 21):
        PersonFactory.create(organisation=organisation, employee_id=f"E{number}", email=f"p{number}@acme.example")
    path = write(tmp_path / "most.csv", roster_of(18), "utf-8")

    result = roster_import(organisation=organisation, path=path, full_sync=True)

    assert result.deactivated == 2
    assert not result.needs_confirmation


def test_the_command_refuses_mass_deactivation_with_exit_2_unless_confirmed(
    organisation: Organisation, tmp_path: Path
) -> None:
    for number in range(1, 11):
        PersonFactory.create(organisation=organisation, employee_id=f"E{number}", email=f"p{number}@acme.example")
    path = write(tmp_path / "partial.csv", roster_of(1), "utf-8")
    arguments = ["roster", "import", str(path), "--org", organisation.slug, "--full-sync"]

    with pytest.raises(CommandError) as raised:
        call_command(*arguments, stdout=io.StringIO())
    assert raised.value.returncode == 2
    assert "--confirm-deactivations" in str(raised.value)

    stdout = io.StringIO()
    call_command(*arguments, "--confirm-deactivations", "--json", stdout=stdout)
    assert json.loads(stdout.getvalue())["deactivated"] == 9


def test_the_api_takes_the_encoding_and_the_confirmation(organisation: Organisation) -> None:
    from tests.api.test_people_api import Api

    api = Api(member(organisation, Role.PROGRAMME_ADMIN), organisation)
    for number in range(1, 11):
        PersonFactory.create(organisation=organisation, employee_id=f"E{number}", email=f"p{number}@acme.example")

    def upload(content: bytes, **data: str) -> object:
        file = SimpleUploadedFile("r.csv", content)
        return api.client.post(f"{api.base}/roster-imports", {"file": file, **data}, headers=api.headers)

    refused = upload(roster_of(1).encode(), full_sync="true")
    assert refused.status_code == 422  # type: ignore[attr-defined]
    assert "confirm_deactivations" in refused.json()["detail"]  # type: ignore[attr-defined]

    # The choices travel with the job (the API imports through the page's jobs).
    confirmed = upload(roster_of(1).encode(), full_sync="true", confirm_deactivations="true")
    assert confirmed.status_code == 201  # type: ignore[attr-defined]
    assert confirmed.json()["confirm_deactivations"] is True  # type: ignore[attr-defined]
    assert confirmed.json()["result"]["deactivated"] == 9  # type: ignore[attr-defined]

    chosen = upload(CYRILLIC.encode("cp1251"), dry_run="true", encoding="windows-1251")
    assert chosen.json()["encoding"] == "windows-1251"  # type: ignore[attr-defined]
    body = chosen.json()["result"]  # type: ignore[attr-defined]
    assert body["encoding_certain"] is True
    guessed = upload(CYRILLIC.encode("cp1251"), dry_run="true").json()["result"]  # type: ignore[attr-defined]
    assert guessed["encoding_certain"] is False
    assert guessed["sample_names"] == ["Èâàí Ïåòðîâ", "Ìàðèÿ Ñìèðíîâà"]
