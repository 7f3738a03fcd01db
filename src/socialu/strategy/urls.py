"""Pages of the strategy document app, under ``/o/<org_slug>/``."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
