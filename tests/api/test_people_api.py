"""The people API: authentication, scoping, filters, pagination, validation and roster import."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from socialu.accounts import services
from socialu.accounts.models import User
from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.people import api as people_api
from socialu.people.models import UNIT_PATH_SEPARATOR as SEP
from socialu.people.models import Person, RosterImportJob, Unit
from socialu.people.tasks import roster_import_run
from tests.factories import PersonFactory, UnitFactory, member


class Api:
    """A client that sends a bearer token and speaks JSON."""

    def __init__(self, user: User, organisation: Organisation) -> None:
        _, raw = services.api_token_create(user=user, name="tests")
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {raw}"}
        self.base = f"/api/v1/orgs/{organisation.slug}"

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(self.base + path, params, headers=self.headers)

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.post(
            self.base + path, json.dumps(body), content_type="application/json", headers=self.headers
        )

    def patch(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.patch(
            self.base + path, json.dumps(body), content_type="application/json", headers=self.headers
        )


@pytest.fixture
def api(admin_user: User, organisation: Organisation) -> Api:
    return Api(admin_user, organisation)


@pytest.fixture
def tree(organisation: Organisation) -> dict[str, Unit]:
    sales = UnitFactory.create(organisation=organisation, name="Sales")
    emea = UnitFactory.create(organisation=organisation, name="EMEA", parent=sales)
    uk = UnitFactory.create(organisation=organisation, name="UK", parent=emea)
    support = UnitFactory.create(organisation=organisation, name="Support")
    return {"sales": sales, "emea": emea, "uk": uk, "support": support}


def _errors(response: Any) -> dict[str, list[str]]:
    """Return the one error body's problems as field → messages."""
    grouped: dict[str, list[str]] = {}
    for problem in response.json()["errors"]:
        grouped.setdefault(problem["field"], []).append(problem["message"])
    return grouped


def _names(response: Any) -> list[str]:
    return [item["name"] for item in response.json()["items"]]


# Authentication -----------------------------------------------------------------------


def test_no_credentials_answer_401(organisation: Organisation) -> None:
    response = Client().get(f"/api/v1/orgs/{organisation.slug}/people")
    assert response.status_code == 401


