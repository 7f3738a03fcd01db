"""Pages of the skills app and the champions network, under ``/o/<org_slug>/``."""

from django.urls import URLPattern, path

from socialu.skills import views
from socialu.skills.champions.urls import urlpatterns as champion_urlpatterns

urlpatterns: list[URLPattern] = [
    path("skills/", views.find, name="skills_find"),
    path("skills/mine/", views.my_skills, name="skills_mine"),
    path("skills/endorse/", views.endorse, name="skills_endorse"),
    path("skills/taxonomy/", views.taxonomy, name="skills_taxonomy"),
    path("skills/taxonomy/<slug:skill_slug>/", views.skill_edit, name="skills_skill_edit"),
    path(
        "skills/taxonomy/<slug:skill_slug>/standing.csv",
        views.standing_export,
        {"extension": "csv"},
        name="skills_standing_csv",
    ),
    path(
        "skills/taxonomy/<slug:skill_slug>/standing.xlsx",
        views.standing_export,
        {"extension": "xlsx"},
        name="skills_standing_xlsx",
    ),
    *champion_urlpatterns,
]
