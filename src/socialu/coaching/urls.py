"""Coaching pages under ``/o/<org_slug>/``."""

from django.urls import URLPattern, path

from socialu.coaching import views

urlpatterns: list[URLPattern] = [
    path("coaching/", views.coaching_home, name="coaching_home"),
    path("coaching/overview/", views.coaching_overview, name="coaching_overview"),
    path("coaching/new/", views.engagement_new, name="coaching_engagement_new"),
    path("coaching/availability/", views.availability, name="coaching_availability"),
    path("coaching/availability/<int:slot_id>/withdraw/", views.slot_withdraw, name="coaching_slot_withdraw"),
    path("coaching/<int:engagement_id>/", views.engagement_page, name="coaching_engagement"),
    path("coaching/<int:engagement_id>/book/", views.engagement_book, name="coaching_book"),
    path("coaching/<int:engagement_id>/complete/", views.engagement_complete, name="coaching_complete"),
    path("coaching/<int:engagement_id>/supporters/", views.engagement_supporters, name="coaching_supporters"),
    path("coaching/<int:engagement_id>/pulse/", views.engagement_pulse, name="coaching_pulse_send"),
    path("coaching/<int:engagement_id>/record.pdf", views.engagement_record, name="coaching_record"),
    path("coaching/sessions/<int:booking_id>/", views.session_page, name="coaching_session"),
    path("coaching/sessions/<int:booking_id>/move/", views.session_move, name="coaching_session_move"),
    path("coaching/sessions/<int:booking_id>/cancel/", views.session_cancel, name="coaching_session_cancel"),
]

# Public: the pulse survey a secret emailed link opens, with no sign-in.
public_urlpatterns: list[URLPattern] = [
    path("coaching/pulse/<str:token>/", views.pulse_answer, name="coaching_pulse_answer"),
]
