"""Pages of the sessions app, under ``/o/<org_slug>/``."""

from django.urls import URLPattern, path

from socialu.sessions import views

urlpatterns: list[URLPattern] = [
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/mine/", views.my_sessions, name="my_sessions"),
    path("sessions/mine/calendar/", views.calendar_settings, name="session_calendar_settings"),
    path("sessions/new/", views.session_new, name="session_new"),
    path("sessions/<int:session_id>/", views.session_detail, name="session_detail"),
    path("sessions/<int:session_id>/register/", views.session_register, name="session_register"),
    path("sessions/<int:session_id>/invitation.ics", views.session_invitation, name="session_invitation"),
    path("sessions/<int:session_id>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:session_id>/manage/", views.session_manage, name="session_manage"),
    path("sessions/<int:session_id>/publish/", views.session_publish, name="session_publish"),
    path("sessions/<int:session_id>/cancel/", views.session_cancel, name="session_cancel"),
    path("sessions/<int:session_id>/roll-call/", views.roll_call, name="session_roll_call"),
    path("sessions/<int:session_id>/check-in/", views.session_check_in, name="session_check_in"),
    path("sessions/attendance/", views.attendance_report, name="session_attendance"),
    path("sessions/<int:session_id>/feedback/", views.session_feedback, name="session_feedback"),
    path("sessions/conferences/", views.conferences, name="session_conferences"),
    path("sessions/registrations/<int:registration_id>/cancel/", views.registration_cancel, name="registration_cancel"),
    path("sessions/registrations/<int:registration_id>/accept/", views.offer_accept, name="offer_accept"),
    path("sessions/registrations/<int:registration_id>/decline/", views.offer_decline, name="offer_decline"),
    path("sessions/registrations/<int:registration_id>/decide/", views.registration_decide, name="registration_decide"),
    path("sessions/registrations/<int:registration_id>/move/", views.waitlist_move, name="waitlist_move"),
    path("sessions/registrations/<int:registration_id>/remove/", views.registration_remove, name="registration_remove"),
]
