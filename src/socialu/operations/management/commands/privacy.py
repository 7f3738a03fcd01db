"""``socialu privacy``: export or erase one person's data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from socialu.core.commands import CommandFailedError, ExitCode, SocialUCommand
from socialu.core.models import Organisation
from socialu.operations import services
from socialu.people.models import Person
from socialu.people.selectors import person_find


class Command(SocialUCommand):
    help = (
        "People's data: `socialu privacy export --org SLUG --person ID_OR_EMAIL --out FILE.zip` writes "
        "everything SocialU holds about them; `socialu privacy erase … --yes` anonymises them; "
        "`socialu privacy retention --org SLUG` erases people past the inactive retention period."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{export,erase,retention}")
        export = actions.add_parser("export", help="Write a ZIP of everything SocialU holds about one person.")
        self.add_org_argument(export)
        export.add_argument("--person", required=True, help="Their employee id or email address.")
        export.add_argument("--out", type=Path, required=True, help="Where to write the ZIP file.")
        erase = actions.add_parser("erase", help="Anonymise one person, keeping the figures.")
        self.add_org_argument(erase)
        erase.add_argument("--person", required=True, help="Their employee id or email address.")
        erase.add_argument("--yes", action="store_true", help="Confirm: erasure cannot be undone.")
        retention = actions.add_parser("retention", help="Erase people inactive past the retention period now.")
        self.add_org_argument(retention)

    def _person(self, organisation: Organisation, identifier: str) -> Person:
        person = person_find(organisation=organisation, identifier=identifier)
        if person is None:
            raise CommandFailedError(
                f"{organisation.name} has nobody with the employee id or email {identifier!r}.",
                code=ExitCode.CANNOT_RUN,
            )
        return person

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = self.organisation(options)
        if options["action"] == "retention":
            erased = services.inactive_people_erase(organisation=organisation)
            self.stdout.write(f"{organisation.name}: {erased} inactive person(s) erased.")
            return
        person = self._person(organisation, options["person"])
        if options["action"] == "export":
            target: Path = options["out"]
            if target.parent and not target.parent.exists():
                raise CommandFailedError(
                    f"The folder {target.parent} does not exist; create it or choose another --out."
                )
            target.write_bytes(services.person_data_export(person=person))
            self.stdout.write(f"Wrote everything SocialU holds about {person.name} to {target}.")
            return
        if not options["yes"]:
            raise CommandFailedError(
                f"Erasing {person.name} cannot be undone. Run the command again with --yes to confirm."
            )
        result = services.person_erase(person=person)
        self.stdout.write(f"Erased the personal data of person #{result.person_id} ({result.rows} records).")
