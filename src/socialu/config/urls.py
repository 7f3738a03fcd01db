from django.urls import include, path

from socialu.accounts import views as account_views
from socialu.coaching.urls import public_urlpatterns as coaching_public_urls
from socialu.config.api import api
from socialu.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accessibility/", core_views.accessibility_statement, name="accessibility_statement"),
    # Our version of allauth's address page comes first: it refuses unconfirmed addresses.
    path("accounts/email/", account_views.account_email),
    path("readyz", core_views.readyz, name="readyz"),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("scim/v2/<slug:org_slug>/", include("socialu.scim.urls")),
    path("", include("socialu.accounts.urls")),
    path("r/", include("socialu.readiness.respond.urls")),
    *coaching_public_urls,
    path("o/<slug:org_slug>/", include("socialu.people.urls")),
    path("o/<slug:org_slug>/", include("socialu.accounts.org_urls")),
    path("o/<slug:org_slug>/", include("socialu.curriculum.urls")),
    path("o/<slug:org_slug>/", include("socialu.preflight.urls")),
    path("o/<slug:org_slug>/", include("socialu.governance.urls")),
    path("o/<slug:org_slug>/", include("socialu.readiness.urls")),
    path("o/<slug:org_slug>/", include("socialu.learning.urls")),
    path("o/<slug:org_slug>/", include("socialu.certification.urls")),
    path("o/<slug:org_slug>/", include("socialu.dashboard.urls")),
    path("o/<slug:org_slug>/", include("socialu.practice.urls")),
    path("o/<slug:org_slug>/", include("socialu.sessions.urls")),
    path("o/<slug:org_slug>/", include("socialu.skills.urls")),
    path("o/<slug:org_slug>/", include("socialu.coaching.urls")),
    path("o/<slug:org_slug>/", include("socialu.mentoring.urls")),
    path("o/<slug:org_slug>/", include("socialu.community.urls")),
    path("o/<slug:org_slug>/", include("socialu.escalation.urls")),
    path("o/<slug:org_slug>/", include("socialu.strategy.urls")),
    path("o/<slug:org_slug>/", include("socialu.operations.urls")),
    # Public pages that need no sign-in (certificate verification, personal calendar feeds).
    path("", include("socialu.sessions.feed_urls")),
    path("o/<slug:org_slug>/", include("socialu.scim.org_urls")),
    path("o/<slug:org_slug>/", include("socialu.webhooks.urls")),
    # Public pages that need no sign-in (certificate verification).
    path("", include("socialu.certification.verification.urls")),
    # The digest's unsubscribe link works without signing in (a signed token names the person).
    path("", include("socialu.community.public_urls")),
]

handler403 = "socialu.core.views.forbidden"
handler404 = "socialu.core.views.not_found"
handler500 = "socialu.core.views.server_error"
