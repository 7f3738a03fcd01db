"""``socialu org create SLUG --name NAME [--admin EMAIL]``: set up an organisation."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from socialu.accounts import services
from socialu.core.commands import SocialUCommand


class Command(SocialUCommand):
    help = "Manage organisations (tenants)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = actions.add_parser("create", help="Create an organisation.")
        create.add_argument("slug", help="Short name used in web addresses, e.g. acme.")
        create.add_argument("--name", required=True, help="The organisation's full name.")
        create.add_argument(
            "--admin",
            metavar="EMAIL",
            help=(
                "Make this person a programme admin (their account is created, without a password, if missing; "
                "an account that has not confirmed the address is sent an invitation instead)."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        created = services.organisation_create(
            slug=options["slug"], name=options["name"], admin_email=options.get("admin")
        )
        organisation = created.organisation
        message = f"Created organisation “{organisation.name}” at /o/{organisation.slug}/."
        if created.admin is not None:
            message += (
                f" {created.admin.email} is its programme admin;"
                " if they have no password yet, they set one with “Forgot your password?” on the sign-in page."
            )
        elif created.invitation is not None:
            message += (
                f" The account using {created.invitation.email} has not confirmed that address, so it was not"
                " made programme admin: an invitation was emailed instead. Whoever opens its link becomes"
                " the programme admin."
            )
        self.stdout.write(self.style.SUCCESS(message))
