"""``socialu doctor``: find records that contradict each other, per organisation.

    socialu doctor [--org SLUG] [--json] [--examples N]

Runs every consistency check the installed apps register (see
:mod:`socialu.core.consistency`): courses completed before the enrolment,
quiz attempts before it, certificates issued before their requirements were
met, and so on. Without ``--org`` it checks every organisation.

Exit codes (the house ones, :class:`socialu.core.commands.ExitCode`): 0 nothing
found; 1 contradictions found (listed); 3 cannot run (an unknown organisation,
or the database cannot be read).
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.db import DatabaseError

from socialu.core.commands import CommandFailedError, ExitCode, SocialUCommand
from socialu.core.consistency import CheckOutcome, consistency_checks, consistency_report
from socialu.core.models import Organisation


class Command(SocialUCommand):
    help = "Find records that contradict each other (per organisation); exit 1 if any are found."

    def add_arguments(self, parser: ArgumentParser) -> None:
        self.add_org_argument(parser, required=False)
        parser.add_argument(
            "--examples", type=int, default=5, help="How many examples to show of each kind (default 5)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            organisations = self.organisations(options)
            reports = [
                (organisation, consistency_report(organisation=organisation, examples=max(options["examples"], 0)))
                for organisation in organisations
            ]
        except DatabaseError as error:
            raise CommandFailedError(
                f"The database cannot be read ({error}). Check DATABASE_URL and run `socialu migrate`.",
                code=ExitCode.CANNOT_RUN,
            ) from error
        found = sum(outcome.result.count for _, outcome_list in reports for outcome in outcome_list)
        if self.as_json:
            self.emit(self._as_json(reports, found), indent=2)
        else:
            for organisation, outcomes in reports:
                self._print(organisation, outcomes)
        if found:
            raise SystemExit(ExitCode.PROBLEMS)

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
