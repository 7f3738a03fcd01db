from django.urls import path

from socialu.curriculum import views
from socialu.curriculum.authoring.views import courses as authoring_views
from socialu.curriculum.authoring.views import quizzes as authoring_quiz_views

urlpatterns = [
    path("curriculum/", views.curriculum_catalogue, name="curriculum_catalogue"),
    path("curriculum/<slug:course_slug>/", views.course_detail, name="course_detail"),
    path("curriculum/<slug:course_slug>/<slug:lesson_slug>/", views.lesson_detail, name="lesson_detail"),
    # Authoring (programme admins).
    path("authoring/", authoring_views.authoring_courses, name="authoring_courses"),
    path("authoring/new/", authoring_views.authoring_course_new, name="authoring_course_new"),
    path("authoring/install-default/", views.curriculum_install_default_view, name="curriculum_install_default"),
    path("authoring/preview/", authoring_views.authoring_preview, name="authoring_preview"),
    path("authoring/paths/", authoring_quiz_views.authoring_paths, name="authoring_paths"),
    path("authoring/paths/<slug:audience>/", authoring_quiz_views.authoring_path, name="authoring_path"),
    path(
        "authoring/paths/<slug:audience>/<int:step_id>/",
        authoring_quiz_views.authoring_path_step,
        name="authoring_path_step",
    ),
    path("authoring/courses/<slug:course_slug>/", authoring_views.authoring_course, name="authoring_course"),
    path(
        "authoring/courses/<slug:course_slug>/draft/",
        authoring_views.authoring_draft_start,
        name="authoring_draft_start",
    ),
    path("authoring/courses/<slug:course_slug>/publish/", authoring_views.authoring_publish, name="authoring_publish"),
    path(
        "authoring/courses/<slug:course_slug>/modules/",
        authoring_views.authoring_module_add,
        name="authoring_module_add",
    ),
    path(
        "authoring/courses/<slug:course_slug>/modules/order/",
        authoring_views.authoring_modules_reorder,
        name="authoring_modules_reorder",
    ),
    path(
        "authoring/courses/<slug:course_slug>/modules/<int:module_id>/",
        authoring_views.authoring_module,
        name="authoring_module",
    ),
    path(
        "authoring/courses/<slug:course_slug>/modules/<int:module_id>/lessons/new/",
        authoring_views.authoring_lesson_new,
        name="authoring_lesson_new",
    ),
    path(
        "authoring/courses/<slug:course_slug>/lessons/<int:lesson_id>/",
        authoring_views.authoring_lesson,
        name="authoring_lesson",
    ),
    path(
        "authoring/courses/<slug:course_slug>/lessons/<int:lesson_id>/action/",
        authoring_views.authoring_lesson_action,
        name="authoring_lesson_action",
    ),
    path("authoring/courses/<slug:course_slug>/quiz/", authoring_quiz_views.authoring_quiz, name="authoring_quiz"),
    path(
        "authoring/courses/<slug:course_slug>/quiz/questions/new/",
        authoring_quiz_views.authoring_question_new,
        name="authoring_question_new",
    ),
    path(
        "authoring/courses/<slug:course_slug>/quiz/questions/<int:question_id>/",
        authoring_quiz_views.authoring_question,
        name="authoring_question",
    ),
    path(
        "authoring/courses/<slug:course_slug>/quiz/questions/<int:question_id>/action/",
        authoring_quiz_views.authoring_question_action,
        name="authoring_question_action",
    ),
]
