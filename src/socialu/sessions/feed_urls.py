"""Outside ``/o/<org_slug>/``: a calendar app fetches a personal feed with its secret address alone."""

from django.urls import URLPattern, path

from socialu.sessions import views

urlpatterns: list[URLPattern] = [
    path("sessions/feed/<str:token>.ics", views.session_feed, name="session_feed"),
]
