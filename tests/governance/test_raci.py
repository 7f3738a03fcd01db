"""Who does what (RACI): the default, the rules, the pages, the editor and the exports."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.governance.models import RaciActivity, RaciAssignment, RaciParty, RaciPartyKind
from socialu.governance.raci.selectors import raci_matrix
from socialu.governance.raci.services import (
    RaciError,
    RaciGridError,
    raci_activity_create,
    raci_activity_move,
    raci_assignments_save,
    raci_install_default,
    raci_party_create,
    raci_party_delete,
)
from socialu.people.models import Person
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def strict(page: str) -> None:
    assert "<script" not in page.split("</head>", 1)[1]
    assert 'style="' not in page


@pytest.fixture
def installed(organisation: Organisation) -> Organisation:
    assert raci_install_default(organisation=organisation)
    return organisation


def _ids(organisation: Organisation, activity_key: str, *party_keys: str) -> tuple[int, list[int]]:
    activity = RaciActivity.objects.get(organisation=organisation, key=activity_key)
    parties = [RaciParty.objects.get(organisation=organisation, key=key).pk for key in party_keys]
    return activity.pk, parties


# --- The default and the rules ------------------------------------------------------------


def test_the_default_has_at_least_ten_activities_each_with_one_owner(installed: Organisation) -> None:
    matrix = raci_matrix(organisation=installed)
    names = [row.activity.name for row in matrix.rows]
    assert len(names) >= 10
    assert {"Publishing on official accounts", "Crisis escalation", "Account access and credentials"} <= set(names)
    assert "Programme admin" in matrix.labels and "Legal" in matrix.labels
    for row in matrix.rows:
        assert row.letters.count("A") == 1, row.activity.name
        assert row.letters.count("R") >= 1, row.activity.name
        assert row.activity.description


def test_installing_the_default_twice_changes_nothing(installed: Organisation) -> None:
    counts = (RaciActivity.objects.count(), RaciParty.objects.count(), RaciAssignment.objects.count())
    assert raci_install_default(organisation=installed) is False
    assert (RaciActivity.objects.count(), RaciParty.objects.count(), RaciAssignment.objects.count()) == counts


def test_the_default_is_installed_per_organisation(installed: Organisation, other_organisation: Organisation) -> None:
    assert raci_matrix(organisation=other_organisation).empty
    assert raci_install_default(organisation=other_organisation)
    assert (
        RaciActivity.objects.filter(organisation=other_organisation).count()
        == RaciActivity.objects.filter(organisation=installed).count()
    )


def test_two_accountables_are_refused_naming_the_activity(installed: Organisation) -> None:
    activity_id, (comms, legal) = _ids(installed, "publishing", "function:communications-lead", "function:legal")
    before = RaciAssignment.objects.filter(organisation=installed).count()
    with pytest.raises(RaciGridError) as caught:
        raci_assignments_save(organisation=installed, grid={activity_id: {comms: "A", legal: "A"}})
    assert caught.value.activity_errors == {
        activity_id: "“Publishing on official accounts” needs exactly one Accountable (A), not 2."
    }
    assert RaciAssignment.objects.filter(organisation=installed).count() == before


def test_an_activity_without_a_responsible_is_refused(organisation: Organisation) -> None:
    activity = raci_activity_create(organisation=organisation, name="Replying to journalists")
    legal = raci_party_create(organisation=organisation, kind=RaciPartyKind.FUNCTION, name="Legal")
    with pytest.raises(RaciGridError, match="Replying to journalists” needs at least one Responsible"):
        raci_assignments_save(organisation=organisation, grid={activity.pk: {legal.pk: "A"}})


def test_a_valid_grid_is_saved_and_counts_changes(organisation: Organisation) -> None:
    activity = raci_activity_create(organisation=organisation, name="Replying to journalists")
    legal = raci_party_create(organisation=organisation, kind=RaciPartyKind.FUNCTION, name="Legal")
    admin = raci_party_create(organisation=organisation, kind=RaciPartyKind.ROLE, role=Role.PROGRAMME_ADMIN)
    assert raci_assignments_save(organisation=organisation, grid={activity.pk: {legal.pk: "a", admin.pk: "R"}}) == 2
    assert raci_matrix(organisation=organisation).letter(activity.pk, legal.pk) == "A"
    assert raci_assignments_save(organisation=organisation, grid={activity.pk: {legal.pk: "A", admin.pk: "R"}}) == 0


def test_cells_left_out_keep_their_letters_and_an_empty_one_clears(installed: Organisation) -> None:
    activity_id, (comms, social, legal) = _ids(
        installed, "publishing", "function:communications-lead", "function:social-media-team", "function:legal"
    )
    assert raci_assignments_save(organisation=installed, grid={activity_id: {legal: ""}}) == 1
    matrix = raci_matrix(organisation=installed)
    assert (matrix.letter(activity_id, comms), matrix.letter(activity_id, social)) == ("A", "R")
    assert matrix.letter(activity_id, legal) == ""
    with pytest.raises(RaciGridError, match="needs at least one Responsible"):
        raci_assignments_save(organisation=installed, grid={activity_id: {social: ""}})


def test_a_letter_that_is_not_raci_is_refused(organisation: Organisation) -> None:
    activity = raci_activity_create(organisation=organisation, name="Replying to journalists")
    legal = raci_party_create(organisation=organisation, kind=RaciPartyKind.FUNCTION, name="Legal")
    with pytest.raises(RaciError, match="“X” is not one of R, A, C or I"):
        raci_assignments_save(organisation=organisation, grid={activity.pk: {legal.pk: "X"}})


def test_another_organisations_party_cannot_be_used(installed: Organisation, other_organisation: Organisation) -> None:
    theirs = raci_party_create(organisation=other_organisation, kind=RaciPartyKind.FUNCTION, name="Legal")
    activity_id, _ = _ids(installed, "publishing")
    with pytest.raises(RaciError, match="not part of this matrix"):
        raci_assignments_save(organisation=installed, grid={activity_id: {theirs.pk: "A"}})


def test_parties_are_roles_functions_or_people_and_not_twice(organisation: Organisation) -> None:
    person = PersonFactory.create(organisation=organisation, name="Priya Shah")
    party = raci_party_create(organisation=organisation, kind=RaciPartyKind.PERSON, person=person)
    assert raci_matrix(organisation=organisation).labels == ["Priya Shah"]
    with pytest.raises(RaciError, match="already a column"):
        raci_party_create(organisation=organisation, kind=RaciPartyKind.PERSON, person=person)
    with pytest.raises(RaciError, match="Choose one of SocialU's roles"):
        raci_party_create(organisation=organisation, kind=RaciPartyKind.ROLE, role="boss")
    assert party.key == f"person:{person.pk}"


def test_a_party_that_is_the_only_accountable_cannot_be_removed(installed: Organisation) -> None:
    comms = RaciParty.objects.get(organisation=installed, key="function:communications-lead")
    with pytest.raises(RaciError, match="Publishing on official accounts” needs exactly one Accountable"):
        raci_party_delete(party=comms)
    assert RaciParty.objects.filter(pk=comms.pk).exists()
    employees = RaciParty.objects.get(organisation=installed, key="function:all-employees")
    raci_party_delete(party=employees)
    assert not RaciParty.objects.filter(pk=employees.pk).exists()


def test_activities_can_be_reordered(installed: Organisation) -> None:
    second = raci_matrix(organisation=installed).rows[1].activity
    raci_activity_move(activity=second, up=True)
    assert raci_matrix(organisation=installed).rows[0].activity.pk == second.pk


# --- Pages -------------------------------------------------------------------------------------


def test_everyone_sees_who_does_what_with_their_part(
    installed: Organisation, learner_client: Client, learner: Person
) -> None:
    party = raci_party_create(organisation=installed, kind=RaciPartyKind.PERSON, person=learner)
    activity_id, (social, comms) = _ids(
        installed, "moderation", "function:social-media-team", "function:communications-lead"
    )
    raci_assignments_save(organisation=installed, grid={activity_id: {social: "R", comms: "A", party.pk: "C"}})
    page = learner_client.get("/o/acme/raci/").content.decode()
    assert "<h1>Who does what</h1>" in page
    assert "Publishing on official accounts" in page and 'title="Accountable">A</abbr>' in page
    assert "Your part" in page and "Community moderation</a>" in page
    assert 'aria-current="page">Who does what</a>' in page
    assert "Edit who does what" not in page
    assert 'class="raci-cards"' in page
    strict(page)


def test_an_empty_matrix_offers_the_default_to_admins_only(admin_client: Client, learner_client: Client) -> None:
    assert "Install the default “who does what”" in admin_client.get("/o/acme/raci/").content.decode()
    page = learner_client.get("/o/acme/raci/").content.decode()
    assert "has not set this out yet" in page and "Install the default" not in page


def test_an_admin_installs_the_default_from_the_page(admin_client: Client, organisation: Organisation) -> None:
    response = admin_client.post("/o/acme/raci/install-default/", follow=True)
    assert "The default “who does what” is installed" in response.content.decode()
    assert RaciActivity.objects.filter(organisation=organisation).count() >= 10


def test_the_editor_keeps_what_was_typed_and_names_the_activity(installed: Organisation, admin_client: Client) -> None:
    activity_id, (comms, legal, social) = _ids(
        installed, "publishing", "function:communications-lead", "function:legal", "function:social-media-team"
    )
    matrix = raci_matrix(organisation=installed)
    data = {
        f"cell-{row.activity.pk}-{party.pk}": letter
        for row in matrix.rows
        for party, letter in zip(matrix.parties, row.letters, strict=True)
    }
    data[f"cell-{activity_id}-{legal}"] = "A"  # now two Accountables
    data[f"cell-{activity_id}-{social}"] = "I"  # and no Responsible
    response = admin_client.post("/o/acme/raci/edit/", data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "Nothing was saved: 1 activity needs fixing" in page
    assert "Publishing on official accounts” needs exactly one Accountable (A), not 2" in page
    marked = 'aria-label="Publishing on official accounts: Legal" aria-invalid="true"'
    assert f'name="cell-{activity_id}-{legal}" {marked}' in page
    legal_select = page.split(f'name="cell-{activity_id}-{legal}"', 1)[1].split("</select>", 1)[0]
    assert '<option value="A" selected>' in legal_select
    assert raci_matrix(organisation=installed).letter(activity_id, legal) == "C"
    strict(page)

    data[f"cell-{activity_id}-{legal}"] = "C"
    data[f"cell-{activity_id}-{social}"] = "R"
    data[f"cell-{activity_id}-{comms}"] = "A"
    response = admin_client.post("/o/acme/raci/edit/", data, follow=True)
    assert "Saved: 0 changes." in response.content.decode()


def test_adding_an_activity_and_a_person_column(
    installed: Organisation, admin_client: Client, organisation: Organisation
) -> None:
    PersonFactory.create(organisation=organisation, name="Priya Shah", employee_id="P7")
    response = admin_client.post(
        "/o/acme/raci/activities/add/", {"name": "Replying to journalists", "description": "Press on social."}
    )
    assert response.status_code == 302
    assert RaciActivity.objects.filter(organisation=organisation, name="Replying to journalists").exists()
    response = admin_client.post("/o/acme/raci/parties/add/", {"kind": "person", "person": "P404"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Nobody in the roster has the employee id or email “P404”" in page and 'value="P404"' in page
    admin_client.post("/o/acme/raci/parties/add/", {"kind": "person", "person": "P7"})
    assert "Priya Shah" in raci_matrix(organisation=organisation).labels


def test_an_activity_is_renamed_and_removed(installed: Organisation, admin_client: Client) -> None:
    activity_id, _ = _ids(installed, "paid-social")
    url = f"/o/acme/raci/activities/{activity_id}/"
    assert admin_client.post(url, {"name": "", "description": ""}).status_code == 200
    admin_client.post(url, {"action": "save", "name": "Paid social and boosts", "description": "Adverts."})
    assert RaciActivity.objects.get(pk=activity_id).name == "Paid social and boosts"
    admin_client.post(url, {"action": "remove"})
    assert not RaciActivity.objects.filter(pk=activity_id).exists()
    assert not RaciAssignment.objects.filter(activity_id=activity_id).exists()


def test_learners_cannot_edit(installed: Organisation, learner_client: Client) -> None:
    assert learner_client.get("/o/acme/raci/edit/").status_code == 403


def test_the_exports_are_spreadsheet_safe(installed: Organisation, learner_client: Client) -> None:
    raci_activity_create(organisation=installed, name="=HYPERLINK(1)")
    response = learner_client.get("/o/acme/raci.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Activity", "Description", "Communications lead"]
    publishing = next(row for row in rows if row[0] == "Publishing on official accounts")
    assert publishing[2] == "A"
    assert rows[-1][0] == "'=HYPERLINK(1)"
    response = learner_client.get("/o/acme/raci.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Activity" and values[-1][0] == "'=HYPERLINK(1)"
