"""The SCIM 2.0 service of each organisation, at /scim/v2/<org>/."""

from django.urls import path, re_path

from socialu.scim import views

urlpatterns = [
    path("", views.not_found, name="scim_root"),
    path("ServiceProviderConfig", views.service_provider_config, name="scim_service_provider_config"),
    path("ResourceTypes", views.resource_types, name="scim_resource_types"),
    path("ResourceTypes/<str:name>", views.resource_types, name="scim_resource_type"),
    path("Schemas", views.schemas, name="scim_schemas"),
    path("Schemas/<str:schema_id>", views.schemas, name="scim_schema"),
    path("Users", views.users, name="scim_users"),
    path("Users/.search", views.users_search, name="scim_users_search"),
    path("Users/<str:person_id>", views.user, name="scim_user"),
    path("Groups", views.groups, name="scim_groups"),
    path("Groups/.search", views.groups_search, name="scim_groups_search"),
    path("Groups/<str:group_id>", views.group, name="scim_group"),
    path(".search", views.search_everything, name="scim_search"),
    re_path(r"^(?P<rest>.*)$", views.not_found, name="scim_not_found"),
]
