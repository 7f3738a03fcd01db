from django.urls import path

from socialu.people import views

urlpatterns = [
    path("", views.org_home, name="org_home"),
]
