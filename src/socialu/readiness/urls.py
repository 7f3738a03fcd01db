from django.urls import path

from socialu.readiness import views

urlpatterns = [
    path("readiness/", views.assessments, name="assessments"),
    path("readiness/results/", views.assessment_results_latest, name="assessment_results_latest"),
    path("readiness/<int:assessment_id>/", views.assessment_detail, name="assessment_detail"),
    path("readiness/<int:assessment_id>/results/", views.assessment_results, name="assessment_results"),
]
