from django.urls import path

from socialu.learning import views
from socialu.learning.oversight import views as manage_views

urlpatterns = [
    path("learning/", views.my_learning, name="my_learning"),
    # Managing enrolments and following learners; "manage" and "people" are never course slugs here
    # because these come before the course patterns.
    path("learning/manage/", manage_views.enrolments_manage, name="enrolments_manage"),
    path("learning/manage/enrol/", manage_views.enrolment_add_view, name="enrolment_add_view"),
    path("learning/manage/due/", manage_views.enrolment_due_view, name="enrolment_due_view"),
    path("learning/manage/remind/", manage_views.enrolment_remind_view, name="enrolment_remind_view"),
    path("learning/people/", manage_views.learners, name="learners"),
    path("learning/people/<int:person_id>/", manage_views.learner_progress, name="learner_progress"),
    # The quiz comes before lessons so that "quiz" is never read as a lesson's slug.
    path("learning/<slug:course_slug>/quiz/", views.quiz_take, name="quiz_take"),
    path("learning/<slug:course_slug>/<slug:lesson_slug>/", views.learning_lesson, name="learning_lesson"),
    path("learning/<slug:course_slug>/<slug:lesson_slug>/done/", views.lesson_complete, name="lesson_complete"),
]
