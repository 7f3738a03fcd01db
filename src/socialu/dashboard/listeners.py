"""Signal listeners: people, progress or certificates changed, so the dashboard's figures are out of date."""

from __future__ import annotations

from typing import Any

from socialu.core.models import Organisation
from socialu.dashboard.services import dashboard_invalidate


def invalidate_when_changed(sender: Any, *, organisation: Organisation, **kwargs: Any) -> None:
    """Mark the dashboard out of date when people or their progress changed (a signal listener)."""
    dashboard_invalidate(organisation_id=organisation.pk)


def invalidate_when_saved(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    """Mark the dashboard out of date when a certificate or tier is saved or deleted (a signal listener)."""
    dashboard_invalidate(organisation_id=instance.organisation_id)
