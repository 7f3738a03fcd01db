"""``socialu champions``: the network, coverage gaps, nominations and decisions, terms, the digest, exports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from socialu.core.commands import CommandFailedError, ExitCode, SocialUCommand
from socialu.core.models import Organisation
from socialu.people.selectors import person_find, unit_get
from socialu.skills.champions import selectors, services
from socialu.skills.champions.exports import champion_rows
from socialu.skills.exports import csv_text, xlsx_write
from socialu.skills.models import ChampionRole, Nomination


def _nomination(nomination: Nomination) -> dict[str, Any]:
    return {
        "id": nomination.pk,
        "person": nomination.person.name,
        "role": nomination.role,
        "nominator_kind": nomination.nominator_kind,
        "nominated_by": nomination.nominated_by_name,
        "reason": nomination.reason,
        "status": nomination.status,
    }


class Command(SocialUCommand):
    help = (
        "Champions network. `list` shows running terms; `coverage` the divisions and locations without a champion "
        "(exit 1 when there are gaps); `nominations`, `nominate PERSON --reason …` (as an admin), "
        "`decide ID approve|decline`, `renew TERM`, `end TERM`; `digest` sends the monthly digest now; "
        "`export FILE` writes the register as CSV or XLSX."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(
            dest="action",
            required=True,
            metavar="{list,coverage,nominations,nominate,decide,renew,end,digest,export}",
        )
        self.add_org_argument(actions.add_parser("list", help="The running terms."))
        coverage = actions.add_parser("coverage", help="Where there is no champion; exit 1 when there are gaps.")
        coverage.add_argument("--unit", type=int, default=None, help="Inside this unit (by its id) instead.")
        self.add_org_argument(coverage)
        self.add_org_argument(actions.add_parser("nominations", help="Recent nominations, newest first."))
        nominate = actions.add_parser("nominate", help="Nominate someone, as a programme admin would.")
        nominate.add_argument("person", help="Their employee ID or email address.")
        nominate.add_argument("--role", choices=ChampionRole.values, default=ChampionRole.CHAMPION)
        nominate.add_argument("--reason", required=True, help="Why, in at least 20 characters.")
        self.add_org_argument(nominate)
        decide = actions.add_parser("decide", help="Approve or decline a nomination.")
        decide.add_argument("nomination", type=int)
        decide.add_argument("decision", choices=["approve", "decline"])
        decide.add_argument("--note", default="")
        self.add_org_argument(decide)
        for name, words in (("renew", "Renew a term for another term length."), ("end", "End a term today.")):
            term = actions.add_parser(name, help=words)
            term.add_argument("term", type=int)
            self.add_org_argument(term)
        self.add_org_argument(actions.add_parser("digest", help="Send the monthly digest now."))
        export = actions.add_parser("export", help="Write the register of running terms to FILE (.csv or .xlsx).")
        export.add_argument("file", type=Path)
        self.add_org_argument(export)

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = self.organisation(options)
        handler = getattr(self, f"_{options['action']}")
        handler(organisation, options)

    def _list(self, organisation: Organisation, options: dict[str, Any]) -> None:
        terms = list(selectors.terms_current(organisation=organisation))
        rows = [
            {
                "term": t.pk,
                "name": t.person.name,
                "role": t.role,
                "starts_on": t.starts_on,
                "ends_on": t.ends_on,
                "renewals": t.renewals,
                "unit": t.person.unit.path if t.person.unit else "",
                "location": t.person.location,
            }
            for t in terms
        ]
        if self.as_json:
            self.emit(rows)
            return
        for row in rows:
            self.stdout.write(f"{row['term']:>5}  {row['name']:<32} {row['role']:<18} until {row['ends_on']}")

    def _coverage(self, organisation: Organisation, options: dict[str, Any]) -> None:
        unit = None
        if options["unit"] is not None:
            unit = unit_get(organisation=organisation, unit_id=options["unit"])
            if unit is None:
                raise CommandFailedError(f"There is no unit {options['unit']}.", code=ExitCode.UNUSABLE)
        found = selectors.coverage(organisation=organisation, unit=unit)
        if self.as_json:
            self.emit(
                {
                    "division_gaps": found.division_gaps,
                    "location_gaps": found.location_gaps,
                    "divisions": found.divisions,
                    "locations": found.locations,
                }
            )
        else:
            for name, people, champions in found.divisions:
                self.stdout.write(f"{name:<40} {people:>6} people  {champions:>3} champion(s)")
        if found.division_gaps or found.location_gaps:
            gaps = ", ".join([*found.division_gaps, *found.location_gaps])
            raise CommandFailedError(f"No champion yet in: {gaps}.", code=ExitCode.PROBLEMS)

    def _nominations(self, organisation: Organisation, options: dict[str, Any]) -> None:
        rows = [_nomination(n) for n in selectors.nominations_recent(organisation=organisation)]
        if self.as_json:
            self.emit(rows)
            return
        for row in rows:
            self.stdout.write(f"{row['id']:>5}  {row['status']:<9} {row['person']:<32} {row['role']}")

    def _nominate(self, organisation: Organisation, options: dict[str, Any]) -> None:
        person = person_find(organisation=organisation, identifier=options["person"])
        if person is None:
            raise CommandFailedError(
                f"Nobody has the employee ID or email “{options['person']}”.", code=ExitCode.UNUSABLE
            )
        nomination = services.nomination_create(
            organisation=organisation,
            person_id=person.pk,
            role=options["role"],
            reason=options["reason"],
            nominator=None,
            nominator_user_id=None,
            nominator_name="Command line",
            as_admin=True,
        )
        if self.as_json:
            self.emit(_nomination(nomination))
        else:
            self.stdout.write(f"Nomination {nomination.pk}: {person.name} as {nomination.get_role_display().lower()}.")

    def _decide(self, organisation: Organisation, options: dict[str, Any]) -> None:
        nomination = selectors.nomination_get(organisation=organisation, nomination_id=options["nomination"])
        if nomination is None:
            raise CommandFailedError(f"There is no nomination {options['nomination']}.", code=ExitCode.UNUSABLE)
        term = services.nomination_decide(
            organisation=organisation,
            nomination=nomination,
            approve=options["decision"] == "approve",
            decided_by_id=None,
            note=options["note"],
        )
        result = {
            "status": nomination.status,
            "term": term.pk if term else None,
            "ends_on": term.ends_on if term else None,
        }
        if self.as_json:
            self.emit(result)
        else:
            self.stdout.write(f"Nomination {nomination.pk} {nomination.status}.")

    def _term(self, organisation: Organisation, term_id: int) -> Any:
        term = selectors.term_get(organisation=organisation, term_id=term_id)
        if term is None:
            raise CommandFailedError(f"There is no term {term_id}.", code=ExitCode.UNUSABLE)
        return term

    def _renew(self, organisation: Organisation, options: dict[str, Any]) -> None:
        term = services.term_renew(organisation=organisation, term=self._term(organisation, options["term"]))
        if self.as_json:
            self.emit({"term": term.pk, "ends_on": term.ends_on, "renewals": term.renewals})
        else:
            self.stdout.write(f"{term.person.name}'s term now runs until {term.ends_on}.")

    def _end(self, organisation: Organisation, options: dict[str, Any]) -> None:
        term = services.term_end(organisation=organisation, term=self._term(organisation, options["term"]))
        if self.as_json:
            self.emit({"term": term.pk, "ended_on": term.ended_on})
        else:
            self.stdout.write(f"{term.person.name}'s term has ended.")

    def _digest(self, organisation: Organisation, options: dict[str, Any]) -> None:
        sent = services.digest_send(organisation=organisation)
        if self.as_json:
            self.emit({"sent": sent})
        else:
            self.stdout.write(f"Digest sent to {sent} champion(s) and sponsor(s).")

    def _export(self, organisation: Organisation, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        if path.suffix.lower() not in {".csv", ".xlsx"}:
            raise CommandFailedError("Name a .csv or .xlsx file.", code=ExitCode.UNUSABLE)
        rows = champion_rows(organisation=organisation)
        if path.suffix.lower() == ".xlsx":
            with path.open("wb") as output:
                xlsx_write(rows, title="Champions", output=output)
        else:
            path.write_text(csv_text(rows), encoding="utf-8")
        if self.as_json:
            self.emit({"file": str(path), "rows": len(rows) - 1})
        else:
            self.stdout.write(f"Wrote {len(rows) - 1} row(s) to {path}.")
