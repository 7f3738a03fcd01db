from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "socialu.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from socialu.accounts.privacy import privacy_register

        privacy_register()
