"""The REST API at ``/api/v1/``: every domain's router, authentication and error shapes.

The OpenAPI document is at ``/api/v1/openapi.json`` and the interactive docs
(Swagger UI, served from django-ninja's own static files, never a CDN) at
``/api/v1/docs``. Every error answers with the one body of ``socialu.core.api``.
"""

from __future__ import annotations

from ninja import Swagger

from socialu.accounts.api import router as accounts_router
from socialu.accounts.auth import api_auth
from socialu.certification.api import router as certification_router
from socialu.coaching.api import router as coaching_router
from socialu.community.api import router as community_router
from socialu.core.api import SocialUApi, api_errors_install
from socialu.core.api_input import CleanTextParser
from socialu.dashboard.api import router as dashboard_router
from socialu.escalation.api import router as escalation_router
from socialu.governance.api import router as governance_router
from socialu.learning.api import router as learning_router
from socialu.mentoring.api import router as mentoring_router
from socialu.operations.api import router as operations_router
from socialu.people.api import router as people_router
from socialu.people.audience_rules.api import router as audience_rules_router
from socialu.practice.api import router as practice_router
from socialu.preflight.api import router as preflight_router
from socialu.readiness.api import router as readiness_router
from socialu.sessions.api import router as sessions_router
from socialu.skills.api import router as skills_router
from socialu.skills.champions.api import router as champions_router
from socialu.strategy.api import router as strategy_router
from socialu.webhooks.api import router as webhooks_router

api = SocialUApi(
    title="SocialU API",
    version="1",
    description="Organisation-scoped REST API. Authenticate with `Authorization: Bearer <token>`.",
    urls_namespace="api",
    docs=Swagger(settings={"defaultModelsExpandDepth": 0}),
    docs_url="/docs",
    auth=api_auth(),
    parser=CleanTextParser(),
)
api.add_router("/", people_router)
api.add_router("/", audience_rules_router)
api.add_router("/", preflight_router)
api.add_router("/", learning_router)
api.add_router("/", certification_router)
api.add_router("/", dashboard_router)
api.add_router("/", practice_router)
api.add_router("/", sessions_router)
api.add_router("/", coaching_router)
api.add_router("/", community_router)
api.add_router("/", governance_router)
api.add_router("/", escalation_router)
api.add_router("/", readiness_router)
api.add_router("/", strategy_router)
api.add_router("/", operations_router)
api.add_router("/", skills_router)
api.add_router("/", champions_router)
api.add_router("/", mentoring_router)
api.add_router("/", accounts_router)
api.add_router("/", webhooks_router)

api_errors_install(api)
