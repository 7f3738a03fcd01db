"""The REST API at ``/api/v1/``: every domain's router, authentication and error shapes.

The interactive docs page is switched off: Swagger UI would be loaded from a
CDN, which the Content Security Policy (and our rule of serving every asset
ourselves) forbids. The OpenAPI document is at ``/api/v1/openapi.json``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from socialu.accounts.auth import api_auth
from socialu.people.api import router as people_router
from socialu.people.person_services import PersonError
from socialu.preflight.api import router as preflight_router

api = NinjaAPI(
    title="SocialU API",
    version="1",
    description="Organisation-scoped REST API. Authenticate with `Authorization: Bearer <token>`.",
    urls_namespace="api",
    docs_url=None,
    auth=api_auth(),
)
api.add_router("/", people_router)
api.add_router("/", preflight_router)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    message = str(exc) or "Your role in this organisation does not allow this."
    return api.create_response(request, {"detail": message}, status=403)


@api.exception_handler(PersonError)
def person_invalid(request: HttpRequest, exc: PersonError) -> HttpResponse:
    return api.create_response(request, {"detail": "The person could not be saved.", "errors": exc.errors}, status=422)
