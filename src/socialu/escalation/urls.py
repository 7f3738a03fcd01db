"""Pages of the escalation and response app, under ``/o/<org_slug>/``."""

from django.urls import URLPattern, path

from socialu.escalation import views
from socialu.escalation.editor import views as editor_views

urlpatterns: list[URLPattern] = [
    path("respond/", views.decision_walk, name="decision_walk"),
    path("respond/record/", views.decision_record_view, name="decision_record_view"),
    path("respond/log/", views.decision_log, name="decision_log"),
    path("respond/log.csv", views.decision_log_csv, name="decision_log_csv"),
    path("respond/log.xlsx", views.decision_log_xlsx, name="decision_log_xlsx"),
    path("respond/log/<int:decision_id>/", views.decision_log_entry, name="decision_log_entry"),
    path("respond/tree/", editor_views.decision_tree_editor, name="decision_tree_editor"),
    path("respond/tree/yaml/", editor_views.decision_tree_yaml, name="decision_tree_yaml"),
    path("respond/tree/export.yaml", editor_views.decision_tree_export, name="decision_tree_export"),
    path("respond/tree/versions/<int:tree_version>/", editor_views.decision_tree_version, name="decision_tree_version"),
    path("respond/tree/nodes/new/", editor_views.decision_tree_node_new, name="decision_tree_node_new"),
    path("respond/tree/nodes/<slug:tree_node>/", editor_views.decision_tree_node_edit, name="decision_tree_node_edit"),
    path(
        "respond/tree/nodes/<slug:tree_node>/delete/",
        editor_views.decision_tree_node_delete,
        name="decision_tree_node_delete",
    ),
]
