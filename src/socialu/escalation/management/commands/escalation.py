"""``socialu escalation``: the response decision tree and the decision log from the command line.

    socialu escalation tree export --org SLUG [FILE] [--version N]
    socialu escalation tree import --org SLUG FILE [--summary TEXT]
    socialu escalation tree validate FILE
    socialu escalation log list --org SLUG [--action A] [--since D] [--until D] [--walker W] [--q TEXT] [--json]
    socialu escalation log export --org SLUG FILE [filters]   (CSV, or XLSX when FILE ends .xlsx)
    socialu escalation walk --org SLUG --answers "Negative;None of these;A troll;No" [--record --url U|--text T]

Exit codes: 0 success; 1 the tree or answers have problems (listed, by node); 2 unusable input.
"""

from __future__ import annotations

import sys
from argparse import ArgumentTypeError
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from socialu.core.commands import SocialUCommand
from socialu.core.models import Organisation
from socialu.escalation import exports, selectors, services
from socialu.escalation.tree import Outcome, TreeInvalidError, document_from_yaml, tree_parse
from socialu.escalation.walking import WalkError, tree_walk

EXIT_PROBLEMS = 1
EXIT_UNUSABLE = 2


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        # argparse reports this and exits with status 2 (EXIT_UNUSABLE).
        raise ArgumentTypeError(f"“{value}” is not a date; write it as YYYY-MM-DD.") from error


def _add_filters(parser: CommandParser) -> None:
    parser.add_argument(
        "--action", dest="outcome_action", default="", help="respond, fix_facts, restore, monitor or escalate."
    )
    parser.add_argument("--since", type=_date, help="From this date (YYYY-MM-DD).")
    parser.add_argument("--until", type=_date, help="Up to and including this date (YYYY-MM-DD).")
    parser.add_argument("--walker", default="", help="Part of the walker's name or email.")
    parser.add_argument("--q", default="", help="Words in the post, outcome title or note.")


