from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "socialu.accounts"
    label = "accounts"
    verbose_name = "Accounts"
