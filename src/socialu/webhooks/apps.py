from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "socialu.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        from socialu.webhooks.jobs import jobs_register
        from socialu.webhooks.listeners import listeners_connect

        jobs_register()
        listeners_connect()
