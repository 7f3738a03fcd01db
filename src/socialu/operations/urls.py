"""Operations pages inside an organisation."""

from django.urls import path

from socialu.operations import views

urlpatterns = [
    path("operations/", views.operations_home, name="operations_home"),
    path("operations/settings/", views.operations_settings, name="operations_settings"),
    path("operations/jobs/<str:job_key>/", views.operations_job, name="operations_job"),
    path("operations/jobs/<str:job_key>/run/", views.operations_job_run, name="operations_job_run"),
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/export.csv", views.audit_log_csv, name="audit_log_csv"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/export.zip", views.my_data_export, name="my_data_export"),
    path("people/<int:person_id>/privacy/", views.person_privacy, name="person_privacy"),
    path("people/<int:person_id>/privacy/export.zip", views.person_data_export, name="person_data_export"),
    path("people/<int:person_id>/privacy/erase/", views.person_erase, name="person_erase"),
]
