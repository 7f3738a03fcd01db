"""Background work for the programme dashboard: count its figures again."""

from __future__ import annotations

from typing import Any

from django.tasks import task

from socialu.core.models import Organisation
from socialu.dashboard.services import dashboard_invalidate, dashboard_refresh


@task
def dashboard_refresh_run(organisation_id: int) -> None:
    """Count the organisation's programme figures again and keep them."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is not None:
        dashboard_refresh(organisation=organisation)


def invalidate_when_changed(sender: Any, *, organisation: Organisation, **kwargs: Any) -> None:
    """Mark the dashboard out of date when people or their progress changed (a signal listener)."""
    dashboard_invalidate(organisation_id=organisation.pk)


def invalidate_when_saved(sender: Any, *, instance: Any, **kwargs: Any) -> None:
    """Mark the dashboard out of date when a certificate or tier is saved or deleted (a signal listener)."""
    dashboard_invalidate(organisation_id=instance.organisation_id)
