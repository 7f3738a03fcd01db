"""Pages of the sessions app, under ``/o/<org_slug>/``."""

from django.urls import URLPattern, path

from socialu.sessions import views

urlpatterns: list[URLPattern] = [
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/<int:session_id>/", views.session_detail, name="session_detail"),
]
