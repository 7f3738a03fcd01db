from django.urls import path

from socialu.curriculum import views

urlpatterns = [
    path("curriculum/", views.curriculum_catalogue, name="curriculum_catalogue"),
    path("curriculum/<slug:course_slug>/", views.course_detail, name="course_detail"),
    path("curriculum/<slug:course_slug>/<slug:lesson_slug>/", views.lesson_detail, name="lesson_detail"),
]
