"""``socialu curriculum import|export``: course as code."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from socialu.core.commands import SocialUCommand
from socialu.curriculum.services import (
    curriculum_export,
    curriculum_import,
    default_folder,
)


class Command(SocialUCommand):
    help = "Import or export an organisation's curriculum as a folder of YAML and Markdown files."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        importer = actions.add_parser("import", help="Import a curriculum folder ('default' for the shipped one).")
        importer.add_argument("folder", help="The folder, or 'default' for SocialU's default curriculum.")
        self.add_org_argument(importer)
        importer.add_argument("--json", action="store_true", help="Print the result as one JSON object.")
        exporter = actions.add_parser("export", help="Write the organisation's curriculum into a folder.")
        self.add_org_argument(exporter)
        exporter.add_argument("folder", help="The folder to write: new or empty (created if missing).")
        exporter.add_argument(
            "--force",
            action="store_true",
            help="Write over an earlier export: its curriculum.yaml and courses/ are removed first.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = self.organisation(options)
        folder = default_folder() if options["folder"] == "default" else Path(options["folder"])
        if options["action"] == "export":
            exported = curriculum_export(organisation=organisation, folder=folder, force=options["force"])
            if exported.cleared:
                self.stdout.write(f"Removed the earlier export in {folder} first: {' and '.join(exported.cleared)}.")
            self.stdout.write(f"Wrote {len(exported.spec.courses)} courses to {folder}.")
            return
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder. Give the folder that holds curriculum.yaml.")
        with self.working(f"Importing the curriculum from {folder}…"):
            result = curriculum_import(organisation=organisation, folder=folder)
        if options["json"]:
            self.emit(result.to_dict())
            return
        self.stdout.write(
            f"Imported into {organisation.name}: {len(result.courses_created)} new courses, "
            f"{len(result.versions_created)} new versions, {len(result.courses_unchanged)} unchanged "
            f"({result.lessons} lessons, {result.questions} questions)."
        )
