"""REST API operations of the practice sandbox app."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["Practice sandbox"])
