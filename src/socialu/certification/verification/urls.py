"""Public certification pages: anyone holding a verification code may check a certificate."""

from django.urls import path

from socialu.certification.verification import views as public_views

urlpatterns = [
    path("verify/", public_views.verify_lookup, name="verify_lookup"),
    path("verify/<str:code>/", public_views.certificate_verify, name="certificate_verify"),
]
