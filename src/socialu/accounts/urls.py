"""Account pages outside any organisation."""

from django.urls import path

from socialu.accounts import views

urlpatterns = [
    path("account/", views.account_page, name="account"),
    path("account/sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
