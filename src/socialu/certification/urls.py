"""Pages of the certification app, under ``/o/<org_slug>/``."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
