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
from socialu.certification.api import router as certification_router
from socialu.core.api_input import CleanTextParser
from socialu.dashboard.api import router as dashboard_router
from socialu.escalation.api import router as escalation_router
from socialu.governance.api import router as governance_router
from socialu.learning.api import router as learning_router
from socialu.operations.api import router as operations_router
from socialu.people.api import router as people_router
from socialu.people.person_services import PersonError
from socialu.practice.api import router as practice_router
from socialu.preflight.api import router as preflight_router
from socialu.readiness.api import router as readiness_router
from socialu.strategy.api import router as strategy_router

api = NinjaAPI(
    title="SocialU API",
    version="1",
    description="Organisation-scoped REST API. Authenticate with `Authorization: Bearer <token>`.",
    urls_namespace="api",
    docs_url=None,
    auth=api_auth(),
    parser=CleanTextParser(),
)
api.add_router("/", people_router)
api.add_router("/", preflight_router)
api.add_router("/", learning_router)
api.add_router("/", certification_router)
api.add_router("/", dashboard_router)
api.add_router("/", practice_router)
api.add_router("/", governance_router)
api.add_router("/", escalation_router)
api.add_router("/", readiness_router)
api.add_router("/", strategy_router)
api.add_router("/", operations_router)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    message = str(exc) or "Your role in this organisation does not allow this."
    return api.create_response(request, {"detail": message}, status=403)


@api.exception_handler(PersonError)
def person_invalid(request: HttpRequest, exc: PersonError) -> HttpResponse:
    return api.create_response(request, {"detail": "The person could not be saved.", "errors": exc.errors}, status=422)
