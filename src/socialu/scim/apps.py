from django.apps import AppConfig


class ScimConfig(AppConfig):
    name = "socialu.scim"
    label = "scim"
    verbose_name = "SCIM provisioning"
