"""The OpenAPI document (valid OpenAPI 3.1, no duplicate keys) and the docs page served from our own files."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError


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


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    duplicated = sorted({key for key in keys if keys.count(key) > 1})
    assert not duplicated, f"duplicate keys in the OpenAPI document: {duplicated}"
    return dict(pairs)


def test_openapi_document_is_valid_openapi_3_1_without_duplicate_keys(db: None) -> None:
    raw = Client().get("/api/v1/openapi.json").content.decode()

    spec = json.loads(raw, object_pairs_hook=_refuse_duplicates)

    assert spec["openapi"].startswith("3.1")
    validate(spec)


def test_the_validator_would_catch_a_broken_document(db: None) -> None:
    spec = Client().get("/api/v1/openapi.json").json()
    spec["paths"]["/api/v1/orgs/{org_slug}/units"]["get"]["responses"]["200"] = {"content": "not a mapping"}

    with pytest.raises(OpenAPIValidationError):
        validate(spec)


def test_every_operation_declares_the_one_error_shape(db: None) -> None:
    spec = Client().get("/api/v1/openapi.json").json()

    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            for status in ("404", "422"):
                declared = operation["responses"].get(status)
                assert declared, f"{method.upper()} {path} does not declare {status}"
                assert declared["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorOut"}


def test_the_docs_page_is_served_from_our_own_static_files(db: None) -> None:
    response = Client().get("/api/v1/docs")

    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui-bundle.js" in page
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources
    assert all(source.startswith("/static/") for source in sources), sources
    assert Client().get(next(s for s in sources if s.endswith("swagger-ui-bundle.js"))).status_code == 200


def test_no_two_api_schemas_share_a_name() -> None:
    """The OpenAPI document names each schema by its class; two classes of one name would hide one of them."""
    from ninja import Schema

    import socialu.config.api  # noqa: F401  (imports every router and its schemas)

    def subclasses(cls: type) -> list[type]:
        found = []
        sub: type
        for sub in cls.__subclasses__():
            found += [sub, *subclasses(sub)]
        return found

    ours = [cls for cls in subclasses(Schema) if cls.__module__.startswith("socialu.")]
    names = [cls.__name__ for cls in ours]
    assert ours
    assert sorted({name for name in names if names.count(name) > 1}) == []
