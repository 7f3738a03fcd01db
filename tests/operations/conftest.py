"""Fixtures for operations tests: the certification fixtures (a small curriculum and the Ambassador tier)."""

from tests.certification.conftest import ambassador, curriculum

__all__ = ["ambassador", "curriculum"]
