"""Pages of mentoring, under ``/o/<org_slug>/``."""

from django.urls import URLPattern, path

from socialu.mentoring import views

urlpatterns: list[URLPattern] = [
    path("mentoring/", views.mentoring_home, name="mentoring_home"),
    path("mentoring/programmes/<slug:programme_slug>/", views.programme_page, name="mentoring_programme"),
    path("mentoring/programmes/<slug:programme_slug>/match/", views.programme_match, name="mentoring_match"),
    path("mentoring/programmes/<slug:programme_slug>/publish/", views.programme_publish, name="mentoring_publish"),
    path(
        "mentoring/programmes/<slug:programme_slug>/pairings.csv",
        views.programme_export_csv,
        name="mentoring_export_csv",
    ),
    path(
        "mentoring/programmes/<slug:programme_slug>/pairings.xlsx",
        views.programme_export_xlsx,
        name="mentoring_export_xlsx",
    ),
    path("mentoring/pairings/<int:pairing_id>/answer/", views.pairing_answer, name="mentoring_answer"),
    path("mentoring/pairings/<int:pairing_id>/check-in/", views.pairing_check_in, name="mentoring_check_in"),
]
