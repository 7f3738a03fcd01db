from django.urls import path

from socialu.people import views
from socialu.people.audience_rules import views as audience_rule_views

urlpatterns = [
    path("", views.org_home, name="org_home"),
    path("people/", views.people_directory, name="people_directory"),
    path("people/<int:person_id>/", views.person_detail, name="person_detail"),
    path("people/<int:person_id>/active/", views.person_active_set, name="person_active_set"),
    path("people/export.csv", views.people_export, {"file_format": "csv"}, name="people_export_csv"),
    path("people/export.xlsx", views.people_export, {"file_format": "xlsx"}, name="people_export_xlsx"),
    path("people/import/", views.roster_import, name="roster_import"),
    path("people/import/upload/<str:upload_id>/", views.roster_import_mapping, name="roster_import_mapping"),
    path("people/import/<int:job_id>/", views.roster_import_job, name="roster_import_job"),
    path("people/import/<int:job_id>/run/", views.roster_import_apply, name="roster_import_apply"),
    path("people/import/<int:job_id>/retry/", views.roster_import_retry, name="roster_import_retry"),
    path("people/import/<int:job_id>/errors.csv", views.roster_import_errors_csv, name="roster_import_errors_csv"),
    path("units/", views.unit_tree, name="unit_tree"),
    path("people/audience-rules/", audience_rule_views.audience_rules_page, name="audience_rules"),
    path(
        "people/audience-rules/<int:position>/remove/",
        audience_rule_views.audience_rule_remove_view,
        name="audience_rule_remove",
    ),
    path("people/audience-rules/reset/", audience_rule_views.audience_rules_reset_view, name="audience_rules_reset"),
]
