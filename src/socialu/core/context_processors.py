"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from socialu.core.models import Organisation
from socialu.core.selectors import member_organisations


def organisation(request: HttpRequest) -> dict[str, Any]:
    """Return the current organisation context and the user's other organisations."""
    context = getattr(request, "org", None)
    user = getattr(request, "user", None)
    memberships: list[Organisation] = []
    if user is not None and user.is_authenticated:
        memberships = member_organisations(user_id=user.pk)
    return {"org": context, "my_organisations": memberships}
