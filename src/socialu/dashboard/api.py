"""REST API operations of the programme dashboard app."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["Programme dashboard"])
