"""``socialu strategy``: generate a strategy document, or export one as PDF, DOCX or Markdown."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from socialu.core.commands import SocialUCommand
from socialu.core.models import Organisation
from socialu.readiness import selectors as readiness_selectors
from socialu.strategy import exports, selectors, services


class Command(SocialUCommand):
    help = "Strategy documents: generate one from the latest readiness assessment, or export one to a file."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{generate,export}")
        generating = actions.add_parser("generate", help="Draft a new strategy document and print its id.")
        self.add_org_argument(generating)
        generating.add_argument(
            "--assessment", type=int, help="The readiness assessment id (default: the latest with results)."
        )
        generating.add_argument("--title", default="", help="The document's title (default: from the assessment).")
        generating.add_argument("--cost-per-hour", default="0", help="The cost of one hour, such as 45.50.")
        generating.add_argument("--currency", default="EUR", help="A three-letter currency code (default EUR).")
        generating.add_argument("--json", action="store_true", help="Print the result as JSON.")
        exporting = actions.add_parser("export", help="Write a strategy document to a file.")
        self.add_org_argument(exporting)
        exporting.add_argument("--format", required=True, choices=sorted(exports.FORMATS), help="pdf, docx or md.")
        exporting.add_argument("--document", type=int, help="The document id (default: the newest document).")
        exporting.add_argument("--version", type=int, help="The version number (default: the newest).")
        exporting.add_argument("out", type=Path, help="The file to write; - writes Markdown to standard output.")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = self.organisation(options)
        if options["action"] == "generate":
            self._generate(organisation, options)
        else:
            self._export(organisation, options)

    def _generate(self, organisation: Organisation, options: dict[str, Any]) -> None:
        if options["assessment"] is not None:
            assessment = readiness_selectors.assessment_get(
                organisation=organisation, assessment_id=options["assessment"]
            )
            if assessment is None:
                raise CommandError(f"There is no assessment {options['assessment']} in {organisation.name}.")
        else:
            assessment = readiness_selectors.latest_with_results(organisation=organisation)
        try:
            cost = Decimal(options["cost_per_hour"])
        except InvalidOperation:
            raise CommandError("--cost-per-hour must be a number, such as 45.50.") from None
        document = services.strategy_generate(
            organisation=organisation,
            assessment=assessment,
            title=options["title"],
            cost_per_hour=cost,
            currency=options["currency"],
        )
        view = selectors.document_view(document=document)
        assert view is not None
        if options["json"]:
            payload = {
                "document_id": document.pk,
                "title": document.title,
                "assessment_id": assessment.pk if assessment else None,
                "sections": [section["title"] for section in view.sections],
                "total_cost": str(view.estimate.cost),
                "currency": view.currency,
            }
            self.emit(payload, indent=2, ensure_ascii=False)
            return
        source = f" from “{assessment.title}”" if assessment else " from the organisation's data (no assessment)"
        self.stdout.write(f"Generated strategy document {document.pk}, “{document.title}”{source}.")

    def _export(self, organisation: Organisation, options: dict[str, Any]) -> None:
        if options["document"] is not None:
            document = selectors.document_get(organisation=organisation, document_id=options["document"])
            if document is None:
                raise CommandError(f"There is no strategy document {options['document']} in {organisation.name}.")
        else:
            document = selectors.document_latest(organisation=organisation)
            if document is None:
                raise CommandError(
                    f"{organisation.name} has no strategy document yet. "
                    f"Generate one with `socialu strategy generate --org {organisation.slug}`."
                )
        view = selectors.document_view(document=document, number=options["version"])
        if view is None:
            raise CommandError(f"Document {document.pk} has no version {options['version']}.")
        content = exports.export_bytes(view, options["format"])
        out: Path = options["out"]
        if str(out) == "-":
            if options["format"] != "md":
                raise CommandError("Only Markdown can be written to standard output; give a file name for PDF or DOCX.")
            self.stdout.write(content.decode("utf-8"), ending="")
            return
        if not out.parent.is_dir():
            raise CommandError(f"The folder {out.parent} does not exist.")
        out.write_bytes(content)
        self.stdout.write(f"Wrote “{document.title}” version {view.version.number} to {out} ({len(content):,} bytes).")
