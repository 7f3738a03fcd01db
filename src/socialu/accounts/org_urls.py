"""Account pages inside an organisation: members and roles, personal API tokens."""

from django.urls import path

from socialu.accounts import views

urlpatterns = [
    path("members/", views.members, name="members"),
    path("members/<int:user_id>/roles/", views.member_roles, name="member_roles"),
    path("members/<int:user_id>/remove/", views.member_remove, name="member_remove"),
    path("invitations/<int:invitation_id>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("invitations/<int:invitation_id>/resend/", views.invitation_resend, name="invitation_resend"),
    path("tokens/", views.api_tokens, name="api_tokens"),
    path("tokens/<int:token_id>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("members/tokens/", views.organisation_tokens, name="organisation_tokens"),
    path("members/tokens/<int:token_id>/revoke/", views.organisation_token_revoke, name="organisation_token_revoke"),
]
