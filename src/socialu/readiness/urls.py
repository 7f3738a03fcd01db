from django.urls import path

from socialu.readiness import views
from socialu.readiness.question_set import views as question_views

urlpatterns = [
    path("readiness/", views.assessments, name="assessments"),
    path("readiness/results/", views.assessment_results_latest, name="assessment_results_latest"),
    path("readiness/questions/", question_views.assessment_questions, name="assessment_questions"),
    path(
        "readiness/questions/<int:readiness_question_id>/",
        question_views.assessment_question_edit,
        name="assessment_question_edit",
    ),
    path("readiness/<int:assessment_id>/", views.assessment_detail, name="assessment_detail"),
    path("readiness/<int:assessment_id>/results/", views.assessment_results, name="assessment_results"),
]
