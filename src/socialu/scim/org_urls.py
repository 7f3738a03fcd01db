"""The SCIM admin page inside an organisation."""

from django.urls import path

from socialu.scim import pages

urlpatterns = [path("scim/", pages.scim_settings, name="scim_settings")]
