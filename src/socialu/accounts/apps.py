from typing import Any

from django.apps import AppConfig


def _end_access_of_leavers(*, organisation: Any, person_ids: list[int], **kwargs: Any) -> None:
    """Take the roles, sessions and tokens of deactivated people away, in the deactivating transaction."""
    from socialu.accounts.services import member_access_end
    from socialu.people.selectors import user_ids_of_people

    member_access_end(
        organisation=organisation, user_ids=user_ids_of_people(organisation=organisation, person_ids=person_ids)
    )


class AccountsConfig(AppConfig):
    name = "socialu.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from socialu.people.signals import people_deactivated

        people_deactivated.connect(_end_access_of_leavers, dispatch_uid="accounts-end-access-of-leavers")
        from socialu.accounts.privacy import privacy_register

        privacy_register()
