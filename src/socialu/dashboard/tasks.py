"""Background work for the programme dashboard: count its figures again."""

from __future__ import annotations

from django.tasks import task

from socialu.core.models import Organisation
from socialu.dashboard.refreshing import dashboard_refresh


@task
def dashboard_refresh_run(organisation_id: int) -> None:
    """Count the organisation's programme figures again and keep them."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is not None:
        dashboard_refresh(organisation=organisation)
