"""REST API operations of the learning app."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["Learning"])
