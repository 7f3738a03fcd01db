"""Public certification pages: anyone holding a verification code may check a certificate."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
