"""``socialu scim status|users|groups --org SLUG``: what SCIM provisioning has done in an organisation."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from socialu.core.commands import SocialUCommand
from socialu.scim import selectors
from socialu.scim.protocol import filter_parse


class Command(SocialUCommand):
    help = "See what SCIM provisioning keeps: its address, its Users and its Groups."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        status = actions.add_parser("status", help="Show the SCIM address and how many Users and Groups it keeps.")
        self.add_org_argument(status)
        users = actions.add_parser("users", help="List the Users (roster people) a SCIM filter matches.")
        self.add_org_argument(users)
        users.add_argument("--filter", default="", help="A SCIM filter, for example 'userName sw \"a\"'.")
        groups = actions.add_parser("groups", help="List the Groups (units) SCIM provisioned.")
        self.add_org_argument(groups)

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = self.organisation(options)
        action = options["action"]
        if action == "status":
            summary = selectors.scim_summary(organisation=organisation)
            if self.as_json:
                self.emit(summary)
                return
            self.stdout.write(
                f"SCIM address: /scim/v2/{organisation.slug}/\n"
                f"Users written by SCIM: {summary['users']} ({summary['users_deleted']} deleted, deactivated)\n"
                f"Groups: {summary['groups']}\n"
                f"Live tokens with the scim scope: {summary['tokens']}"
            )
            return
        if action == "users":
            comparisons = filter_parse(options["filter"]) if options["filter"] else []
            rows = [
                {"id": person.pk, "email": person.email, "name": person.name, "active": person.is_active}
                for person in selectors.scim_users(organisation=organisation, comparisons=comparisons)[:1000]
            ]
        else:
            rows = [
                {"id": group.pk, "unit": group.unit.path, "external_id": group.external_id}
                for group in selectors.scim_groups(organisation=organisation, comparisons=[])
            ]
        if self.as_json:
            self.emit(rows)
            return
        for row in rows:
            self.stdout.write("\t".join(str(value) for value in row.values()))
