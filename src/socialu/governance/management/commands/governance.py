"""``socialu governance``: import acknowledgements; install the default policy; check the account registry."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from socialu.core.models import Organisation
from socialu.governance.registry_selectors import registry_problems
from socialu.governance.services import GovernanceError, acknowledgements_import, policy_install_default


class Command(BaseCommand):
    help = (
        "Policies: import acknowledgements collected elsewhere, or install the default social media policy. "
        "Social media accounts: check the registry."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(
            dest="action", required=True, metavar="{acknowledgements-import,install-default,registry-check}"
        )
        importing = actions.add_parser(
            "acknowledgements-import",
            help="Import a CSV with columns employee_id, policy, version, acknowledged_at (all rows or none).",
        )
        importing.add_argument("--org", required=True, help="The organisation's slug.")
        importing.add_argument("file", type=Path, help="The CSV file.")
        importing.add_argument("--dry-run", action="store_true", help="Check the file and write nothing.")
        importing.add_argument("--json", action="store_true", help="Print the result as JSON.")
        installing = actions.add_parser("install-default", help="Install the default social media policy.")
        installing.add_argument("--org", required=True, help="The organisation's slug.")
        checking = actions.add_parser(
            "registry-check",
            help="List social media accounts that need attention, and who should act; exit 1 if there are any.",
        )
        checking.add_argument("--org", required=True, help="The organisation's slug.")
        checking.add_argument("--json", action="store_true", help="Print the problems as JSON.")
        checking.add_argument("--email", action="store_true", help="Also email the programme admins a summary.")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"There is no organisation '{options['org']}'. Create it with `socialu org create`.")
        if options["action"] == "install-default":
            policy, created = policy_install_default(organisation=organisation)
            state = "Installed" if created else "Already installed:"
            self.stdout.write(f"{state} “{policy.title}” for {organisation.name}.")
            return
        if options["action"] == "registry-check":
            self._registry_check(organisation, options)
            return
        self._import(organisation, options)

    def _registry_check(self, organisation: Organisation, options: dict[str, Any]) -> None:
        problems = registry_problems(organisation=organisation)
        if options["json"]:
            rows = [
                {
                    "account_id": problem.account.pk,
                    "account": str(problem.account),
                    "kind": problem.kind,
                    "severity": problem.severity,
                    "message": problem.message,
                    "who_should_act": problem.who_should_act,
                }
                for problem in problems
            ]
            self.stdout.write(json.dumps({"problems": rows}, indent=2))
        elif problems:
            for problem in problems:
                self.stdout.write(f"{problem.account}: {problem.message} Who should act: {problem.who_should_act}.")
        else:
            self.stdout.write(f"All of {organisation.name}'s social media accounts are in order.")
        if options["email"]:
            from socialu.governance.tasks import registry_check_run

            registry_check_run.enqueue(organisation.pk)
        if problems:
            raise SystemExit(1)

    def _import(self, organisation: Organisation, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"There is no file at {path}.")
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                result = acknowledgements_import(
                    organisation=organisation, rows=list(csv.DictReader(handle)), dry_run=options["dry_run"]
                )
        except (GovernanceError, UnicodeDecodeError, csv.Error) as error:
            raise CommandError(f"The file could not be read: {error}") from error
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "rows": result.rows,
                        "created": result.created,
                        "already_recorded": result.already,
                        "dry_run": options["dry_run"],
                        "errors": [{"line": p.line, "message": p.message} for p in result.problems],
                    },
                    indent=2,
                )
            )
        elif result.problems:
            for problem in result.problems:
                self.stderr.write(f"Line {problem.line}: {problem.message}")
        else:
            verb = "Would add" if options["dry_run"] else "Added"
            self.stdout.write(
                f"{verb} {result.created} acknowledgement(s); {result.already} were already recorded "
                f"({result.rows} row(s) read)."
            )
        if result.problems:
            raise CommandError(f"{len(result.problems)} row(s) rejected; nothing was written. Fix them and try again.")
