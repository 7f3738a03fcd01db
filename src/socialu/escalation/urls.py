"""Pages of the escalation and response app, under ``/o/<org_slug>/``."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
