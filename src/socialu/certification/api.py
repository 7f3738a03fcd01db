"""REST API operations of the certification app."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["Certification"])
