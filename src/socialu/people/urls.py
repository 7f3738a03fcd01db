from django.urls import path

from socialu.people import views

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
]
