"""The ``socialu`` command: every Django management command, with our settings."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

VERSION_FLAGS = frozenset({"--version", "-V", "version"})


def main(argv: list[str] | None = None) -> None:
    """Run ``socialu <command> ...`` as the Django management command of that name.

    ``socialu --version`` prints SocialU's version (not Django's). A setting
    that is missing or wrong stops the command with one line that says what to
    set, instead of a traceback.
    """
    arguments = list(sys.argv if argv is None else ["socialu", *argv])
    arguments[0] = "socialu"
    if len(arguments) == 2 and arguments[1] in VERSION_FLAGS:
        from socialu import __version__

        sys.stdout.write(f"SocialU {__version__}\n")
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialu.config.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError

    try:
        _execute_audited(arguments, execute_from_command_line)
    except ImproperlyConfigured as error:
        sys.stderr.write(f"socialu: configuration problem: {error}\n")
        raise SystemExit(3) from None
    except OperationalError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        sys.stderr.write(
            f"socialu: the database cannot be used: {first_line}. "
            "Check DATABASE_URL (or SOCIALU_DATA_DIR for SQLite) and that the database server is running.\n"
        )
        raise SystemExit(3) from None


def _execute_audited(arguments: list[str], execute: Callable[[list[str]], None]) -> None:
    """Run the command inside an audit context, so the changes an operator makes are in the audit log."""
    command = arguments[1] if len(arguments) > 1 else ""
    try:
        import django

        django.setup()
    except Exception:
        # Settings or apps that cannot load: let Django's own command runner report it.
        execute(arguments)
        return
    from socialu.core.audit import audit_context, command_audit_context

    context = command_audit_context(command)
    if context is None:
        execute(arguments)
        return
    with audit_context(context):
        execute(arguments)


if __name__ == "__main__":
    main()
