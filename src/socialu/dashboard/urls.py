"""Pages of the programme dashboard app, under ``/o/<org_slug>/``."""

from django.urls import URLPattern, path

from socialu.dashboard import views

urlpatterns: list[URLPattern] = [
    path("dashboard/", views.programme_dashboard_view, name="programme_dashboard"),
]
