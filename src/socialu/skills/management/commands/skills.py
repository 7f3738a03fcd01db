"""``socialu skills``: load and list the taxonomy, find people who can help, standings and strengths."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from socialu.contentfiles import ContentFileError
from socialu.core.commands import CommandFailedError, ExitCode, SocialUCommand
from socialu.core.models import Organisation
from socialu.people.selectors import person_find
from socialu.skills import exports, selectors, services
from socialu.skills.content import taxonomy_read
from socialu.skills.evidence import EvidenceItem


def _item(item: EvidenceItem) -> dict[str, Any]:
    return {"skill": item.skill_slug, "kind": item.kind, "label": item.label, "occurred_at": item.occurred_at}


class Command(SocialUCommand):
    help = (
        "Skills. `taxonomy load [FILE]` loads the taxonomy (the shipped one by default), `taxonomy list` lists it; "
        "`find` finds people who can help (by skill slug or free text); `standing SKILL` ranks everyone with "
        "evidence; `export SKILL FILE` writes the standing as CSV or XLSX; `strengths PERSON` shows one person's."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(
            dest="action", required=True, metavar="{taxonomy,find,standing,export,strengths}"
        )
        taxonomy = actions.add_parser("taxonomy", help="Load or list the skills taxonomy.")
        verbs = taxonomy.add_subparsers(dest="verb", required=True, metavar="{load,list}")
        loading = verbs.add_parser("load", help="Add and update skills by slug from a YAML file (never deletes).")
        loading.add_argument("file", nargs="?", type=Path, help="The file (default: the shipped skills.yaml).")
        self.add_org_argument(loading)
        listing = verbs.add_parser("list", help="List the skills, retired ones too.")
        self.add_org_argument(listing)
        find = actions.add_parser("find", help="Find people who can help, ranked by evidence.")
        find.add_argument("query", nargs="?", default="", help="Free text such as 'LinkedIn video'.")
        find.add_argument("--skill", default="", help="A skill slug (wins over the free text).")
        find.add_argument("--platform", default="", help="A platform slug.")
        find.add_argument("--location", default="")
        find.add_argument("--language", default="")
        find.add_argument("--time-zone", default="")
        find.add_argument("--audience", default="")
        find.add_argument("--limit", type=int, default=20)
        self.add_org_argument(find)
        standing = actions.add_parser("standing", help="Everyone with evidence in a skill, best first.")
        standing.add_argument("skill", help="The skill's slug.")
        standing.add_argument("--limit", type=int, default=50)
        self.add_org_argument(standing)
        export = actions.add_parser("export", help="Write a skill's standing to FILE (.csv or .xlsx).")
        export.add_argument("skill", help="The skill's slug.")
        export.add_argument("file", type=Path, help="Where to write; the extension chooses CSV or XLSX.")
        self.add_org_argument(export)
        strengths = actions.add_parser("strengths", help="One person's score per skill.")
        strengths.add_argument("person", help="Their employee ID or email address.")
        self.add_org_argument(strengths)

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = self.organisation(options)
        action = options["action"]
        if action == "taxonomy":
            self._taxonomy(organisation, options)
        elif action == "find":
            self._find(organisation, options)
        elif action == "standing":
            self._standing(organisation, options)
        elif action == "export":
            self._export(organisation, options)
        else:
            self._strengths(organisation, options)

    def _taxonomy(self, organisation: Organisation, options: dict[str, Any]) -> None:
        if options["verb"] == "load":
            path: Path | None = options["file"]
            if path is None:
                result = services.taxonomy_load_shipped(organisation=organisation)
            else:
                try:
                    taxonomy = taxonomy_read(path.read_bytes(), file=str(path))
                except OSError as error:
                    raise CommandFailedError(
                        f"Cannot read {path}: {error.strerror}.", code=ExitCode.UNUSABLE
                    ) from error
                except ContentFileError as error:
                    raise CommandFailedError(str(error), code=ExitCode.UNUSABLE) from error
                result = services.taxonomy_load(organisation=organisation, taxonomy=taxonomy)
            figures = {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
            if self.as_json:
                self.emit(figures)
            else:
                self.stdout.write(
                    f"Skills: {result.created} added, {result.updated} updated, {result.unchanged} unchanged."
                )
            return
        skills = list(selectors.skills_in(organisation=organisation, active_only=False))
        if self.as_json:
            self.emit(
                [
                    {
                        "slug": s.slug,
                        "name": s.name,
                        "kind": s.kind,
                        "competencies": s.competencies,
                        "active": s.is_active,
                    }
                    for s in skills
                ]
            )
            return
        for skill in skills:
            retired = "" if skill.is_active else " (retired)"
            self.stdout.write(f"{skill.slug:<24} {skill.kind:<9} {skill.name}{retired}")

    def _skill_or_fail(self, organisation: Organisation, slug: str) -> Any:
        skill = selectors.skill_get(organisation=organisation, slug=slug, active_only=False)
        if skill is None:
            raise CommandFailedError(
                f"There is no skill “{slug}”. See `socialu skills taxonomy list --org {organisation.slug}`.",
                code=ExitCode.UNUSABLE,
            )
        return skill

    def _find(self, organisation: Organisation, options: dict[str, Any]) -> None:
        skill, platform = options["skill"], options["platform"]
        if options["query"]:
            named_skill, named_platform = selectors.terms_parse(organisation=organisation, text=options["query"])
            skill, platform = skill or named_skill, platform or named_platform
        if not skill:
            raise CommandFailedError("Name a skill: --skill SLUG, or free text with its name.", code=ExitCode.UNUSABLE)
        self._skill_or_fail(organisation, skill)
        query = selectors.ExpertQuery(
            skill=skill,
            platform=platform,
            location=options["location"],
            language=options["language"],
            time_zone=options["time_zone"],
            audience=options["audience"],
        )
        results = selectors.experts_find(organisation=organisation, query=query, limit=max(options["limit"], 0))
        assert results is not None
        found = results.standings
        if self.as_json:
            self.emit(
                {
                    "skill": results.skill.slug,
                    "platform": results.platform.slug if results.platform else None,
                    "count": results.count,
                    "items": [
                        {
                            "person_id": s.person.pk,
                            "name": s.person.name,
                            "score": round(s.score, 3),
                            "evidence": [_item(i) for i in s.shown],
                        }
                        for s in found
                    ],
                }
            )
            return
        on = f" on {results.platform.name}" if results.platform else ""
        self.stdout.write(f"{results.skill.name}{on}: {results.count} people with evidence")
        for rank, standing in enumerate(found, start=1):
            self.stdout.write(f"{rank:>3}. {standing.person.name} ({standing.score:.2f})")
            for item in standing.shown:
                self.stdout.write(f"       - {item.label} ({item.occurred_at:%d %b %Y})")

    def _standing(self, organisation: Organisation, options: dict[str, Any]) -> None:
        skill = self._skill_or_fail(organisation, options["skill"])
        standings = selectors.skill_standing(organisation, skill)[: max(options["limit"], 0)]
        if self.as_json:
            self.emit(
                [
                    {
                        "person_id": s.person.pk,
                        "name": s.person.name,
                        "score": round(s.score, 3),
                        "evidence": [_item(i) for i in s.items],
                    }
                    for s in standings
                ]
            )
            return
        for rank, standing in enumerate(standings, start=1):
            self.stdout.write(
                f"{rank:>3}. {standing.person.name:<40} {standing.score:6.2f}  {len(standing.items)} item(s)"
            )

    def _export(self, organisation: Organisation, options: dict[str, Any]) -> None:
        skill = self._skill_or_fail(organisation, options["skill"])
        path: Path = options["file"]
        if path.suffix.lower() not in {".csv", ".xlsx"}:
            raise CommandFailedError("Name a .csv or .xlsx file.", code=ExitCode.UNUSABLE)
        rows = exports.standing_rows(organisation=organisation, skill=skill)
        if path.suffix.lower() == ".xlsx":
            with path.open("wb") as output:
                exports.xlsx_write(rows, title=skill.name, output=output)
        else:
            path.write_text(exports.csv_text(rows), encoding="utf-8")
        if self.as_json:
            self.emit({"file": str(path), "rows": len(rows) - 1})
        else:
            self.stdout.write(f"Wrote {len(rows) - 1} row(s) to {path}.")

    def _strengths(self, organisation: Organisation, options: dict[str, Any]) -> None:
        person = person_find(organisation=organisation, identifier=options["person"])
        if person is None:
            raise CommandFailedError(
                f"Nobody in the roster has the employee ID or email “{options['person']}”.", code=ExitCode.UNUSABLE
            )
        strengths = selectors.strengths_for(organisation, [person.pk]).get(person.pk, {})
        if self.as_json:
            self.emit({"person_id": person.pk, "name": person.name, "strengths": strengths})
            return
        for slug, score in sorted(strengths.items(), key=lambda pair: -pair[1]):
            self.stdout.write(f"{slug:<24} {score:6.2f}")
