"""``socialu learning sync --org SLUG``: enrol everyone in their audience's learning path."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from socialu.core.models import Organisation
from socialu.learning.services import enrolment_sync


class Command(BaseCommand):
    help = "Keep enrolments in line with learning paths (run after each roster or curriculum import)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{sync}")
        syncing = actions.add_parser("sync", help="Enrol active people in their audience's path; tidy stale ones.")
        syncing.add_argument("--org", required=True, help="The organisation's slug.")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"There is no organisation '{options['org']}'. Create it with `socialu org create`.")
        created = enrolment_sync(organisation=organisation)
        self.stdout.write(
            f"Enrolments for {organisation.name} are up to date: {created} new enrolment{'s' if created != 1 else ''}."
        )
