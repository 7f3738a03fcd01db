"""``socialu doctor``: find records that contradict each other, per organisation.

    socialu doctor [--org SLUG] [--json] [--examples N]

Runs every consistency check the installed apps register (see
:mod:`socialu.core.consistency`): courses completed before the enrolment,
quiz attempts before it, certificates issued before their requirements were
met, and so on. Without ``--org`` it checks every organisation.

Exit codes: 0 nothing found; 1 contradictions found (listed); 2 unusable input
(an unknown organisation); 3 cannot run (the database cannot be read).
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from socialu.core.consistency import CheckOutcome, consistency_checks, consistency_report
from socialu.core.models import Organisation

EXIT_PROBLEMS = 1
EXIT_UNUSABLE = 2
EXIT_CANNOT_RUN = 3


class Command(BaseCommand):
    help = "Find records that contradict each other (per organisation); exit 1 if any are found."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--org", default="", help="Only this organisation (its slug); default: every one.")
        parser.add_argument("--json", action="store_true", help="Print the findings as JSON.")
        parser.add_argument(
            "--examples", type=int, default=5, help="How many examples to show of each kind (default 5)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            organisations = self._organisations(options)
            reports = [
                (organisation, consistency_report(organisation=organisation, examples=max(options["examples"], 0)))
                for organisation in organisations
            ]
        except DatabaseError as error:
            self._fail(
                options,
                EXIT_CANNOT_RUN,
                f"The database cannot be read ({error}). Check DATABASE_URL and run `socialu migrate`.",
            )
        found = sum(outcome.result.count for _, outcome_list in reports for outcome in outcome_list)
        if options["json"]:
            self.stdout.write(json.dumps(self._as_json(reports, found), indent=2))
        else:
            for organisation, outcomes in reports:
                self._print(organisation, outcomes)
        if found:
            raise SystemExit(EXIT_PROBLEMS)

    def _fail(self, options: dict[str, Any], code: int, message: str) -> None:
        if options["json"]:
            self.stdout.write(json.dumps({"error": message}))
        else:
            self.stderr.write(message)
        raise SystemExit(code)

    def _organisations(self, options: dict[str, Any]) -> list[Organisation]:
        if not options["org"]:
            return list(Organisation.objects.order_by("slug"))
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            self._fail(
                options,
                EXIT_UNUSABLE,
                f"There is no organisation '{options['org']}'. List them with `socialu org list`.",
            )
        assert organisation is not None
        return [organisation]

    def _as_json(self, reports: list[tuple[Organisation, list[CheckOutcome]]], found: int) -> dict[str, Any]:
        return {
            "problems": found,
            "checks": len(consistency_checks()),
            "organisations": [
                {
                    "slug": organisation.slug,
                    "name": organisation.name,
                    "problems": sum(outcome.result.count for outcome in outcomes),
                    "findings": [
                        {
                            "key": outcome.check.key,
                            "title": outcome.check.title,
                            "count": outcome.result.count,
                            "advice": outcome.check.advice,
                            "examples": [
                                {"subject": example.subject, "detail": example.detail}
                                for example in outcome.result.examples
                            ],
                        }
                        for outcome in outcomes
                        if outcome.result.count
                    ],
                }
                for organisation, outcomes in reports
            ],
        }

    def _print(self, organisation: Organisation, outcomes: list[CheckOutcome]) -> None:
        failing = [outcome for outcome in outcomes if outcome.result.count]
        if not failing:
            self.stdout.write(
                f"{organisation.name} ({organisation.slug}): nothing contradicts itself ({len(outcomes)} checks)."
            )
            return
        self.stdout.write(
            f"{organisation.name} ({organisation.slug}): {len(failing)} kind(s) of contradiction found "
            f"({len(outcomes)} checks)."
        )
        for outcome in failing:
            self.stdout.write(f"  {outcome.check.title}: {outcome.result.count}")
            for example in outcome.result.examples:
                self.stdout.write(f"    - {example.subject}: {example.detail}")
            if outcome.result.count > len(outcome.result.examples):
                self.stdout.write(f"    … and {outcome.result.count - len(outcome.result.examples)} more")
            self.stdout.write(f"    What to do: {outcome.check.advice}")
