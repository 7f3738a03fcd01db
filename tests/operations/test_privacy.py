"""A person's data: exported as a ZIP of JSON and CSV, erased while the figures stay right."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from socialu.accounts import services as account_services
from socialu.accounts.models import User
from socialu.certification.models import Certificate, Tier
from socialu.certification.services import certificates_award
from socialu.core.models import AuditEntry, Organisation, RoleAssignment
from socialu.core.privacy import ERASED_NAME, person_data_sections
from socialu.core.roles import Role
from socialu.learning.models import LessonCompletion, QuizAttempt
from socialu.operations.models import Erasure
from socialu.operations.services import OperationsError, inactive_people_erase, person_data_export, person_erase
from socialu.people.models import Person
from socialu.practice.models import Attempt
from socialu.readiness.models import Answer, Assessment, Respondent
from tests.certification.support import complete_basics
from tests.factories import PersonFactory, member
from tests.practice.helpers import install, reviewed, submitted

SECRET_DRAFT = "Call me on 07700 900123 about the recall"


@pytest.fixture
def holder(organisation: Organisation, ambassador: Tier) -> Person:
    """Someone who learned, earned a certificate, practised, and answered two readiness assessments."""
    user = member(organisation, email="holly@acme.example")
    person = PersonFactory.create(
        organisation=organisation, user=user, name="Holly Holder", email="holly@acme.example", job_title="Buyer"
    )
    complete_basics(person)
    certificates_award(organisation=organisation)
    scenario = install(organisation)[0]
    reviewer = member(organisation, Role.MENTOR, email="mentor@acme.example")
    reviewed(submitted(organisation, person, scenario, text=SECRET_DRAFT), reviewer)
    for title, anonymous, note in (("Named survey", False, "My manager blocks posts"), ("Anonymous survey", True, "x")):
        assessment = Assessment.objects.create(organisation=organisation, title=title, anonymous=anonymous)
        respondent = Respondent.objects.create(
            organisation=organisation, assessment=assessment, person=person, token_hash=f"{title}-hash"
        )
        Answer.objects.create(
            organisation=organisation,
            respondent=respondent,
            question="culture",
            value=2,
            note=note,
            saved_at=timezone.now(),
        )
    return person


def _account_id(person: Person) -> int:
    assert person.user_id is not None
    return person.user_id


def _unzip(content: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def test_the_export_holds_every_registered_part_as_json_and_csv(holder: Person) -> None:
    files = _unzip(person_data_export(person=holder))

    for section in person_data_sections():
        assert f"{section.key}.json" in files and f"{section.key}.csv" in files
    assert json.loads(files["person.json"])[0]["email"] == "holly@acme.example"
    account = json.loads(files["account.json"])
    assert {"account", "role"} <= {row["record"] for row in account}
    learning = json.loads(files["learning.json"])
    assert {"enrolment", "lesson finished", "quiz attempt"} <= {row["record"] for row in learning}
    certificate = json.loads(files["certificates.json"])[0]
    assert certificate["tier_name"] == "Ambassador" and certificate["revoked_at"] is None
    practice = json.loads(files["practice.json"])
    assert any(row.get("text") == SECRET_DRAFT for row in practice)
    assert any(row["record"] == "review of your attempt" for row in practice)
    readiness = json.loads(files["readiness.json"])
    notes = [row.get("note") for row in readiness if row["record"] == "answer"]
    assert notes == ["My manager blocks posts"], "answers to the anonymous assessment stay out of the export"
    assert {row["assessment"] for row in readiness if row["record"] == "assessment"} == {
        "Named survey",
        "Anonymous survey",
    }
    rows = list(csv.DictReader(io.StringIO(files["certificates.csv"])))
    assert rows[0]["holder_name"] == "Holly Holder"
    assert "Everything SocialU holds about Holly Holder" in files["README.txt"]


def test_a_value_that_a_spreadsheet_would_run_is_neutralised_in_the_csv(organisation: Organisation) -> None:
    person = PersonFactory.create(organisation=organisation, name="=HYPERLINK(1)")
    files = _unzip(person_data_export(person=person))
    assert next(csv.DictReader(io.StringIO(files["person.csv"])))["name"] == "'=HYPERLINK(1)"


def _figures(organisation: Organisation) -> dict[str, Any]:
    return {
        "people": Person.objects.filter(organisation=organisation).count(),
        "lessons finished": LessonCompletion.objects.filter(organisation=organisation).count(),
        "quiz attempts": QuizAttempt.objects.filter(organisation=organisation).count(),
        "practice scores": sorted(
            Attempt.objects.filter(organisation=organisation).values_list("mean_score", flat=True)
        ),
        "readiness values": sorted(Answer.objects.filter(organisation=organisation).values_list("value", flat=True)),
        "certificates issued": Certificate.objects.filter(organisation=organisation).count(),
    }


def test_erasure_anonymises_keeps_the_figures_and_revokes_the_certificate(
    holder: Person, organisation: Organisation, admin_user: User
) -> None:
    code = Certificate.objects.get(person=holder).code
    user_id = _account_id(holder)
    before = _figures(organisation)

    result = person_erase(person=holder, erased_by=admin_user)

    assert _figures(organisation) == before
    holder.refresh_from_db()
    assert holder.name == ERASED_NAME and holder.email.endswith("@erased.invalid")
    assert holder.job_title == "" and holder.user_id is None
    account = User.objects.get(pk=user_id)
    assert not account.is_active and "holly" not in account.email and not account.has_usable_password()
    assert not RoleAssignment.objects.filter(user_id=user_id).exists()
    assert Attempt.objects.get(person=holder).text == ""
    assert set(Answer.objects.filter(organisation=organisation).values_list("note", flat=True)) == {""}
    certificate = Certificate.objects.get(code=code)
    assert certificate.holder_name == ERASED_NAME and certificate.revoked_at is not None
    erasure = Erasure.objects.get(person=holder)
    assert erasure.rows == result.rows > 0 and erasure.erased_by == admin_user

    verify = Client().get(f"/verify/{code}/").content.decode()
    assert "Revoked" in verify and "Holly" not in verify

    exported = json.dumps(_unzip(person_data_export(person=holder)))
    assert "Holly" not in exported and "holly@" not in exported and SECRET_DRAFT not in exported

    with pytest.raises(OperationsError, match="already been erased"):
        person_erase(person=holder)


def test_an_account_shared_with_another_organisation_stays_open(
    holder: Person, other_organisation: Organisation
) -> None:
    user_id = _account_id(holder)
    RoleAssignment.objects.create(organisation=other_organisation, user_id=user_id, role=Role.LEARNER)

    person_erase(person=holder)

    account = User.objects.get(pk=user_id)
    assert account.is_active and account.email == "holly@acme.example"
    assert RoleAssignment.objects.filter(organisation=other_organisation, user_id=user_id).exists()
    assert not RoleAssignment.objects.filter(organisation_id=holder.organisation_id, user_id=user_id).exists()


def test_earlier_audit_entries_lose_the_erased_persons_data(holder: Person) -> None:
    from socialu.core.audit import AuditContext, audit_context

    with audit_context(AuditContext(via="cli", command="people")):
        Person.objects.get(pk=holder.pk).save()  # nothing changed: nothing recorded
        changed = Person.objects.get(pk=holder.pk)
        changed.job_title = "Senior buyer"
        changed.save()
    entry = AuditEntry.objects.get(object_type="people.person", object_id=str(holder.pk))
    assert entry.changes == {"job_title": ["Buyer", "Senior buyer"]} and "Holly" in entry.object_label

    person_erase(person=holder)

    entry.refresh_from_db()
    assert entry.changes == {} and entry.object_label == ERASED_NAME
    erasure_entry = AuditEntry.objects.filter(object_type="people.person").exclude(pk=entry.pk).get()
    assert "Holly" not in json.dumps(erasure_entry.changes) and "erased" in json.dumps(erasure_entry.changes)


def test_people_inactive_past_the_retention_period_are_erased_by_the_schedule(organisation: Organisation) -> None:
    long_gone = PersonFactory.create(
        organisation=organisation, is_active=False, deactivated_at=timezone.now() - timedelta(days=400)
    )
    recently_left = PersonFactory.create(
        organisation=organisation, is_active=False, deactivated_at=timezone.now() - timedelta(days=10)
    )
    assert inactive_people_erase(organisation=organisation) == 0, "no retention period set: keep everyone"

    organisation.inactive_person_retention_days = 365
    organisation.save()
    call_command("jobs", "run", "privacy.inactive_people", "--org", "acme")

    long_gone.refresh_from_db()
    recently_left.refresh_from_db()
    assert long_gone.name == ERASED_NAME
    assert recently_left.name != ERASED_NAME
    assert Erasure.objects.get(person=long_gone).trigger == "retention"


def test_a_learner_downloads_their_own_data_in_the_browser(holder: Person) -> None:
    client = Client()
    client.force_login(User.objects.get(pk=_account_id(holder)))
    assert "Download my data" in client.get("/o/acme/my-data/").content.decode()
    response = client.get("/o/acme/my-data/export.zip")
    assert response["Content-Type"] == "application/zip"
    assert "Holly Holder" in _unzip(response.content)["person.json"]


def test_an_admin_erases_someone_only_after_typing_erase(holder: Person, admin_client: Client) -> None:
    page = admin_client.get(f"/o/acme/people/{holder.pk}/privacy/").content.decode()
    assert "Erase their data" in page
    refused = admin_client.post(f"/o/acme/people/{holder.pk}/privacy/erase/", {"confirm": "yes"})
    assert refused.status_code == 400 and "Type the word ERASE" in refused.content.decode()
    assert Person.objects.get(pk=holder.pk).name == "Holly Holder"

    done = admin_client.post(f"/o/acme/people/{holder.pk}/privacy/erase/", {"confirm": "ERASE"}, follow=True)

    assert "personal data was erased" in done.content.decode()
    assert Person.objects.get(pk=holder.pk).name == ERASED_NAME


def test_the_api_exports_and_erases_with_a_token(holder: Person, admin_user: User) -> None:
    _, raw = account_services.api_token_create(user=admin_user, name="privacy desk")
    headers = {"Authorization": f"Bearer {raw}"}
    client = Client()
    exported = client.get(f"/api/v1/orgs/acme/people/{holder.pk}/data", headers=headers)
    assert exported.status_code == 200 and "holly@acme.example" in _unzip(exported.content)["person.json"]
    refused = client.post(
        f"/api/v1/orgs/acme/people/{holder.pk}/erase",
        {"confirm": "no"},
        content_type="application/json",
        headers=headers,
    )
    assert refused.status_code == 422

    erased = client.post(
        f"/api/v1/orgs/acme/people/{holder.pk}/erase",
        {"confirm": "ERASE"},
        content_type="application/json",
        headers=headers,
    )

    assert erased.status_code == 200 and erased.json()["records"] > 0
    assert Person.objects.get(pk=holder.pk).name == ERASED_NAME


def test_the_command_line_exports_and_erases(holder: Person, tmp_path: Any) -> None:
    target = tmp_path / "holly.zip"
    call_command("privacy", "export", "--org", "acme", "--person", "holly@acme.example", "--out", str(target))
    assert "Holly Holder" in _unzip(target.read_bytes())["person.json"]
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--yes"):
        call_command("privacy", "erase", "--org", "acme", "--person", holder.employee_id)
    call_command("privacy", "erase", "--org", "acme", "--person", holder.employee_id, "--yes")
    assert Person.objects.get(pk=holder.pk).name == ERASED_NAME
