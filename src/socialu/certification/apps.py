from django.apps import AppConfig


class CertificationConfig(AppConfig):
    name = "socialu.certification"
    label = "certification"
    verbose_name = "Certification"