class Command(SocialUCommand):
    help = "The response decision tree (export, import, validate), the decision log (list, export), and walking it."

    def add_arguments(self, parser: CommandParser) -> None:
        areas = parser.add_subparsers(dest="area", required=True, metavar="{tree,log,walk}")
        tree = areas.add_parser("tree", help="Export, import or check the decision tree as YAML.")
        tree_actions = tree.add_subparsers(dest="action", required=True, metavar="{export,import,validate}")
        exporter = tree_actions.add_parser("export", help="Write the tree in force (or a version) as YAML.")
        self.add_org_argument(exporter)
        exporter.add_argument("file", nargs="?", default="-", help="The file to write ('-' or nothing: standard out).")
        exporter.add_argument("--version", type=int, dest="tree_version", help="A saved version instead.")
        importer = tree_actions.add_parser("import", help="Check a YAML file and save it as the next version.")
        self.add_org_argument(importer)
        importer.add_argument("file", help="The YAML file ('-' for standard input).")
        importer.add_argument("--summary", default="Imported from the command line", help="What changed.")
        importer.add_argument("--json", action="store_true", help="Print the result as JSON.")
        validator = tree_actions.add_parser("validate", help="Check a YAML file; exit 1 listing problems by node.")
        validator.add_argument("file", help="The YAML file ('-' for standard input).")
        validator.add_argument("--json", action="store_true", help="Print the problems as JSON.")
        log = areas.add_parser("log", help="List or export the decision log.")
        log_actions = log.add_subparsers(dest="action", required=True, metavar="{list,export}")
        lister = log_actions.add_parser("list", help="Print recorded decisions, newest first.")
        self.add_org_argument(lister)
        _add_filters(lister)
        lister.add_argument("--limit", type=int, default=50, help="At most this many (default 50).")
        lister.add_argument("--json", action="store_true", help="Print the decisions as JSON.")
        log_exporter = log_actions.add_parser("export", help="Write the decisions to a CSV or XLSX file.")
        self.add_org_argument(log_exporter)
        log_exporter.add_argument("file", help="The file to write: .xlsx for Excel, anything else for CSV.")
        _add_filters(log_exporter)
        walker = areas.add_parser("walk", help="Walk the tree with answers given in advance; optionally record it.")
        self.add_org_argument(walker)
        walker.add_argument(
            "--answers", default="", help="Answers separated by ';', each a label or its number (1 for the first)."
        )
        walker.add_argument("--record", action="store_true", help="Record the decision in the log.")
        walker.add_argument("--url", default="", help="The link to the post (for --record).")
        walker.add_argument("--text", default="", help="The post's text (for --record).")
        walker.add_argument("--note", default="", help="A note for the log (for --record).")
        walker.add_argument("--json", action="store_true", help="Print the result as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        area, action = options["area"], options.get("action")
        if area == "tree" and action == "validate":
            self._validate(options)
            return
        organisation = self.organisation(options)
        if area == "tree" and action == "export":
            self._tree_export(organisation, options)
        elif area == "tree":
            self._tree_import(organisation, options)
        elif area == "log" and action == "list":
            self._log_list(organisation, options)
        elif area == "log":
            self._log_export(organisation, options)
        else:
            self._walk(organisation, options)

    # The tree ------------------------------------------------------------------------------------

    def _read(self, file: str) -> str:
        if file == "-":
            return sys.stdin.read()
        try:
            return Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}", returncode=EXIT_UNUSABLE) from error

    def _report(self, problems: list[Any], as_json: bool) -> None:
        if as_json:
            self.emit({"valid": False, "problems": [{"node": p.node, "message": p.message} for p in problems]})
        else:
            for problem in problems:
                self.stderr.write(str(problem))
        self.stdout.flush()
        sys.exit(EXIT_PROBLEMS)

    def _validate(self, options: dict[str, Any]) -> None:
        try:
            tree = tree_parse(document_from_yaml(self._read(options["file"])), roles=selectors.ROLES)
        except TreeInvalidError as invalid:
            self._report(invalid.problems, options["json"])
            return
        if options["json"]:
            self.emit({"valid": True, "nodes": len(tree.nodes), "problems": []})
        else:
            self.stdout.write(f"The tree is valid: {len(tree.nodes)} nodes, starting at “{tree.start}”.")

    def _tree_export(self, organisation: Organisation, options: dict[str, Any]) -> None:
        try:
            text = selectors.tree_yaml(organisation=organisation, version=options["tree_version"])
        except LookupError as error:
            raise CommandError(str(error), returncode=EXIT_UNUSABLE) from error
        if options["file"] == "-":
            self.stdout.write(text, ending="")
        else:
            Path(options["file"]).write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote the decision tree of {organisation.name} to {options['file']}.")

    def _tree_import(self, organisation: Organisation, options: dict[str, Any]) -> None:
        try:
            saved, created = services.decision_tree_save_yaml(
                organisation=organisation, text=self._read(options["file"]), summary=options["summary"]
            )
        except services.TreeRejectedError as rejected:
            self._report(rejected.problems, options["json"])
            return
        if options["json"]:
            self.emit({"valid": True, "version": saved.version, "created": created})
        elif created:
            self.stdout.write(f"Saved version {saved.version} of the decision tree of {organisation.name}.")
        else:
            self.stdout.write(f"Nothing changed: version {saved.version} is already this tree.")

    # The log ---------------------------------------------------------------------------------------

    def _filters(self, options: dict[str, Any]) -> selectors.LogFilters:
        return selectors.LogFilters(
            action=options["outcome_action"],
            since=options["since"],
            until=options["until"],
            walker=options["walker"],
            q=options["q"],
        )

    def _log_list(self, organisation: Organisation, options: dict[str, Any]) -> None:
        entries = list(
            selectors.log_entries(organisation=organisation, filters=self._filters(options))[: options["limit"]]
        )
        if options["json"]:
            rows = [
                {
                    "id": entry.pk,
                    "created_at": entry.created_at.isoformat(),
                    "outcome_action": entry.outcome_action,
                    "outcome_title": entry.outcome_title,
                    "post_url": entry.post_url,
                    "post_text": entry.post_text,
                    "path": entry.path,
                    "walked_by_email": entry.walked_by_email,
                    "notified": entry.notified,
                    "note": entry.note,
                    "tree_version": entry.tree_version,
                }
                for entry in entries
            ]
            self.emit({"entries": rows}, ensure_ascii=False, indent=2)
            return
        if not entries:
            self.stdout.write("No decisions match.")
        for entry in entries:
            when = timezone.localtime(entry.created_at).strftime("%Y-%m-%d %H:%M")
            post = entry.post_url or entry.post_text[:60]
            self.stdout.write(f"#{entry.pk} {when} [{entry.outcome_action}] {entry.outcome_title} — {post}")

    def _log_export(self, organisation: Organisation, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        filters = self._filters(options)
        try:
            if path.suffix.lower() == ".xlsx":
                count = exports.log_xlsx_write(organisation=organisation, filters=filters, output=str(path))
            else:
                count = -1  # the header line
                with path.open("wb") as handle:
                    for line in exports.log_csv_lines(organisation=organisation, filters=filters):
                        handle.write(line)
                        count += 1
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error}", returncode=EXIT_UNUSABLE) from error
        self.stdout.write(f"Wrote {count} decision(s) to {path}.")

    # Walking ---------------------------------------------------------------------------------------

    def _walk(self, organisation: Organisation, options: dict[str, Any]) -> None:
        answers = [answer.strip() for answer in options["answers"].split(";") if answer.strip()]
        tree = selectors.tree_in_force(organisation=organisation)
        try:
            walk = tree_walk(tree, answers)
        except WalkError as error:
            raise CommandError(str(error), returncode=EXIT_PROBLEMS) from error
        result: dict[str, Any] = {"steps": [step.as_dict() for step in walk.steps], "node": walk.current.id}
        current = walk.current
        if isinstance(current, Outcome):
            result.update(kind="outcome", action=current.action, title=current.title, notify=list(current.notify))
        else:
            result.update(kind="question", question=current.text, options=[option.label for option in current.options])
        if options["record"]:
            try:
                entry = services.decision_record(
                    organisation=organisation,
                    answers=answers,
                    post_url=options["url"],
                    post_text=options["text"],
                    note=options["note"],
                )
            except services.EscalationError as error:
                raise CommandError(str(error), returncode=EXIT_PROBLEMS) from error
            result.update(recorded_id=entry.pk, notified=entry.notified)
        if options["json"]:
            self.emit(result, ensure_ascii=False, indent=2)
            return
        for number, step in enumerate(walk.steps, start=1):
            self.stdout.write(f"{number}. {step.question} → {step.answer}")
        if isinstance(current, Outcome):
            self.stdout.write(f"Outcome ({current.action_label}): {current.title}")
        else:
            self.stdout.write(f"Next question: {current.text}")
            for number, option in enumerate(current.options, start=1):
                self.stdout.write(f"  {number}. {option.label}")
        if "recorded_id" in result:
            told = ", ".join(result["notified"]) or "nobody"
            self.stdout.write(f"Recorded as decision #{result['recorded_id']}; emailed: {told}.")
