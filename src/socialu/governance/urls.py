from django.urls import path

from socialu.governance.policies import views
from socialu.governance.raci import views as raci_views
from socialu.governance.registry import views as registry_views

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

# Roles and responsibilities: who does what on social media.
urlpatterns += [
    path("raci/", raci_views.raci, name="raci"),
    path("raci/edit/", raci_views.raci_edit, name="raci_edit"),
    path("raci/install-default/", raci_views.raci_install_default_view, name="raci_install_default_view"),
    path("raci/activities/add/", raci_views.raci_activity_add, name="raci_activity_add"),
    path("raci/activities/<int:raci_activity_id>/", raci_views.raci_activity_edit, name="raci_activity_edit"),
    path("raci/parties/add/", raci_views.raci_party_add, name="raci_party_add"),
    path("raci/parties/<int:raci_party_id>/remove/", raci_views.raci_party_remove, name="raci_party_remove"),
    path("raci.csv", raci_views.raci_export_csv, name="raci_export_csv"),
    path("raci.xlsx", raci_views.raci_export_xlsx, name="raci_export_xlsx"),
]
