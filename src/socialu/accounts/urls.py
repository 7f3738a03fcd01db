"""Account pages outside any organisation."""

from django.urls import path

from socialu.accounts import views

urlpatterns = [
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
