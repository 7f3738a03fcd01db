"""REST API operations of the governance app."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["Governance"])
