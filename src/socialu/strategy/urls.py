"""Pages of the strategy document app, under ``/o/<org_slug>/``."""

from django.urls import URLPattern, path

from socialu.strategy import views

urlpatterns: list[URLPattern] = [
    path("strategy/", views.strategy_documents, name="strategy_documents"),
    path("strategy/generate/", views.strategy_generate, name="strategy_generate"),
    path("strategy/<int:document_id>/", views.strategy_document, name="strategy_document"),
    path(
        "strategy/<int:document_id>/sections/<slug:section_key>/",
        views.strategy_section_edit,
        name="strategy_section_edit",
    ),
    path("strategy/<int:document_id>/preview/", views.strategy_preview, name="strategy_preview"),
    path("strategy/<int:document_id>/measures/", views.strategy_kpis, name="strategy_kpis"),
    path("strategy/<int:document_id>/assumptions/", views.strategy_assumptions, name="strategy_assumptions"),
    path("strategy/<int:document_id>/history/", views.strategy_history, name="strategy_history"),
    path("strategy/<int:document_id>/export.pdf", views.strategy_export_pdf, name="strategy_export_pdf"),
    path("strategy/<int:document_id>/export.docx", views.strategy_export_docx, name="strategy_export_docx"),
    path("strategy/<int:document_id>/export.md", views.strategy_export_md, name="strategy_export_md"),
]
