"""The error certification's services raise: its message tells a person what to do instead."""

from __future__ import annotations

from socialu.core.errors import InvalidInputError


class CertificationError(InvalidInputError):
    """A certification action that cannot be done; the message tells a person what to do instead."""
