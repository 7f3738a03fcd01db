"""The ``socialu`` command: every Django management command, with our settings."""

from __future__ import annotations

import os
import sys

# Exit code for "cannot run" (the documented codes: 0 ok, 1 problems found, 2 unusable input, 3 cannot run).
CANNOT_RUN = 3


def main(argv: list[str] | None = None) -> None:
    """Run ``socialu <command> ...`` as the Django management command of that name.

    Settings that stop SocialU from starting (no ``SECRET_KEY`` in production)
    are reported in one line, with exit code 3, not a traceback. What commands
    print never carries terminal escapes from stored data.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialu.config.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018  (loading the settings is the point)
    except ImproperlyConfigured as error:
        sys.stderr.write(f"socialu cannot start: {error}\n")
        raise SystemExit(CANNOT_RUN) from None

    from socialu.core.terminal import terminal_safe_commands

    arguments = list(sys.argv if argv is None else ["socialu", *argv])
    arguments[0] = "socialu"
    with terminal_safe_commands():
        execute_from_command_line(arguments)


if __name__ == "__main__":
    main()
