"""The dashboard's filters, read from the query string."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms

from socialu.core.audiences import Audience
from socialu.dashboard.selectors import DashboardFilters


class DashboardFilterForm(forms.Form):
    """Narrow the dashboard to one division, audience or location; an unknown value is ignored."""

    unit = forms.TypedChoiceField(label="Division", required=False, coerce=int, empty_value=None)
    audience = forms.ChoiceField(label="Audience", required=False)
    location = forms.ChoiceField(label="Location", required=False)

    def __init__(self, *args: object, divisions: list[tuple[int, str]], locations: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ChoiceField)
        unit_field.choices = [("", "All divisions"), *[(str(pk), name) for pk, name in divisions]]
        audience_field = self.fields["audience"]
        assert isinstance(audience_field, forms.ChoiceField)
        audience_field.choices = [("", "All audiences"), *Audience.choices]
        location_field = self.fields["location"]
        assert isinstance(location_field, forms.ChoiceField)
        location_field.choices = [("", "All locations"), *[(location, location) for location in locations]]


def filters_from_query(query: Mapping[str, str]) -> DashboardFilters:
    """Return the filters named in a query string; a division that is not a number is ignored."""
    unit = (query.get("unit") or "").strip()
    return DashboardFilters(
        unit_id=int(unit) if unit.isdigit() else None,
        audience=(query.get("audience") or "").strip(),
        location=(query.get("location") or "").strip(),
    )
