"""REST API operations of the escalation and response app."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["Escalation and response"])
