"""Public knowledge-sharing pages that need no sign-in: the digest's unsubscribe link."""

from django.urls import path

from socialu.community import views

app_name = "community"

urlpatterns = [
    path("community/unsubscribe/<str:token>/", views.unsubscribe_page, name="unsubscribe"),
]
