"""The error certification's services raise: its message tells a person what to do instead."""

from __future__ import annotations


class CertificationError(Exception):
    """A certification action that cannot be done; the message tells a person what to do instead."""
