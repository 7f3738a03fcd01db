"""What the ``socialu`` command prints: never a terminal escape that came from stored data."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.core.management import base

from socialu.core.text import terminal_safe


class TerminalSafeOutputWrapper(base.OutputWrapper):
    """Django's command output, with control characters removed from each message before it is styled.

    A person's name stored with an ESC in it is then printed as plain text,
    while the command's own colours still work.
    """

    def write(  # type: ignore[override]  # as Django's own OutputWrapper.write
        self, msg: str = "", style_func: Callable[[str], str] | None = None, ending: str | None = None
    ) -> None:
        super().write(terminal_safe(str(msg)), style_func, ending)


@contextmanager
def terminal_safe_commands() -> Iterator[None]:
    """Make every management command run inside this block print through :class:`TerminalSafeOutputWrapper`.

    Commands create their output wrappers from ``django.core.management.base``;
    a base command class for all of SocialU's commands would be the natural
    home for this once there is one.
    """
    original = base.OutputWrapper
    base.OutputWrapper = TerminalSafeOutputWrapper  # type: ignore[misc]
    try:
        yield
    finally:
        base.OutputWrapper = original  # type: ignore[misc]
