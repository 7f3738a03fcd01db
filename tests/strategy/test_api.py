"""The strategy API: list, get, generate, update a section, versions and exports, with a bearer token."""

from __future__ import annotations

import io
import json
from typing import Any

import docx
import pypdf
from django.test import Client

from socialu.accounts import services as account_services
from socialu.accounts.models import User
from socialu.core.models import Organisation
from socialu.readiness.models import Assessment
from socialu.strategy.models import StrategyDocument


def _client(user: User) -> tuple[Client, dict[str, str]]:
    _, raw = account_services.api_token_create(user=user, name="strategy tests")
    return Client(), {"Authorization": f"Bearer {raw}"}


def _json(client: Client, method: str, url: str, headers: dict[str, str], body: dict[str, Any] | None = None) -> Any:
    response = client.generic(method, url, json.dumps(body or {}), "application/json", headers=headers)
    return response.status_code, response.json()


def test_generate_drafts_from_the_latest_assessment_by_default(
    organisation: Organisation, admin_user: User, curriculum: None, assessment: Assessment
) -> None:
    client, headers = _client(admin_user)
    status, body = _json(
        client, "POST", "/api/v1/orgs/acme/strategy/documents", headers, {"cost_per_hour": "45", "currency": "GBP"}
    )

    assert status == 201
    assert body["document"]["assessment_id"] == assessment.pk
    assert [s["key"] for s in body["sections"]] == [
        "goals",
        "business-case",
        "competencies",
        "communication",
        "roles",
        "measurement",
    ]
    assert body["resourcing"]["currency"] == "GBP"
    assert body["resourcing"]["learners"] == 12
    assert float(body["resourcing"]["cost"]) > 0
    assert {kpi["name"] for kpi in body["kpis"]} >= {"Readiness index"}


def test_updating_a_section_creates_a_version_listed_in_versions(
    organisation: Organisation, admin_user: User, light_document: StrategyDocument
) -> None:
    client, headers = _client(admin_user)
    url = f"/api/v1/orgs/acme/strategy/documents/{light_document.pk}"

    status, body = _json(
        client, "PUT", f"{url}/sections/goals", headers, {"body_markdown": "New goals.", "note": "API"}
    )
    assert status == 200
    assert body["version"]["number"] == 2 and body["version"]["saved_by"] == admin_user.email
    assert body["sections"][0]["body_markdown"] == "New goals."

    versions = client.get(f"{url}/versions", headers=headers).json()
    assert [v["number"] for v in versions] == [2, 1]
    assert versions[0]["note"] == "API"
    first = client.get(f"{url}?version=1", headers=headers).json()
    assert first["sections"][0]["body_markdown"] != "New goals." and first["latest_version"] == 2


def test_an_empty_section_is_refused_with_a_message(
    organisation: Organisation, admin_user: User, light_document: StrategyDocument
) -> None:
    client, headers = _client(admin_user)
    status, body = _json(
        client,
        "PUT",
        f"/api/v1/orgs/acme/strategy/documents/{light_document.pk}/sections/goals",
        headers,
        {"body_markdown": ""},
    )
    assert status == 422
    assert "Write something in this section" in body["detail"]


def test_an_unknown_section_is_not_found(
    organisation: Organisation, admin_user: User, light_document: StrategyDocument
) -> None:
    client, headers = _client(admin_user)
    status, _ = _json(
        client,
        "PUT",
        f"/api/v1/orgs/acme/strategy/documents/{light_document.pk}/sections/nope",
        headers,
        {"body_markdown": "x"},
    )
    assert status == 404


def test_exports_come_back_as_files(
    organisation: Organisation, admin_user: User, light_document: StrategyDocument
) -> None:
    client, headers = _client(admin_user)
    url = f"/api/v1/orgs/acme/strategy/documents/{light_document.pk}/export"

    pdf = client.get(f"{url}?format=pdf", headers=headers)
    assert pdf["Content-Type"] == "application/pdf"
    assert "Resourcing estimate" in " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    word = client.get(f"{url}?format=docx", headers=headers)
    assert any(table.rows[0].cells[0].text == "Audience" for table in docx.Document(io.BytesIO(word.content)).tables)
    markdown = client.get(f"{url}?format=md", headers=headers)
    assert markdown.content.decode().startswith(f"# {light_document.title}")
    assert client.get(f"{url}?format=rtf", headers=headers).status_code == 422


def test_the_list_shows_the_organisations_documents(
    organisation: Organisation, admin_user: User, light_document: StrategyDocument
) -> None:
    client, headers = _client(admin_user)
    body = client.get("/api/v1/orgs/acme/strategy/documents", headers=headers).json()
    assert [d["id"] for d in body] == [light_document.pk]


def test_a_stale_section_update_is_refused(
    organisation: Organisation, admin_user: User, light_document: StrategyDocument
) -> None:
    client, headers = _client(admin_user)
    url = f"/api/v1/orgs/acme/strategy/documents/{light_document.pk}/sections/goals"
    assert _json(client, "PUT", url, headers, {"body_markdown": "First.", "base_version": 1})[0] == 200

    status, body = _json(client, "PUT", url, headers, {"body_markdown": "Second.", "base_version": 1})

    assert status == 422
    assert "while you were editing" in body["detail"]
