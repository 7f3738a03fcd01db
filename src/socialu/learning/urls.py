from django.urls import path

from socialu.learning import views

urlpatterns = [
    path("learning/", views.my_learning, name="my_learning"),
    # The quiz comes before lessons so that "quiz" is never read as a lesson's slug.
    path("learning/<slug:course_slug>/quiz/", views.quiz_take, name="quiz_take"),
    path("learning/<slug:course_slug>/<slug:lesson_slug>/", views.learning_lesson, name="learning_lesson"),
    path("learning/<slug:course_slug>/<slug:lesson_slug>/done/", views.lesson_complete, name="lesson_complete"),
]
