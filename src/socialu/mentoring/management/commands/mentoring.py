"""``socialu mentoring``: programmes, the batch match, publishing, pairings, outcomes and exports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from socialu.core.commands import SocialUCommand
from socialu.core.errors import NotFoundError
from socialu.core.models import Organisation
from socialu.mentoring import selectors, services
from socialu.mentoring.api import pairing_out
from socialu.mentoring.exports import pairings_export
from socialu.mentoring.models import PairingStatus, Programme, ProgrammeKind

ACTIONS = "{programmes,create,match,publish,pairings,adjust,outcomes,export}"


class Command(SocialUCommand):
    help = (
        "Mentoring: list and create programmes, run the batch match, publish the proposals, list pairings, "
        "show a programme's outcomes and export its pairings as CSV or XLSX."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar=ACTIONS)
        listing = actions.add_parser("programmes", help="List the organisation's mentoring programmes.")
        self.add_org_argument(listing)
        create = actions.add_parser("create", help="Create a programme.")
        self.add_org_argument(create)
        create.add_argument("name")
        create.add_argument("--kind", choices=ProgrammeKind.values, default=ProgrammeKind.STANDARD)
        create.add_argument("--goals", default="")
        create.add_argument("--weeks", type=int, default=12, help="Length in weeks.")
        create.add_argument("--cadence", type=int, default=14, help="Days between meetings.")
        create.add_argument("--capacity", type=int, default=2, help="Mentees per mentor by default.")
        create.add_argument("--mentee-audience", action="append", default=[], help="Repeat for several.")
        create.add_argument("--mentor-audience", action="append", default=[], help="Repeat for several.")
        for name, text in (
            ("match", "Propose a mentor for every waiting mentee (replaces unpublished proposals)."),
            ("publish", "Publish the proposals; both sides are asked to accept."),
            ("outcomes", "Show a programme's outcomes (leave the slug out to compare every programme)."),
        ):
            action = actions.add_parser(name, help=text)
            self.add_org_argument(action)
            action.add_argument("programme", nargs="?" if name == "outcomes" else None, help="The programme's slug.")
        pairings = actions.add_parser("pairings", help="List a programme's pairings.")
        self.add_org_argument(pairings)
        pairings.add_argument("programme", help="The programme's slug.")
        pairings.add_argument("--status", choices=PairingStatus.values, default="")
        adjust = actions.add_parser("adjust", help="Give a proposal another mentor (the same rules apply).")
        self.add_org_argument(adjust)
        adjust.add_argument("pairing", type=int, help="The pairing's id (see `pairings`).")
        adjust.add_argument("mentor", type=int, help="The new mentor's person id.")
        export = actions.add_parser("export", help="Write a programme's pairings to a CSV or XLSX file.")
        self.add_org_argument(export)
        export.add_argument("programme", help="The programme's slug.")
        export.add_argument("output", type=Path, help="The file to write; .xlsx for a workbook, else CSV.")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = self.organisation(options)
        action = options["action"]
        if action == "programmes":
            self._programmes(organisation)
        elif action == "create":
            self._create(organisation, options)
        elif action == "adjust":
            self._adjust(organisation, options)
        elif action == "outcomes" and not options["programme"]:
            self._compare(organisation)
        else:
            getattr(self, f"_{action}")(organisation, self._programme(organisation, options["programme"]), options)

    def _programme(self, organisation: Organisation, slug: str) -> Programme:
        programme = selectors.programme_get(organisation=organisation, slug=slug)
        if programme is None:
            raise NotFoundError(f"No programme “{slug}”. `socialu mentoring programmes --org …` lists them.")
        return programme

    def _adjust(self, organisation: Organisation, options: dict[str, Any]) -> None:
        pairing = selectors.pairing_get(organisation=organisation, pairing_id=options["pairing"])
        if pairing is None:
            raise NotFoundError(f"No pairing {options['pairing']} in this organisation.")
        pairing = services.proposal_adjust(organisation=organisation, pairing=pairing, mentor_id=options["mentor"])
        if self.as_json:
            self.emit(pairing_out(pairing))
            return
        self.stdout.write(f"Pairing {pairing.pk}: {pairing.mentor.name} now mentors {pairing.mentee.name}.")

    def _compare(self, organisation: Organisation) -> None:
        rows = selectors.outcomes_by_programme(organisation=organisation)
        if self.as_json:
            self.emit(rows)
            return
        for row in rows:
            self.stdout.write(
                f"{row['slug']:30} mentees {row['mentees']}, met in 30 days {row['met_within_30_days']}, "
                f"satisfaction {row['satisfaction']}, closed early {row['closed_early']}"
            )

    def _programmes(self, organisation: Organisation) -> None:
        rows = [
            {"slug": p.slug, "name": p.name, "kind": p.kind, "cadence_days": p.cadence_days}
            for p in selectors.programme_list(organisation=organisation)
        ]
        if self.as_json:
            self.emit(rows)
            return
        for row in rows:
            self.stdout.write(f"{row['slug']:30} {row['kind']:9} {row['name']}")

    def _create(self, organisation: Organisation, options: dict[str, Any]) -> None:
        settings = services.ProgrammeSettings(
            name=options["name"],
            kind=options["kind"],
            goals=options["goals"],
            length_weeks=options["weeks"],
            cadence_days=options["cadence"],
            default_capacity=options["capacity"],
            mentee_audiences=options["mentee_audience"],
            mentor_audiences=options["mentor_audience"],
        )
        programme = services.programme_create(organisation=organisation, settings=settings)
        if self.as_json:
            self.emit({"slug": programme.slug, "name": programme.name})
            return
        self.stdout.write(f"Created {programme.name} ({programme.slug}).")

    def _match(self, organisation: Organisation, programme: Programme, options: dict[str, Any]) -> None:
        with self.working("Matching…"):
            run = services.match_run(organisation=organisation, programme=programme)
        if self.as_json:
            self.emit({"proposed": run.proposed, "unmatched": run.unmatched, "total_fit": round(run.total_fit, 3)})
            return
        self.stdout.write(f"{run.proposed} pair(s) proposed; {run.unmatched} mentee(s) without a mentor.")

    def _publish(self, organisation: Organisation, programme: Programme, options: dict[str, Any]) -> None:
        count = services.proposals_publish(organisation=organisation, programme=programme)
        if self.as_json:
            self.emit({"published": count})
            return
        self.stdout.write(f"{count} proposal(s) published; both sides are asked to accept.")

    def _pairings(self, organisation: Organisation, programme: Programme, options: dict[str, Any]) -> None:
        rows = selectors.pairings(organisation=organisation, programme=programme, status=options["status"])
        if self.as_json:
            self.emit([pairing_out(pairing) for pairing in rows])
            return
        for pairing in rows:
            self.stdout.write(f"{pairing.pk:6} {pairing.status:12} {pairing.mentor.name} → {pairing.mentee.name}")
            self.stdout.write(f"       {pairing.explanation}")

    def _outcomes(self, organisation: Organisation, programme: Programme, options: dict[str, Any]) -> None:
        result = selectors.outcomes(organisation=organisation, programme=programme)
        data = {
            "overall": result.overall,
            "by_unit": result.by_unit,
            "by_audience": result.by_audience,
            "closure_reasons": result.closure_reasons,
            "mentor_load": result.mentor_load,
        }
        if self.as_json:
            self.emit(data)
            return
        for key, value in result.overall.items():
            self.stdout.write(f"{key:24} {'—' if value is None else value}")
        for reason, count in result.closure_reasons:
            self.stdout.write(f"closed early: {count} × {reason}")

    def _export(self, organisation: Organisation, programme: Programme, options: dict[str, Any]) -> None:
        path: Path = options["output"]
        with path.open("wb") as handle:
            count = pairings_export(
                organisation=organisation,
                programme=programme,
                format="xlsx" if path.suffix.lower() == ".xlsx" else "csv",
                output=handle,
            )
        if self.as_json:
            self.emit({"rows": count, "file": str(path)})
            return
        self.stdout.write(f"{count} pairing(s) written to {path}.")
