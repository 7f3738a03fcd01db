from django.urls import path

from socialu.preflight import views

urlpatterns = [
    path("check/", views.check_page, name="preflight_check"),
    path("check/findings/", views.findings_partial, name="preflight_findings"),
    path("check/rules/", views.rules_page, name="preflight_rules"),
    path("check/rules/test/", views.rules_test, name="preflight_rules_test"),
    path("check/rules/rules.yaml", views.rules_yaml, name="preflight_rules_yaml"),
]
