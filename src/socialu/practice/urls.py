"""Pages of the practice sandbox app, under ``/o/<org_slug>/``."""

from django.urls import URLPattern, path

from socialu.practice import views
from socialu.practice.review import views as review_views

urlpatterns: list[URLPattern] = [
    path("practice/", views.scenario_list, name="practice_scenarios"),
    path("practice/mine/", views.my_practice, name="practice_mine"),
    path("practice/scenarios/<slug:scenario_slug>/", views.scenario_page, name="practice_scenario"),
    path("practice/scenarios/<slug:scenario_slug>/findings/", views.scenario_findings, name="practice_findings"),
    path("practice/scenarios/<slug:scenario_slug>/autosave/", views.scenario_autosave, name="practice_autosave"),
    path("practice/attempts/<int:attempt_id>/", views.attempt_page, name="practice_attempt"),
    path("practice/attempts/<int:attempt_id>/review/", review_views.review_page, name="practice_review"),
    path("practice/review/", review_views.review_queue, name="practice_review_queue"),
    path("practice/manage/", review_views.manage_scenarios, name="practice_manage"),
    path("practice/manage/install/", review_views.install_shipped, name="practice_install_shipped"),
    path("practice/manage/review-rule/", review_views.review_rule_update, name="practice_review_rule"),
    path("practice/manage/<slug:scenario_slug>/edit/", review_views.scenario_edit, name="practice_scenario_edit"),
    path("practice/manage/<slug:scenario_slug>/status/", review_views.scenario_status, name="practice_scenario_status"),
]
