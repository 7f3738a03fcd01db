from django.urls import path

from socialu.governance import registry_views, views

urlpatterns = [
    path("policies/", views.policies, name="policies"),
    # Fixed pages come before the policy pages; their names are reserved as policy slugs.
    path("policies/install-default/", views.policy_install_default_view, name="policy_install_default_view"),
    path("policies/new/", views.policy_new, name="policy_new"),
    path("policies/<slug:policy_slug>/", views.policy_detail, name="policy_detail"),
    path("policies/<slug:policy_slug>/acknowledge/", views.policy_acknowledge_view, name="policy_acknowledge_view"),
    path("policies/<slug:policy_slug>/publish/", views.policy_publish, name="policy_publish"),
    path("policies/<slug:policy_slug>/preview/", views.policy_preview, name="policy_preview"),
    path("policies/<slug:policy_slug>/coverage/", views.policy_coverage, name="policy_coverage"),
    path("policies/<slug:policy_slug>/coverage.csv", views.policy_coverage_csv, name="policy_coverage_csv"),
    path("policies/<slug:policy_slug>/coverage.xlsx", views.policy_coverage_xlsx, name="policy_coverage_xlsx"),
    path("policies/<slug:policy_slug>/remind/", views.policy_remind, name="policy_remind"),
    # The social media account registry.
    path("accounts/", registry_views.account_registry, name="account_registry"),
    path("accounts/new/", registry_views.social_account_new, name="social_account_new"),
    path("accounts/import/", registry_views.account_registry_import, name="account_registry_import"),
    path("accounts/export.csv", registry_views.account_registry_export, name="account_registry_export"),
    path("accounts/<int:account_id>/", registry_views.social_account_detail, name="social_account_detail"),
    path("accounts/<int:account_id>/edit/", registry_views.social_account_edit, name="social_account_edit"),
    path(
        "accounts/<int:account_id>/review/",
        registry_views.social_account_review_view,
        name="social_account_review_view",
    ),
]