def test_an_unknown_token_answers_401(organisation: Organisation) -> None:
    response = Client().get(f"/api/v1/orgs/{organisation.slug}/people", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401


def test_the_browser_session_works_for_reads(organisation: Organisation, admin_client: Client) -> None:
    assert admin_client.get(f"/api/v1/orgs/{organisation.slug}/people").status_code == 200


def test_the_browser_session_needs_the_csrf_token_to_write(organisation: Organisation, admin_user: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    body = json.dumps({"employee_id": "E1", "name": "Ann", "email": "ann@example.com"})
    url = f"/api/v1/orgs/{organisation.slug}/people"

    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code in {401, 403}
    assert not Person.objects.exists()

    client.get(f"/o/{organisation.slug}/members/")  # a page with a form sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    accepted = client.post(url, body, content_type="application/json", headers={"X-CSRFToken": token})
    assert accepted.status_code == 201


def test_a_token_does_not_need_csrf(organisation: Organisation, admin_user: User) -> None:
    _, raw = services.api_token_create(user=admin_user, name="x")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"/api/v1/orgs/{organisation.slug}/people",
        json.dumps({"employee_id": "E1", "name": "Ann", "email": "ann@example.com"}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 201


# Scoping and permissions -------------------------------------------------------------------


def test_another_organisation_answers_404(other_organisation: Organisation, api: Api) -> None:
    response = api.client.get(f"/api/v1/orgs/{other_organisation.slug}/people", headers=api.headers)
    assert response.status_code == 404


def test_an_organisation_that_does_not_exist_answers_404(api: Api) -> None:
    assert api.client.get("/api/v1/orgs/nowhere/people", headers=api.headers).status_code == 404


def test_a_learner_gets_403_with_a_message(organisation: Organisation) -> None:
    learner_api = Api(member(organisation, Role.LEARNER), organisation)
    response = learner_api.get("/people")
    assert response.status_code == 403
    assert "role" in response.json()["detail"]


def test_viewers_cannot_create_people(organisation: Organisation) -> None:
    mentor_api = Api(member(organisation, Role.MENTOR), organisation)
    assert mentor_api.get("/people").status_code == 200
    response = mentor_api.post("/people", {"employee_id": "E1", "name": "A", "email": "a@example.com"})
    assert response.status_code == 403


# Units ---------------------------------------------------------------------------------


def test_units_are_listed_in_tree_order_with_pagination(api: Api, tree: dict[str, Unit]) -> None:
    response = api.get("/units", limit=2, offset=1)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 4
    assert body["limit"] == 2
    assert [unit["path"] for unit in body["items"]] == [f"Sales{SEP}EMEA", f"Sales{SEP}EMEA{SEP}UK"]
    assert body["items"][0]["parent_id"] == tree["sales"].pk


# People: list and filters --------------------------------------------------------------------


def test_people_filters(organisation: Organisation, api: Api, tree: dict[str, Unit]) -> None:
    PersonFactory.create(organisation=organisation, name="Ada", unit=tree["sales"], audience=Audience.LEADERSHIP)
    PersonFactory.create(organisation=organisation, name="Ben", unit=tree["uk"], location="Leeds")
    PersonFactory.create(organisation=organisation, name="Cy", unit=tree["support"], employee_id="X-9", is_active=False)
    PersonFactory.create(organisation=organisation, name="Dee", email="dee@partner.example", unit=None)
    PersonFactory.create(name="Outsider")  # another organisation

    assert _names(api.get("/people")) == ["Ada", "Ben", "Cy", "Dee"]
    assert _names(api.get("/people", unit=tree["sales"].pk)) == ["Ada", "Ben"]
    assert _names(api.get("/people", unit=tree["emea"].pk)) == ["Ben"]
    assert _names(api.get("/people", audience="leadership")) == ["Ada"]
    assert _names(api.get("/people", location="Leeds")) == ["Ben"]
    assert _names(api.get("/people", active="false")) == ["Cy"]
    assert _names(api.get("/people", active="true")) == ["Ada", "Ben", "Dee"]
    assert _names(api.get("/people", q="X-9")) == ["Cy"]
    assert _names(api.get("/people", q="partner.example")) == ["Dee"]
    assert _names(api.get("/people", q="be")) == ["Ben"]
    assert _names(api.get("/people", unit=999999)) == []


def test_people_pagination_reports_the_total(organisation: Organisation, api: Api) -> None:
    for number in range(7):
        PersonFactory.create(organisation=organisation, name=f"P{number}")

    body = api.get("/people", limit=3, offset=3).json()

    assert body["count"] == 7
    assert body["offset"] == 3
    assert [item["name"] for item in body["items"]] == ["P3", "P4", "P5"]


def test_people_limit_is_capped_at_500(api: Api) -> None:
    assert api.get("/people", limit=10_000).json()["limit"] == 500


def test_a_bad_limit_is_refused(api: Api) -> None:
    assert api.get("/people", limit=0).status_code == 422


def test_person_includes_unit_path(organisation: Organisation, api: Api, tree: dict[str, Unit]) -> None:
    person = PersonFactory.create(organisation=organisation, unit=tree["uk"])
    body = api.get(f"/people/{person.pk}").json()
    assert body["unit_path"] == f"Sales{SEP}EMEA{SEP}UK"
    assert body["employee_id"] == person.employee_id


def test_a_person_of_another_organisation_answers_404(other_organisation: Organisation, api: Api) -> None:
    outsider = PersonFactory.create(organisation=other_organisation)
    assert api.get(f"/people/{outsider.pk}").status_code == 404
    assert api.patch(f"/people/{outsider.pk}", {"name": "Hacked"}).status_code == 404
    outsider.refresh_from_db()
    assert outsider.name != "Hacked"


# People: create and update ----------------------------------------------------------------


def test_create_a_person(organisation: Organisation, api: Api, tree: dict[str, Unit]) -> None:
    boss = PersonFactory.create(organisation=organisation, employee_id="B1")

    response = api.post(
        "/people",
        {
            "employee_id": "E100",
            "name": "Ann Example",
            "email": "Ann@Example.com",
            "unit_id": tree["uk"].pk,
            "audience": "management",
            "manager_id": boss.pk,
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["email"] == "ann@example.com"
    assert body["unit_path"] == f"Sales{SEP}EMEA{SEP}UK"
    person = Person.objects.get(pk=body["id"])
    assert person.organisation_id == organisation.pk
    assert person.manager_employee_id == "B1"


def test_create_reports_every_invalid_field(
    organisation: Organisation, other_organisation: Organisation, api: Api
) -> None:
    PersonFactory.create(organisation=organisation, employee_id="TAKEN", email="taken@example.com")
    foreign_unit = UnitFactory.create(organisation=other_organisation)
    foreign_manager = PersonFactory.create(organisation=other_organisation)

    response = api.post(
        "/people",
        {
            "employee_id": "TAKEN",
            "name": " ",
            "email": "TAKEN@example.com",
            "audience": "astronaut",
            "unit_id": foreign_unit.pk,
            "manager_id": foreign_manager.pk,
        },
    )

    assert response.status_code == 422
    errors = _errors(response)
    assert set(errors) == {"employee_id", "name", "email", "audience", "unit_id", "manager_id"}
    assert "already has employee id TAKEN" in errors["employee_id"][0]
    assert "leadership" in errors["audience"][0]
    assert Person.objects.filter(organisation=organisation).count() == 1


def test_create_refuses_a_malformed_email(api: Api) -> None:
    response = api.post("/people", {"employee_id": "E1", "name": "A", "email": "nope"})
    assert response.status_code == 422
    assert "not a valid email" in _errors(response)["email"][0]


def test_update_changes_only_what_is_sent(organisation: Organisation, api: Api) -> None:
    person = PersonFactory.create(organisation=organisation, name="Old", location="Paris", job_title="Analyst")

    response = api.patch(f"/people/{person.pk}", {"name": "New", "is_active": False})

    assert response.status_code == 200
    person.refresh_from_db()
    assert (person.name, person.location, person.job_title, person.is_active) == ("New", "Paris", "Analyst", False)
    assert person.deactivated_at is not None


def test_update_can_clear_the_unit(organisation: Organisation, api: Api, tree: dict[str, Unit]) -> None:
    person = PersonFactory.create(organisation=organisation, unit=tree["uk"])
    assert api.patch(f"/people/{person.pk}", {"unit_id": None}).status_code == 200
    person.refresh_from_db()
    assert person.unit_id is None


def test_update_refuses_a_manager_cycle(organisation: Organisation, api: Api) -> None:
    top = PersonFactory.create(organisation=organisation)
    middle = PersonFactory.create(organisation=organisation, manager=top)
    bottom = PersonFactory.create(organisation=organisation, manager=middle)

    response = api.patch(f"/people/{top.pk}", {"manager_id": bottom.pk})
    assert response.status_code == 422
    assert "circle of managers" in _errors(response)["manager_id"][0]
    assert api.patch(f"/people/{top.pk}", {"manager_id": top.pk}).status_code == 422
    top.refresh_from_db()
    assert top.manager_id is None


def test_update_refuses_a_duplicate_email(organisation: Organisation, api: Api) -> None:
    PersonFactory.create(organisation=organisation, email="one@example.com")
    other = PersonFactory.create(organisation=organisation, email="two@example.com")
    response = api.patch(f"/people/{other.pk}", {"email": "ONE@example.com"})
    assert response.status_code == 422
    assert "email" in _errors(response)


def test_update_refuses_null_for_required_fields(organisation: Organisation, api: Api) -> None:
    person = PersonFactory.create(organisation=organisation)
    response = api.patch(f"/people/{person.pk}", {"name": None})
    assert response.status_code == 422
    assert _errors(response) == {"name": ["This field cannot be empty."]}


# Roster import ------------------------------------------------------------------------------

ROSTER_CSV = (
    "Employee ID,Name,Email,Unit,Audience,Location\n"
    "E1,Ann Able,ann@example.com,Sales > EMEA,management,London\n"
    "E2,Bob Baker,bob@example.com,Sales,practitioner,Leeds\n"
)


def _upload(api: Api, content: str, **fields: str) -> Any:
    file = SimpleUploadedFile("roster.csv", content.encode(), content_type="text/csv")
    return api.client.post(f"{api.base}/roster-imports", {"file": file, **fields}, headers=api.headers)


def test_roster_dry_run_reports_counts_and_writes_nothing(organisation: Organisation, api: Api) -> None:
    response = _upload(api, ROSTER_CSV, dry_run="true")

    assert response.status_code == 201, response.content
    job = response.json()
    assert (job["status"], job["finished"], job["dry_run"]) == ("succeeded", True, True)
    body = job["result"]
    assert body["dry_run"] is True
    assert body["created"] == 2
    assert body["rejected"] == 0
    assert body["errors"] == []
    assert not Person.objects.filter(organisation=organisation).exists()


def test_roster_import_writes_people(organisation: Organisation, api: Api) -> None:
    response = _upload(api, ROSTER_CSV)

    assert response.status_code == 201, response.content
    assert response.json()["result"]["created"] == 2
    assert set(Person.objects.filter(organisation=organisation).values_list("employee_id", flat=True)) == {"E1", "E2"}


def test_roster_import_explains_rejected_rows(organisation: Organisation, api: Api) -> None:
    bad = "Employee ID,Name,Email\nE1,Ann,not-an-email\n"
    job = _upload(api, bad, dry_run="true").json()
    assert job["status"] == "rejected"
    assert job["result"]["rejected"] == 1
    assert job["result"]["errors"][0]["field"] == "email"


def test_roster_import_uses_an_explicit_mapping(organisation: Organisation, api: Api) -> None:
    content = "Staff no,Full name,Mail\nS1,Sam Smith,sam@example.com\n"
    mapping = json.dumps({"Staff no": "employee_id", "Full name": "name", "Mail": "email"})
    body = _upload(api, content, dry_run="true", mapping=mapping).json()
    assert body["result"]["created"] == 1


def test_roster_import_refuses_a_malformed_mapping(api: Api) -> None:
    response = _upload(api, ROSTER_CSV, mapping="[1, 2]")
    assert response.status_code == 400
    assert "JSON object" in response.json()["detail"]


def test_roster_import_reports_a_file_problem_as_422(api: Api) -> None:
    response = _upload(api, "", dry_run="true")
    assert response.status_code == 422
    assert response.json()["detail"]


def test_the_api_uses_the_pages_upload_store_and_jobs(
    organisation: Organisation, api: Api, settings: Any, tmp_path: Path
) -> None:
    settings.UPLOAD_DIR = tmp_path / "uploads"
    job_id = _upload(api, ROSTER_CSV, dry_run="true").json()["id"]

    job = RosterImportJob.objects.get(pk=job_id, organisation=organisation)
    stored = Path(job.stored_path)
    assert stored.parent == Path(settings.UPLOAD_DIR) / str(organisation.pk)
    assert stored.is_file()  # a passed dry run keeps its file for the real import
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600


def test_a_large_file_is_queued_and_can_be_polled_until_it_has_finished(
    organisation: Organisation, api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(people_api, "API_INLINE_MAX_BYTES", 10)

    response = _upload(api, ROSTER_CSV)

    assert response.status_code == 202, response.content
    queued = response.json()
    assert (queued["status"], queued["finished"], queued["result"]) == ("queued", False, None)
    assert queued["url"].endswith(f"/api/v1/orgs/{organisation.slug}/roster-imports/{queued['id']}")
    assert not Person.objects.filter(organisation=organisation).exists()

    roster_import_run.call(queued["id"])  # what the imports worker does

    polled = api.client.get(f"{api.base}/roster-imports/{queued['id']}", headers=api.headers)
    assert polled.status_code == 200
    done = polled.json()
    assert (done["status"], done["finished"], done["rows_done"]) == ("succeeded", True, 2)
    assert done["result"]["created"] == 2
    assert Person.objects.filter(organisation=organisation).count() == 2


def test_another_organisations_import_answers_404(
    organisation: Organisation, other_organisation: Organisation, api: Api
) -> None:
    theirs = RosterImportJob.objects.create(organisation=other_organisation, original_filename="x.csv", stored_path="")

    response = api.client.get(f"{api.base}/roster-imports/{theirs.pk}", headers=api.headers)

    assert response.status_code == 404


def test_roster_import_needs_the_import_role(organisation: Organisation) -> None:
    mentor_api = Api(member(organisation, Role.MENTOR), organisation)
    assert _upload(mentor_api, ROSTER_CSV, dry_run="true").status_code == 403
