"""The respondent's form at /r/<token>/: no sign-in, the token in the emailed link identifies them."""

from django.urls import path

from socialu.readiness.respond import views as respond_views

urlpatterns = [
    path("<str:token>/", respond_views.respond, name="readiness_respond"),
    path("<str:token>/answer/", respond_views.respond_answer, name="readiness_respond_answer"),
]
