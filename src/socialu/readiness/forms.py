"""Forms for creating an assessment and choosing who is asked."""

from __future__ import annotations

from typing import Any

from django import forms

from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.people.models import Unit


class AssessmentForm(forms.Form):
    title = forms.CharField(max_length=200, help_text="For example “Readiness, spring 2027”.")
    anonymous = forms.BooleanField(
        required=False,
        label="Anonymous: never show who gave which answer",
        help_text="Results still compare audiences and divisions, but no names appear anywhere.",
    )


class RespondentsForm(forms.Form):
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(),
        required=False,
        empty_label="Any unit",
        help_text="Everyone active in this unit and the units below it.",
    )
    audiences = forms.MultipleChoiceField(
        choices=Audience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked and choose no unit to add everyone in leadership and management.",
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Unit.objects.filter(organisation=organisation).order_by("path")
