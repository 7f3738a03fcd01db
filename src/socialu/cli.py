"""The ``socialu`` command: every Django management command, with our settings."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run ``socialu <command> ...`` as the Django management command of that name."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialu.config.settings")
    from django.core.management import execute_from_command_line

    arguments = list(sys.argv if argv is None else ["socialu", *argv])
    arguments[0] = "socialu"
    execute_from_command_line(arguments)


if __name__ == "__main__":
    main()
