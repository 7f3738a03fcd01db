"""Pages of the certification app, under ``/o/<org_slug>/``."""

from django.urls import path

from socialu.certification import views

urlpatterns = [
    path("certificates/", views.my_certificates, name="my_certificates"),
    path("certificates/<int:certificate_id>/pdf/", views.certificate_download, name="certificate_download"),
    path("certificates/tiers/<slug:tier_slug>/recertify/", views.tier_recertify, name="tier_recertify"),
    path("certification/", views.certification_admin, name="certification_admin"),
    path("certification/install-default/", views.certification_install_default, name="certification_install_default"),
    path("certification/award/", views.certification_award, name="certification_award"),
    path("certification/tiers/<slug:tier_slug>/", views.tier_edit, name="tier_edit"),
    path("certification/tiers/<slug:tier_slug>/requirements/", views.requirement_add_view, name="requirement_add_view"),
    path(
        "certification/tiers/<slug:tier_slug>/requirements/<int:requirement_id>/remove/",
        views.requirement_remove_view,
        name="requirement_remove_view",
    ),
    path("certification/certificates/", views.certificates_admin, name="certificates_admin"),
    path("certification/certificates/<int:certificate_id>/", views.certificate_detail, name="certificate_detail"),
    path(
        "certification/certificates/<int:certificate_id>/revoke/",
        views.certificate_revoke_view,
        name="certificate_revoke_view",
    ),
    path("register/", views.spokesperson_register, name="spokesperson_register"),
    path("register.csv", views.spokesperson_register_csv, name="spokesperson_register_csv"),
]
