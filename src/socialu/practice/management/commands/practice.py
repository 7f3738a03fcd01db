"""``socialu practice``: import, export and list scenarios; list practice attempts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from socialu.core.commands import SocialUCommand
from socialu.core.models import Organisation
from socialu.people.selectors import people_in
from socialu.practice import presenting, selectors, services
from socialu.practice.checking import model_answer_problems
from socialu.practice.models import Scenario
from socialu.practice.scenario_files import ScenarioFileError, dump_scenario, load_scenario_folder, shipped_folder


class Command(SocialUCommand):
    help = (
        "Practice sandbox. `scenarios import [DIR]` installs scenario files (the shipped set by default), "
        "`scenarios export DIR` writes them out, `scenarios list` lists them, `scenarios check [DIR]` validates files "
        "without importing them; `attempts` lists practice answers."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{scenarios,attempts}")
        scenarios = actions.add_parser("scenarios", help="Import, export or list the organisation's scenarios.")
        verbs = scenarios.add_subparsers(dest="verb", required=True, metavar="{import,export,list,check}")
        importing = verbs.add_parser(
            "import", help="Create or update scenarios by slug from a folder of <slug>.yaml files (all or none)."
        )
        importing.add_argument("folder", nargs="?", type=Path, help="The folder (default: the shipped scenarios).")
        self.add_org_argument(importing)
        importing.add_argument("--json", action="store_true", help="Print the result as JSON.")
        exporting = verbs.add_parser("export", help="Write each scenario to <slug>.yaml in a folder.")
        exporting.add_argument("folder", type=Path, help="The folder to write to (created if missing).")
        self.add_org_argument(exporting)
        listing = verbs.add_parser("list", help="List the scenarios, retired ones too.")
        self.add_org_argument(listing)
        listing.add_argument("--json", action="store_true", help="Print the scenarios as JSON.")
        checking = verbs.add_parser(
            "check",
            help="Validate scenario files and check each model answer against the default rules; exit 1 on problems.",
        )
        checking.add_argument("folder", nargs="?", type=Path, help="The folder (default: the shipped scenarios).")
        attempts = actions.add_parser("attempts", help="List practice answers, newest first.")
        self.add_org_argument(attempts)
        attempts.add_argument("--person", default="", help="Only this person's answers (their email).")
        attempts.add_argument("--limit", type=int, default=1000, help="At most this many (default 1000).")
        attempts.add_argument("--json", action="store_true", help="Print the answers as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "scenarios" and options["verb"] == "check":
            self._check(options["folder"] or shipped_folder())
            return
        organisation = self.organisation(options)
        if options["action"] == "attempts":
            self._attempts(organisation, options)
        elif options["verb"] == "import":
            self._import(organisation, options)
        elif options["verb"] == "export":
            self._export(organisation, options["folder"])
        else:
            self._list(organisation, options)

    def _check(self, folder: Path) -> None:
        try:
            scenarios = load_scenario_folder(folder)
        except ScenarioFileError as error:
            self.stderr.write(str(error))
            raise CommandError("Fix the files above and check again.") from error
        problems = model_answer_problems(scenarios)
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"The default policy rules found {len(problems)} problem(s) in model answers.")
        self.stdout.write(f"All {len(scenarios)} scenario file(s) in {folder} are valid.")

    def _import(self, organisation: Organisation, options: dict[str, Any]) -> None:
        folder: Path = options["folder"] or shipped_folder()
        try:
            scenarios = load_scenario_folder(folder)
        except ScenarioFileError as error:
            self.stderr.write(str(error))
            raise CommandError("Nothing was imported: fix the files above and run the import again.") from error
        result = services.scenarios_import(organisation=organisation, scenarios=scenarios)
        if options["json"]:
            data = {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
            self.emit(data, indent=2)
        else:
            self.stdout.write(
                f"{result.total} scenario(s) read for {organisation.name}: {result.created} created, "
                f"{result.updated} updated, {result.unchanged} unchanged."
            )

    def _export(self, organisation: Organisation, folder: Path) -> None:
        scenarios = selectors.scenario_list(organisation=organisation, include_retired=True)
        if not scenarios:
            raise CommandError(
                f"{organisation.name} has no scenarios. Import some with `socialu practice scenarios import`."
            )
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for scenario in scenarios:
                full = Scenario.objects.get(pk=scenario.pk)
                (folder / f"{scenario.slug}.yaml").write_text(
                    dump_scenario(services.scenario_data(full)), encoding="utf-8"
                )
        except OSError as error:
            raise CommandError(f"The files could not be written to {folder}: {error}") from error
        self.stdout.write(f"Wrote {len(scenarios)} scenario file(s) to {folder}.")

    def _list(self, organisation: Organisation, options: dict[str, Any]) -> None:
        scenarios = selectors.scenario_list(organisation=organisation, include_retired=True)
        if options["json"]:
            rows = [
                {
                    "slug": s.slug,
                    "title": s.title,
                    "platform": s.platform,
                    "difficulty": s.difficulty,
                    "situation_type": s.situation_type,
                    "audiences": s.audiences,
                    "status": s.status,
                }
                for s in scenarios
            ]
            self.emit({"scenarios": rows}, indent=2)
            return
        if not scenarios:
            self.stdout.write(f"{organisation.name} has no scenarios yet: run `socialu practice scenarios import`.")
        for s in scenarios:
            retired = " (retired)" if s.status == "retired" else ""
            self.stdout.write(f"{s.slug}\t{s.platform}\t{s.difficulty}\t{s.situation_type}\t{s.title}{retired}")

    def _attempts(self, organisation: Organisation, options: dict[str, Any]) -> None:
        person = None
        if options["person"]:
            person = people_in(organisation=organisation).filter(email__iexact=options["person"].strip()).first()
            if person is None:
                raise CommandError(f"Nobody in {organisation.name}'s roster has the email {options['person']}.")
        attempts = selectors.attempts_for_listing(organisation=organisation, person=person, limit=options["limit"])
        rows = [presenting.attempt_summary(attempt) for attempt in attempts]
        if options["json"]:
            self.emit({"attempts": rows}, indent=2)
            return
        if not rows:
            self.stdout.write("No practice answers yet.")
        for row in rows:
            score = f"{row['mean_score']:.1f}" if row["mean_score"] is not None else "-"
            passed = {True: "passed", False: "not passed", None: ""}[row["passed"]]
            self.stdout.write(
                f"{row['id']}\t{row['person']}\t{row['scenario']}\t{row['status']}\t{score}\t{passed}".rstrip()
            )
