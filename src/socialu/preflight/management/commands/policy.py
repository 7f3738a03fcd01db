"""``socialu policy export|import``: an organisation's policy rules as a YAML file."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from socialu.core.commands import SocialUCommand
from socialu.preflight import selectors, services


class Command(SocialUCommand):
    help = "Export or import an organisation's policy pre-flight rules as YAML."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        exporter = actions.add_parser("export", help="Write the rules in force (the default's when none) to a file.")
        self.add_org_argument(exporter)
        exporter.add_argument("file", help="The file to write ('-' for standard output).")
        importer = actions.add_parser("import", help="Check a YAML file and save it as the organisation's rules.")
        self.add_org_argument(importer)
        importer.add_argument("file", help="The YAML file to read ('-' for standard input).")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = self.organisation(options)
        file = options["file"]
        if options["action"] == "export":
            text = selectors.rule_set_yaml_for(organisation=organisation)
            if file == "-":
                self.stdout.write(text, ending="")
                return
            Path(file).write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {organisation.name}'s rules to {file}.")
            return
        try:
            text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        try:
            record = services.rule_set_save(organisation=organisation, yaml_text=text, user=None)
        except services.PolicyRulesError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"Saved {organisation.name}'s rules as version {record.version}.")
