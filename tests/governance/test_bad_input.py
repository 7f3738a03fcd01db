"""Bad input gets a clear error and loses nothing: superseded versions, unknown owners, duplicate handles."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from socialu.core.models import Organisation
from socialu.governance.models import Acknowledgement, Policy, SocialAccount
from socialu.governance.policies.services import acknowledgements_import, policy_acknowledge
from socialu.governance.registry.imports import registry_import
from socialu.governance.registry.services import social_account_create
from socialu.people.models import Person
from tests.factories import PersonFactory
from tests.governance.conftest import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(organisation: Organisation) -> Person:
    return PersonFactory.create(organisation=organisation, name="Sam Carter", employee_id="E1")


def test_a_failed_registry_import_in_the_browser_names_each_row_and_changes_nothing(
    admin_client: Client, organisation: Organisation, owner: Person
) -> None:
    kept = social_account_create(organisation=organisation, platform="x", handle="kestrel", owner=owner, notes="Keep")
    content = (
        b"platform,handle,owner_employee_id,notes\n"
        b"x,kestrel,E1,Changed\n"  # would change the existing account
        b"linkedin,kestrel-co,E404,\n"  # unknown owner
        b"instagram,kestrel,E1,\n"
        b"Instagram,@KESTREL,E1,\n"  # the same handle again
    )
    upload = SimpleUploadedFile("accounts.csv", content)
    page = admin_client.post("/o/acme/accounts/import/", {"step": "check", "file": upload}).content.decode()
    assert "Nothing was imported" in page
    assert "Line 3: No one has the employee id “E404” (owner_employee_id)" in page
    assert "Line 5: The handle “kestrel” on instagram is also on line 4." in page
    assert "Import now" not in page
    kept.refresh_from_db()
    assert kept.notes == "Keep" and SocialAccount.objects.filter(organisation=organisation).count() == 1


def test_an_apply_step_with_a_changed_file_is_checked_again(admin_client: Client, organisation: Organisation) -> None:
    content = "platform,handle,owner_employee_id\nx,kestrel,E404\n"
    response = admin_client.post("/o/acme/accounts/import/", {"step": "apply", "content": content})
    assert "Nothing was imported" in response.content.decode()
    assert not SocialAccount.objects.filter(organisation=organisation).exists()


def test_an_acknowledgement_import_with_one_bad_row_keeps_what_was_there(
    organisation: Organisation, policy: Policy, owner: Person
) -> None:
    before = policy_acknowledge(person=owner, version=policy.versions.get())
    rows = [
        {"employee_id": "E1", "policy": policy.slug, "version": "1", "acknowledged_at": "2025-12-01"},
        {"employee_id": "E1", "policy": policy.slug, "version": "1", "acknowledged_at": "next week"},
    ]
    result = acknowledgements_import(organisation=organisation, rows=rows)
    assert [(p.line, p.message) for p in result.problems] == [
        (3, "“next week” is not a date in the past; write it as 2026-03-01 or 2026-03-01T09:30.")
    ]
    assert list(Acknowledgement.objects.filter(organisation=organisation)) == [before]
    assert Acknowledgement.objects.get().acknowledged_at == before.acknowledged_at


def test_a_superseded_version_in_the_browser_keeps_the_earlier_acknowledgement(
    policy: Policy, learner: Person, learner_client: Client
) -> None:
    earlier = policy_acknowledge(person=learner, version=policy.versions.get())
    publish(policy, text="Version two")
    response = learner_client.post("/o/acme/policies/social-media-policy/acknowledge/", {"version": "1"}, follow=True)
    assert "Read version 2 and acknowledge that one." in response.content.decode()
    assert list(Acknowledgement.objects.filter(person=learner)) == [earlier]


def test_registry_import_without_a_handle_or_platform_names_the_line(organisation: Organisation) -> None:
    result = registry_import(organisation=organisation, rows=[{"platform": "", "handle": ""}])
    [problem] = result.problems
    assert problem.line == 2 and "Unknown platform" in problem.message and "Fill in the handle." in problem.message
