"""``socialu token create EMAIL [--name NAME]``: print a new personal API token."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError

from socialu.accounts import selectors, services
from socialu.core.commands import SocialUCommand


class Command(SocialUCommand):
    help = "Manage personal API tokens."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = actions.add_parser("create", help="Create a token and print it (only this once).")
        create.add_argument("email", help="The account the token acts as.")
        create.add_argument("--name", default="Command line", help="What the token is for.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = selectors.user_for_email(email=options["email"])
        if user is None:
            raise CommandError(f"There is no account for {options['email']}. Invite them to an organisation first.")
        _, raw = services.api_token_create(user=user, name=options["name"])
        # Only the token on stdout, so that scripts can capture it.
        self.stdout.write(raw)
