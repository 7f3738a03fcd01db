from django.urls import path

from socialu.governance import views

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
]
