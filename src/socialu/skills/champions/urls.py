"""Pages of the champions network, included by ``socialu.skills.urls``."""

from django.urls import URLPattern, path

from socialu.skills.champions import views

urlpatterns: list[URLPattern] = [
    path("champions/", views.champions, name="champions"),
    path("champions/units/<int:unit_id>/", views.champions_unit, name="champions_unit"),
    path("champions/nominate/", views.nominate, name="champions_nominate"),
    path(
        "champions/nominations/<int:nomination_id>/decide/", views.nomination_decide, name="champions_nomination_decide"
    ),
    path("champions/terms/<int:term_id>/renew/", views.term_renew, name="champions_term_renew"),
    path("champions/terms/<int:term_id>/end/", views.term_end, name="champions_term_end"),
    path("champions/settings/", views.settings_update, name="champions_settings"),
    path("champions/space/", views.space, name="champions_space"),
    path("champions/export.csv", views.register_export, {"extension": "csv"}, name="champions_export_csv"),
    path("champions/export.xlsx", views.register_export, {"extension": "xlsx"}, name="champions_export_xlsx"),
]
