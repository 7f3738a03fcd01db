"""The Webhooks admin page of an organisation."""

from django.urls import path

from socialu.webhooks import views

urlpatterns = [
    path("webhooks/", views.webhooks_home, name="webhooks_home"),
    path("webhooks/<int:endpoint_id>/test/", views.webhook_test, name="webhook_test"),
    path("webhooks/<int:endpoint_id>/toggle/", views.webhook_toggle, name="webhook_toggle"),
    path("webhooks/<int:endpoint_id>/delete/", views.webhook_delete, name="webhook_delete"),
    path("webhooks/deliveries/<int:delivery_id>/redeliver/", views.webhook_redeliver, name="webhook_redeliver"),
]
