"""The OpenAPI document, and no docs page that would load assets from a CDN."""

from __future__ import annotations

from django.test import Client


def test_openapi_document_lists_the_paths(db: None) -> None:
    response = Client().get("/api/v1/openapi.json")

    assert response.status_code == 200
    spec = response.json()
    assert spec["info"]["title"] == "SocialU API"
    assert spec["info"]["version"] == "1"
    paths = set(spec["paths"])
    assert {
        "/api/v1/orgs/{org_slug}/units",
        "/api/v1/orgs/{org_slug}/people",
        "/api/v1/orgs/{org_slug}/people/{person_id}",
        "/api/v1/orgs/{org_slug}/roster-imports",
    } <= paths
    assert set(spec["paths"]["/api/v1/orgs/{org_slug}/people/{person_id}"]) == {"get", "patch"}
    schemes = spec["components"]["securitySchemes"]
    assert any(scheme.get("scheme") == "bearer" for scheme in schemes.values())


def test_there_is_no_docs_page_loading_a_cdn(db: None) -> None:
    assert Client().get("/api/v1/docs").status_code == 404
