"""The base every ``socialu`` management command builds on: one ``--org``, ``--json`` everywhere, one set of exit codes.

A command subclasses :class:`SocialUCommand`, adds its actions in
``add_arguments`` (``self.add_org_argument(parser)`` where an action works in an
organisation) and, in ``handle``, looks the organisation up with
``self.organisation(options)`` and calls services. It never maps errors itself:

* a domain error from a service (``socialu.core.errors``) or a
  :class:`CommandFailedError` is printed and the command exits with its code;
* every action takes ``--json`` (added to every sub-command automatically):
  ``self.emit(data)`` prints the action's result as one JSON object; an action
  that only prints sentences prints ``{"ok": true, "messages": [...]}`` instead;
  an error prints ``{"ok": false, "error": ..., "errors": [...]}`` (on standard
  output, with the same exit code);
* ``self.working("Counting…")`` shows a spinner and ``self.progress(total, "…")``
  a progress bar on standard error while a long action runs (not with --json,
  and not when standard error is not a terminal).

Exit codes (:class:`ExitCode`): 0 done; 1 problems found (a check failed, rows
were rejected); 2 unusable input (a file or an argument that cannot be used);
3 cannot run (no such organisation, or a thing the arguments name does not exist).
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
from argparse import ArgumentParser, _SubParsersAction
from collections.abc import Callable, Iterator
from enum import IntEnum
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from socialu.core.errors import (
    ConflictError,
    DomainError,
    FieldProblem,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
)
from socialu.core.models import Organisation


class ExitCode(IntEnum):
    """What a ``socialu`` command's exit status means, the same for every command."""

    OK = 0
    PROBLEMS = 1
    UNUSABLE = 2
    CANNOT_RUN = 3


DOMAIN_EXIT_CODES: dict[type[DomainError], ExitCode] = {
    InvalidInputError: ExitCode.UNUSABLE,
    ConflictError: ExitCode.PROBLEMS,
    NotFoundError: ExitCode.CANNOT_RUN,
    PermissionDeniedError: ExitCode.CANNOT_RUN,
}
NO_SUCH_ORGANISATION = (
    "There is no organisation '{slug}'. Check the slug (the part after /o/ in the web address), "
    "or create it with `socialu org create`."
)


class CommandFailedError(CommandError):
    """The action cannot be done; ``code`` says why (an :class:`ExitCode`), ``details`` what is at fault."""

    def __init__(
        self,
        message: str,
        *,
        code: ExitCode = ExitCode.UNUSABLE,
        details: list[FieldProblem] | None = None,
        data: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message, returncode=int(code))
        self.details = details or []
        self.data = data or {}


def exit_code_for(error: DomainError) -> ExitCode:
    """Return the exit code a domain error ends a command with."""
    for kind in type(error).__mro__:
        if kind in DOMAIN_EXIT_CODES:
            return DOMAIN_EXIT_CODES[kind]
    return ExitCode.UNUSABLE


def _leaf_parsers(parser: ArgumentParser) -> Iterator[ArgumentParser]:
    subparsers = [action for action in parser._actions if isinstance(action, _SubParsersAction)]
    if not subparsers:
        yield parser
        return
    for action in subparsers:
        for child in dict.fromkeys(action.choices.values()):
            yield from _leaf_parsers(child)


def _raw(stream: OutputWrapper | Any) -> Any:
    return getattr(stream, "_out", stream)


class SocialUCommand(BaseCommand):
    """A management command with the house rules built in (see the module's docstring)."""

    as_json = False

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        for leaf in _leaf_parsers(parser):
            if not any("--json" in action.option_strings for action in leaf._actions):
                leaf.add_argument("--json", action="store_true", help="Print the result (or the error) as JSON.")
        return parser

    @staticmethod
    def add_org_argument(parser: ArgumentParser, *, required: bool = True) -> None:
        """Add the one ``--org SLUG`` option (optional, meaning every organisation, when *required* is false)."""
        if required:
            parser.add_argument("--org", required=True, metavar="SLUG", help="The organisation's slug, as in /o/SLUG/.")
            return
        parser.add_argument(
            "--org",
            default="",
            metavar="SLUG",
            help="The organisation's slug, as in /o/SLUG/; leave it out for every organisation.",
        )

    def organisations(self, options: dict[str, Any]) -> list[Organisation]:
        """Return the organisation ``--org`` names, or every organisation when it was left out."""
        if not str(options.get("org") or "").strip():
            return list(Organisation.objects.order_by("slug"))
        return [self.organisation(options)]

    def organisation(self, options: dict[str, Any]) -> Organisation:
        """Return the organisation named by ``--org``, or fail with exit code 3 and the one wording."""
        slug = str(options.get("org") or "").strip()
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise CommandFailedError(NO_SUCH_ORGANISATION.format(slug=slug), code=ExitCode.CANNOT_RUN)
        return organisation

    # Output ----------------------------------------------------------------------------------

    def emit(self, data: Any, **dumps: Any) -> None:
        """Print the action's result as one JSON document (whether or not --json was given)."""
        self._emitted = True
        self._real_stdout.write(json.dumps(data, default=str, **dumps))

    @contextlib.contextmanager
    def working(self, description: str) -> Iterator[None]:
        """Show a spinner with *description* on standard error while the block runs."""
        console = self._console()
        if console is None:
            yield
            return
        with console.status(description):
            yield

    @contextlib.contextmanager
    def progress(self, total: int, description: str) -> Iterator[Callable[[int], None]]:
        """Show a progress bar on standard error; the block calls ``advance(n)`` as it goes."""
        console = self._console()
        if console is None:
            yield lambda _count: None
            return
        columns = (TextColumn(description), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task(description, total=total)
            yield lambda count: bar.advance(task, count)

    def _console(self) -> Console | None:
        stream = _raw(self.stderr)
        if self.as_json or not getattr(stream, "isatty", lambda: False)():
            return None
        return Console(file=stream)

    # Running -----------------------------------------------------------------------------------

    def execute(self, *args: Any, **options: Any) -> Any:
        self.as_json = bool(options.get("json"))
        self._emitted = False
        self._real_stdout = OutputWrapper(options.get("stdout") or sys.stdout)
        collected = io.StringIO()
        if self.as_json:
            # Sentences an action prints become the "messages" of its JSON answer.
            options["stdout"] = collected
        try:
            result = super().execute(*args, **options)
        except DomainError as error:
            self._report_failure(error.message, exit_code_for(error), error.details, {}, error)
        except CommandFailedError as error:
            self._report_failure(str(error), ExitCode(error.returncode), error.details, error.data, error)
        except CommandError as error:
            self._report_failure(str(error), ExitCode(error.returncode or ExitCode.UNUSABLE), [], {}, error)
        if self.as_json and not self._emitted:
            messages = [line for line in collected.getvalue().splitlines() if line.strip()]
            self.emit({"ok": True, "messages": messages})
        return result

    def _report_failure(
        self, message: str, code: ExitCode, details: list[FieldProblem], data: dict[str, Any], cause: Exception
    ) -> None:
        if self.as_json and not self._emitted:
            errors = [{"field": d.field, "message": d.message, "line": d.line} for d in details]
            self.emit({"ok": False, "exit_code": int(code), "error": message, "errors": errors, **data})
        # The message names what is at fault already; the JSON answer lists each detail as well.
        raise CommandError(message, returncode=int(code)) from cause
