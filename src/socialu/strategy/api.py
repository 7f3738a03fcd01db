"""REST API operations of the strategy document app."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["Strategy document"])
