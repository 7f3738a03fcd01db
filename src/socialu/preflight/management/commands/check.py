"""``socialu check``: check a draft post against the policy rules, or run Django's system checks.

With ``--platform`` it checks a post and exits 0 on pass, 1 on warn and 2 on
block, so a publishing script can stop on a non-zero status; 3 means the
check could not run (an unknown platform or account kind, an unknown
organisation, a missing file, an empty post). Never 2 for a mistake on the
command line: 2 means "block". Without
``--platform`` it is Django's own ``check`` (system checks), unchanged.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management.base import CommandError, CommandParser
from django.core.management.commands.check import Command as SystemCheckCommand

from socialu.core.models import Organisation
from socialu.policycheck import AccountKind, CheckResult, Platform, RuleSet, check, default_rule_set
from socialu.preflight import selectors
from socialu.preflight.presenting import result_dict

EXIT_CODES = {"pass": 0, "warn": 1, "block": 2}
EXIT_UNUSABLE = 3


def _looks_like_a_post(words: tuple[str, ...]) -> bool:
    """Return whether the arguments are not all app labels, so they must be a post missing its --platform."""
    labels = {config.label for config in apps.get_app_configs()}
    return any(word not in labels for word in words)


def _where(platform: str, account: str) -> tuple[Platform, AccountKind]:
    """Return the platform and account kind named on the command line, or stop with exit status 3."""
    try:
        return Platform.parse(platform), AccountKind.parse(account)
    except ValueError as error:
        raise CommandError(str(error), returncode=EXIT_UNUSABLE) from None


class Command(SystemCheckCommand):
    help = (
        "Check a draft post against the policy rules: socialu check TEXT --platform x [--account personal] "
        "[--org SLUG] [--json]. Exits 0 on pass, 1 on warn, 2 on block, 3 when it cannot run. "
        "Without --platform, run Django's system checks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        # No argparse ``choices``: argparse exits with 2 on a bad choice, which here means "block".
        parser.add_argument(
            "--platform",
            help="Check a post for this platform: x, linkedin, instagram, facebook, tiktok or youtube "
            "(the words are the other arguments, or --file).",
        )
        parser.add_argument("--file", help="Read the post from this file ('-' for standard input).")
        parser.add_argument(
            "--account",
            default=AccountKind.PERSONAL.value,
            help="Whose account posts it: personal (the default) or official.",
        )
        parser.add_argument("--org", help="Use this organisation's rules (the default rules unless given).")
        parser.add_argument("--json", action="store_true", help="Print the result as one JSON object.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options.get("platform"):
            if options.get("file") or options.get("org") or options.get("json") or _looks_like_a_post(args):
                raise CommandError(
                    "To check a post, say where it goes with --platform (x, linkedin, instagram, facebook, tiktok "
                    "or youtube).",
                    returncode=EXIT_UNUSABLE,
                )
            super().handle(*args, **options)
            return
        platform, account_kind = _where(options["platform"], options["account"])
        rules = self._rules(options.get("org"))
        text = self._text(args, options.get("file"))
        if not text.strip():
            raise CommandError(
                "The post is empty: give the words to check, in quotes, or a file that holds them.",
                returncode=EXIT_UNUSABLE,
            )
        result = check(text, platform=platform, account_kind=account_kind, rules=rules)
        if options["json"]:
            self.stdout.write(json.dumps(result_dict(result), ensure_ascii=False))
        else:
            self._print(result)
        status = EXIT_CODES[result.verdict.value]
        if status:
            self.stdout.flush()
            sys.exit(status)

    def _rules(self, slug: str | None) -> RuleSet:
        if not slug:
            return default_rule_set()
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise CommandError(
                f"There is no organisation '{slug}'. Check the slug, or leave out --org to use the default rules.",
                returncode=EXIT_UNUSABLE,
            )
        return selectors.rule_set_for(organisation=organisation)

    def _text(self, words: tuple[str, ...], file: str | None) -> str:
        if file and words:
            raise CommandError("Give the post as text or with --file, not both.", returncode=EXIT_UNUSABLE)
        if file == "-":
            return sys.stdin.read()
        if file:
            try:
                return Path(file).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(f"Cannot read {file}: {error}", returncode=EXIT_UNUSABLE) from error
        if not words:
            raise CommandError("Give the post to check, in quotes, or use --file.", returncode=EXIT_UNUSABLE)
        return " ".join(words)

    def _print(self, result: CheckResult) -> None:
        count = len(result.findings)
        verdict = {"pass": "Pass", "warn": "Warn", "block": "Block"}[result.verdict.value]
        self.stdout.write(f"{verdict}: {count} finding{'s' if count != 1 else ''} ({result.length} characters)")
        for finding in result.findings:
            self.stdout.write(
                f"  [{finding.severity.value}] {finding.rule_id} ({finding.category}) "
                f"at {finding.start}-{finding.end} “{finding.excerpt}”: {finding.message}"
            )
            self.stdout.write(f"      Suggested fix: {finding.fix}")
