"""Stored links are web pages: ``javascript:`` and every other scheme but http(s) are refused by the services."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from socialu.accounts import services as account_services
from socialu.accounts.models import User
from socialu.core.models import Organisation
from socialu.core.web_addresses import web_address_problem
from socialu.curriculum.authoring import services as authoring
from socialu.curriculum.coursefiles.reading import CurriculumError
from socialu.curriculum.models import Lesson, Module
from socialu.curriculum.services import curriculum_import
from socialu.governance.models import SocialAccount
from socialu.governance.registry.imports import registry_import
from tests.curriculum.test_coursefiles import COURSE, write_curriculum
from tests.learning.conftest import write_learning_curriculum

SCRIPT = "javascript:alert(document.cookie)"


@pytest.mark.parametrize(
    "address",
    [
        SCRIPT,
        " JaVaScRiPt:alert(1)",
        "data:text/html,<script>x</script>",
        "vbscript:x",
        "file:///etc/passwd",
        "//evil.example/x",
        "https://",
        "java\tscript:alert(1)",
        "https://ok.example/a b",
    ],
)
def test_anything_but_a_full_http_address_is_refused(address: str) -> None:
    assert web_address_problem(address) is not None


@pytest.mark.parametrize("address", ["", "https://www.example.com/page?x=1#top", "http://intranet/page", "HTTPS://A.B"])
def test_web_addresses_are_accepted(address: str) -> None:
    assert web_address_problem(address) is None


def test_the_social_account_api_refuses_a_script_link(organisation: Organisation, admin_user: User) -> None:
    headers = {"Authorization": f"Bearer {account_services.api_token_create(user=admin_user, name='t')[1]}"}
    client = Client()

    created = client.post(
        "/api/v1/orgs/acme/social-accounts",
        {"platform": "linkedin", "handle": "acme", "url": SCRIPT},
        content_type="application/json",
        headers=headers,
    )
    good = client.post(
        "/api/v1/orgs/acme/social-accounts",
        {"platform": "linkedin", "handle": "acme", "url": "https://www.linkedin.com/company/acme"},
        content_type="application/json",
        headers=headers,
    ).json()
    changed = client.patch(
        f"/api/v1/orgs/acme/social-accounts/{good['id']}",
        {"url": SCRIPT},
        content_type="application/json",
        headers=headers,
    )

    assert created.status_code == 422 and "https://" in created.json()["detail"]
    assert changed.status_code == 422
    assert list(SocialAccount.objects.values_list("url", flat=True)) == ["https://www.linkedin.com/company/acme"]


def test_the_registry_csv_import_refuses_a_script_link_naming_the_line(organisation: Organisation) -> None:
    rows = [
        {"platform": "linkedin", "handle": "fine", "url": "https://www.linkedin.com/company/fine"},
        {"platform": "x", "handle": "bad", "url": SCRIPT},
    ]

    result = registry_import(organisation=organisation, rows=rows)

    assert [problem.line for problem in result.problems] == [3]
    assert "https://" in result.problems[0].message
    assert not SocialAccount.objects.exists()


def test_a_course_file_with_a_script_media_link_is_refused_with_its_line(
    organisation: Organisation, tmp_path: Path
) -> None:
    course = COURSE.replace(
        "        estimated_minutes: 5\n", f"        estimated_minutes: 5\n        media_url: '{SCRIPT}'\n"
    )

    with pytest.raises(CurriculumError) as raised:
        curriculum_import(organisation=organisation, folder=write_curriculum(tmp_path, course=course))

    assert any("course.yaml" in str(p) and "media_url" in str(p) for p in raised.value.problems)
    assert not Lesson.objects.exists()


def test_the_lesson_editor_service_refuses_a_script_media_link(organisation: Organisation, tmp_path: Path) -> None:
    curriculum_import(organisation=organisation, folder=write_learning_curriculum(tmp_path / "curriculum"))
    draft = authoring.course_draft_start(organisation=organisation, slug="basics")
    module = Module.objects.filter(course=draft).first()
    assert module is not None
    lesson = Lesson.objects.filter(module=module).first()
    assert lesson is not None

    with pytest.raises(authoring.AuthoringError, match="https://"):
        authoring.lesson_add(module=module, title="Watch", body="Text", estimated_minutes=5, media_url=SCRIPT)
    with pytest.raises(authoring.AuthoringError, match="https://"):
        authoring.lesson_update(lesson=lesson, title="Watch", body="Text", estimated_minutes=5, media_url=SCRIPT)
    lesson.refresh_from_db()
    assert lesson.media_url == ""
