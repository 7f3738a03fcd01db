"""``socialu audience_rules``: list, add, remove and reset an organisation's audience assignment rules."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from socialu.core.audiences import Audience
from socialu.core.commands import SocialUCommand
from socialu.people.audience_rules.placement import KINDS
from socialu.people.audience_rules.selectors import audience_rules_are_defaults, audience_rules_for
from socialu.people.audience_rules.services import audience_rule_add, audience_rule_remove, audience_rules_reset


class Command(SocialUCommand):
    help = (
        "Audience rules place people in audiences when a roster file has no audience column; "
        "the first matching rule decides."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        listing = actions.add_parser("list", help="List the rules in the order they are tried.")
        self.add_org_argument(listing)
        adding = actions.add_parser("add", help="Add a rule (the first edit starts from the default rules).")
        self.add_org_argument(adding)
        adding.add_argument("--kind", required=True, choices=KINDS, help="What the rule looks at.")
        adding.add_argument(
            "--value", default="", help="Words for job_title (comma-separated), a unit path, or levels for max_depth."
        )
        adding.add_argument("--audience", required=True, choices=Audience.values, help="The audience it gives.")
        adding.add_argument("--position", type=int, default=None, help="Where to insert it (1 is tried first).")
        removing = actions.add_parser("remove", help="Remove the rule with this number.")
        self.add_org_argument(removing)
        removing.add_argument("position", type=int)
        resetting = actions.add_parser("reset", help="Go back to the default rules.")
        self.add_org_argument(resetting)

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = self.organisation(options)
        action = options["action"]
        if action == "add":
            audience_rule_add(
                organisation=organisation,
                kind=options["kind"],
                value=options["value"],
                audience=options["audience"],
                position=options["position"],
            )
        elif action == "remove":
            audience_rule_remove(organisation=organisation, position=options["position"])
        elif action == "reset":
            audience_rules_reset(organisation=organisation)
        rules = audience_rules_for(organisation=organisation)
        defaults = audience_rules_are_defaults(organisation=organisation)
        if self.as_json:
            self.emit(
                {
                    "defaults": defaults,
                    "rules": [
                        {"position": r.position, "kind": r.kind, "value": r.value, "audience": r.audience}
                        for r in rules
                    ],
                }
            )
            return
        if defaults:
            self.stdout.write(f"{organisation.name} uses the default rules:")
        for rule in rules:
            self.stdout.write(rule.describe())
