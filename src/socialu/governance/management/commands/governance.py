"""``socialu governance``: policies, acknowledgements, coverage, the account registry and who does what.

Everything the governance REST API does is here too. Each action takes
``--org SLUG``; most take ``--json``. Exit codes: 0 done; 1 refused or rows
rejected (nothing written), or the registry check found problems; 2 wrong
arguments.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.core.serializers.json import DjangoJSONEncoder

from socialu.core.commands import CommandFailedError, ExitCode, SocialUCommand
from socialu.core.models import Organisation
from socialu.core.tabular import read_records
from socialu.governance.models import SocialAccountStatus, SocialPlatform
from socialu.governance.policies import selectors
from socialu.governance.policies.services import GovernanceError, acknowledgements_import, policy_install_default
from socialu.governance.presenting import account_dict, coverage_dict, policy_dict, problem_dict
from socialu.governance.raci import selectors as raci_selectors
from socialu.governance.raci.exports import raci_csv_text, raci_xlsx_bytes
from socialu.governance.raci.services import raci_install_default
from socialu.governance.registry import selectors as registry_selectors
from socialu.governance.registry.imports import registry_csv_lines, registry_import

ACTIONS = (
    "policies list|show, ack import, coverage, install-default, registry list|import|export|check, "
    "raci show|export|install-default"
)


def _leaf(parent: Any, name: str, help_text: str, *, json_flag: bool = True) -> CommandParser:
    parser: CommandParser = parent.add_parser(name, help=help_text, description=help_text)
    SocialUCommand.add_org_argument(parser)
    if json_flag:
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")
    return parser


def _group(parent: Any, name: str, help_text: str, dest: str) -> Any:
    group = parent.add_parser(name, help=help_text, description=help_text)
    return group.add_subparsers(dest=dest, required=True)


class Command(SocialUCommand):
    help = (
        "Governance from the command line: policies, acknowledgements (with bulk import), coverage, "
        f"the social media account registry and who does what. Actions: {ACTIONS}."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        policies = _group(actions, "policies", "List policies or show one.", "policies_action")
        _leaf(policies, "list", "List the policies with their current version.")
        show = _leaf(policies, "show", "Show one policy, its current text and its versions.")
        show.add_argument("slug", help="The policy's slug, such as social-media-policy.")

        ack = _group(actions, "ack", "Acknowledgements collected elsewhere.", "ack_action")
        self._import_arguments(
            _leaf(ack, "import", "Import a CSV with columns employee_id, policy, version, acknowledged_at.")
        )
        # The earlier name of ``ack import``, kept so that existing scripts work.
        self._import_arguments(
            _leaf(actions, "acknowledgements-import", "The same as `ack import` (all rows or none).")
        )

        coverage = _leaf(actions, "coverage", "Who has acknowledged a policy: in all, by division, by audience.")
        coverage.add_argument("--policy", required=True, help="The policy's slug.")
        _leaf(actions, "install-default", "Install the default social media policy.", json_flag=False)

        registry = _group(actions, "registry", "The social media account registry.", "registry_action")
        listing = _leaf(registry, "list", "List the accounts.")
        listing.add_argument("--platform", choices=SocialPlatform.values, default="")
        listing.add_argument("--status", choices=SocialAccountStatus.values, default="")
        self._import_arguments(
            _leaf(registry, "import", "Add or update accounts from a CSV or XLSX file (all rows or none).")
        )
        export = _leaf(
            registry, "export", "Write the registry as CSV, in the columns the import reads.", json_flag=False
        )
        export.add_argument("--output", type=Path, help="The file to write (standard output if left out).")
        self._check_arguments(_leaf(registry, "check", "List accounts that need attention; exit 1 if any do."))
        # The earlier name of ``registry check``.
        self._check_arguments(_leaf(actions, "registry-check", "The same as `registry check`."))

        raci = _group(actions, "raci", "Who does what (RACI).", "raci_action")
        _leaf(raci, "show", "Print who does what for each activity.")
        raci_export = _leaf(raci, "export", "Write the matrix as CSV or Excel.", json_flag=False)
        raci_export.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        raci_export.add_argument("--output", type=Path, help="The file to write (CSV to standard output if left out).")
        _leaf(raci, "install-default", "Install the default matrix unless there is one.", json_flag=False)

    @staticmethod
    def _import_arguments(parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV file (UTF-8).")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and write nothing.")

    @staticmethod
    def _check_arguments(parser: CommandParser) -> None:
        parser.add_argument("--email", action="store_true", help="Also email the programme admins a summary.")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = self.organisation(options)
        action = options["action"]
        sub = options.get(f"{action.replace('-', '_')}_action")
        handlers: dict[str, Callable[[Organisation, dict[str, Any]], None]] = {
            "policies list": self._policies_list,
            "policies show": self._policies_show,
            "ack import": self._ack_import,
            "acknowledgements-import": self._ack_import,
            "coverage": self._coverage,
            "install-default": self._install_default,
            "registry list": self._registry_list,
            "registry import": self._registry_import,
            "registry export": self._registry_export,
            "registry check": self._registry_check,
            "registry-check": self._registry_check,
            "raci show": self._raci_show,
            "raci export": self._raci_export,
            "raci install-default": self._raci_install_default,
        }
        handlers[f"{action} {sub}" if sub else action](organisation, options)

    def _json(self, data: object) -> None:
        self.emit(data, indent=2, cls=DjangoJSONEncoder, ensure_ascii=False)

    # --- Policies --------------------------------------------------------------------------

    def _policies_list(self, organisation: Organisation, options: dict[str, Any]) -> None:
        statuses = selectors.policy_statuses(organisation=organisation, person=None)
        rows = [policy_dict(status, None) for status in statuses]
        for row in rows:
            row.pop("my_status"), row.pop("my_acknowledged_at")
        if options["json"]:
            self._json({"policies": rows})
            return
        if not rows:
            self.stdout.write(f"{organisation.name} has no policies yet. Install one with `install-default`.")
        for row in rows:
            current = row["current_version"]
            version = f"version {current['number']} (from {current['effective_on']})" if current else "not published"
            self.stdout.write(f"{row['slug']}: {row['title']}, {version}")

    def _policies_show(self, organisation: Organisation, options: dict[str, Any]) -> None:
        policy = selectors.policy_get(organisation=organisation, slug=options["slug"])
        if policy is None:
            raise CommandFailedError(
                f"There is no policy '{options['slug']}'. List them with `policies list`.", code=ExitCode.CANNOT_RUN
            )
        data = policy_dict(
            selectors.policy_status(organisation=organisation, policy=policy, person=None), None, detail=True
        )
        data.pop("my_status"), data.pop("my_acknowledged_at")
        if options["json"]:
            self._json(data)
            return
        self.stdout.write(f"{data['title']} ({data['slug']})")
        for version in data["versions"]:
            again = "asks everyone again" if version["requires_reacknowledgement"] else "minor edit"
            self.stdout.write(f"  version {version['number']}, effective {version['effective_on']}: {again}")
        self.stdout.write("")
        self.stdout.write(data["body"])

    def _ack_import(self, organisation: Organisation, options: dict[str, Any]) -> None:
        rows = self._read_csv(options["file"])
        try:
            result = acknowledgements_import(organisation=organisation, rows=rows, dry_run=options["dry_run"])
        except GovernanceError as error:
            raise CommandFailedError(
                f"The file could not be read: {error}",
                code=ExitCode.UNUSABLE,
            ) from error
        errors = [{"line": p.line, "message": p.message} for p in result.problems]
        if options["json"]:
            self._json(
                {
                    "rows": result.rows,
                    "created": result.created,
                    "already_recorded": result.already,
                    "dry_run": options["dry_run"],
                    "errors": errors,
                }
            )
        elif not errors:
            verb = "Would add" if options["dry_run"] else "Added"
            self.stdout.write(
                f"{verb} {result.created} acknowledgement(s); {result.already} were already recorded "
                f"({result.rows} row(s) read)."
            )
        self._rejected(errors, options["json"])

    def _coverage(self, organisation: Organisation, options: dict[str, Any]) -> None:
        policy = selectors.policy_get(organisation=organisation, slug=options["policy"])
        if policy is None:
            raise CommandFailedError(
                f"There is no policy '{options['policy']}'. List them with `policies list`.", code=ExitCode.CANNOT_RUN
            )
        data = coverage_dict(policy, selectors.coverage(organisation=organisation, policy=policy))
        if options["json"]:
            self._json(data)
            return
        if data["version"] is None:
            self.stdout.write(f"Nothing of {policy.title} is published yet.")
            return
        self.stdout.write(f"{policy.title}, version {data['version']}; overdue after {data['due_on']}.")
        for title, counts in (
            ("In all", [data["total"]]),
            ("By division", data["by_unit"]),
            ("By audience", data["by_audience"]),
        ):
            self.stdout.write(f"\n{title}:")
            for count in counts:
                self.stdout.write(
                    f"  {count['label']}: {count['acknowledged']} of {count['people']} acknowledged "
                    f"({count['percent']}%), {count['pending']} pending, {count['overdue']} overdue"
                )

    def _install_default(self, organisation: Organisation, options: dict[str, Any]) -> None:
        policy, created = policy_install_default(organisation=organisation)
        state = "Installed" if created else "Already installed:"
        self.stdout.write(f"{state} “{policy.title}” for {organisation.name}.")

    # --- The registry ----------------------------------------------------------------------

    def _registry_list(self, organisation: Organisation, options: dict[str, Any]) -> None:
        accounts = registry_selectors.registry_accounts(
            organisation=organisation, platform=options["platform"], status=options["status"]
        )
        rows = [account_dict(account) for account in accounts]
        if options["json"]:
            self._json({"accounts": rows})
            return
        if not rows:
            self.stdout.write("No accounts match." if options["platform"] or options["status"] else "No accounts yet.")
        for row in rows:
            owner = row["owner"]["name"] if row["owner"] else "no owner"
            self.stdout.write(f"{row['id']}: {row['platform']} {row['handle']} ({row['status']}), owner {owner}")

    def _registry_import(self, organisation: Organisation, options: dict[str, Any]) -> None:
        result = registry_import(
            organisation=organisation, rows=self._read_csv(options["file"]), dry_run=options["dry_run"]
        )
        errors = [{"line": p.line, "message": p.message} for p in result.problems]
        if options["json"]:
            self._json(
                {
                    "rows": result.rows,
                    "created": result.created,
                    "updated": result.updated,
                    "dry_run": options["dry_run"],
                    "errors": errors,
                }
            )
        elif not errors:
            verb = "Would add" if options["dry_run"] else "Added"
            self.stdout.write(f"{verb} {result.created} account(s) and updated {result.updated} ({result.rows} read).")
        self._rejected(errors, options["json"])

    def _registry_export(self, organisation: Organisation, options: dict[str, Any]) -> None:
        content = b"".join(registry_csv_lines(organisation=organisation))
        self._write(content, options.get("output"))

    def _registry_check(self, organisation: Organisation, options: dict[str, Any]) -> None:
        problems = registry_selectors.registry_problems(organisation=organisation)
        if options["json"]:
            self._json({"problems": [problem_dict(problem) for problem in problems]})
        elif problems:
            for problem in problems:
                self.stdout.write(f"{problem.account}: {problem.message} Who should act: {problem.who_should_act}.")
        else:
            self.stdout.write(f"All of {organisation.name}'s social media accounts are in order.")
        if options["email"]:
            from socialu.governance.registry.tasks import registry_check_run

            registry_check_run.enqueue(organisation.pk)
        if problems:
            raise SystemExit(1)

    # --- Who does what ---------------------------------------------------------------------

    def _raci_show(self, organisation: Organisation, options: dict[str, Any]) -> None:
        matrix = raci_selectors.raci_matrix(organisation=organisation)
        if options["json"]:
            self._json(matrix.as_dict())
            return
        if matrix.empty:
            self.stdout.write("Nobody has set out who does what yet. Run `raci install-default` to start.")
        for row in matrix.rows:
            self.stdout.write(row.activity.name)
            for _, label, who in row.by_letter:
                self.stdout.write(f"  {label}: {', '.join(who)}")

    def _raci_export(self, organisation: Organisation, options: dict[str, Any]) -> None:
        if options["format"] == "xlsx":
            if options.get("output") is None:
                raise CommandError("Give --output FILE for an Excel export.")
            self._write(raci_xlsx_bytes(organisation=organisation), options["output"])
        else:
            self._write(("\ufeff" + raci_csv_text(organisation=organisation)).encode(), options.get("output"))

    def _raci_install_default(self, organisation: Organisation, options: dict[str, Any]) -> None:
        if raci_install_default(organisation=organisation):
            self.stdout.write(f"Installed the default “who does what” for {organisation.name}.")
        else:
            self.stdout.write(f"{organisation.name} already has a “who does what”; nothing was changed.")

    # --- Helpers ---------------------------------------------------------------------------

    @staticmethod
    def _read_csv(path: Path) -> list[dict[str, str]]:
        if not path.is_file():
            raise CommandFailedError(
                f"There is no file at {path}.",
                code=ExitCode.CANNOT_RUN,
            )
        # A file that cannot be read raises TabularFileError, an InvalidInputError: exit code 2.
        return read_records(path, filename=path.name)

    def _rejected(self, errors: list[dict[str, Any]], as_json: bool) -> None:
        if not errors:
            return
        if not as_json:
            for error in errors:
                self.stderr.write(f"Line {error['line']}: {error['message']}")
        raise CommandFailedError(
            f"{len(errors)} row(s) rejected; nothing was written. Fix them and try again.", code=ExitCode.PROBLEMS
        )

    def _write(self, content: bytes, output: Path | None) -> None:
        if output is None:
            self.stdout.write(content.decode("utf-8"), ending="")
            return
        output.write_bytes(content)
        self.stderr.write(f"Wrote {output}.")
