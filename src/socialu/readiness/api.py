"""REST API operations of the readiness app."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["Readiness"])
