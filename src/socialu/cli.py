"""The ``socialu`` command: every Django management command, with our settings."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

VERSION_FLAGS = frozenset({"--version", "-V", "version"})

# Exit code for "cannot run" (the documented codes: 0 ok, 1 problems found, 2 unusable input, 3 cannot run).
CANNOT_RUN = 3


def main(argv: list[str] | None = None) -> None:
    """Run ``socialu <command> ...`` as the Django management command of that name.
    ``socialu --version`` prints SocialU's version (not Django's). Settings
    that stop SocialU from starting (no ``SECRET_KEY`` in production, a bad
    proxy address, an unreachable database) are reported in one line, with
    exit code 3, not a traceback. What commands print never carries terminal
    escapes from stored data.
    """
    arguments = list(sys.argv if argv is None else ["socialu", *argv])
    arguments[0] = "socialu"
    if len(arguments) == 2 and arguments[1] in VERSION_FLAGS:
        from socialu import __version__

        sys.stdout.write(f"SocialU {__version__}\n")
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialu.config.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError

    try:
        settings.INSTALLED_APPS  # noqa: B018  (loading the settings is the point)
    except ImproperlyConfigured as error:
        sys.stderr.write(f"socialu cannot start: {error}\n")
        raise SystemExit(CANNOT_RUN) from None

    from socialu.core.terminal import terminal_safe_commands

    try:
        with terminal_safe_commands():
            _execute_audited(arguments, execute_from_command_line)
    except ImproperlyConfigured as error:
        sys.stderr.write(f"socialu cannot start: {error}\n")
        raise SystemExit(CANNOT_RUN) from None
    except OperationalError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        sys.stderr.write(
            f"socialu: the database cannot be used: {first_line}. "
            "Check DATABASE_URL (or SOCIALU_DATA_DIR for SQLite) and that the database server is running.\n"
        )
        raise SystemExit(CANNOT_RUN) from None


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
