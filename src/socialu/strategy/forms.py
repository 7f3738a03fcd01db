"""Forms for generating a strategy document and editing its sections, measures and assumptions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from socialu.readiness.models import Assessment
from socialu.strategy.services import KPI_FIELD_LENGTH, MAX_KPIS, MAX_SECTION_CHARACTERS

NO_ASSESSMENT = ""


class GenerateForm(forms.Form):
    assessment = forms.ChoiceField(
        label="Readiness assessment",
        required=False,
        help_text="The draft uses its index, weak areas, disagreements and next steps.",
    )
    title = forms.CharField(max_length=200, required=False, help_text="Leave empty to name it after the assessment.")
    cost_per_hour = forms.DecimalField(
        min_value=Decimal(0),
        max_digits=9,
        decimal_places=2,
        initial=Decimal(0),
        help_text="The average cost of one hour of a person's time, for the resourcing estimate. You can change it later.",  # noqa: E501
    )
    currency = forms.CharField(min_length=3, max_length=3, initial="EUR", help_text="Three letters, such as EUR.")

    def __init__(self, *args: Any, assessments: list[Assessment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(a.pk), f"{a.title} ({a.get_status_display().lower()})") for a in assessments]
        choices.append((NO_ASSESSMENT, "None: use only the organisation's data"))
        self.fields["assessment"].choices = choices  # type: ignore[attr-defined]


class SectionForm(forms.Form):
    body = forms.CharField(
        label="Section text",
        max_length=MAX_SECTION_CHARACTERS,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 22}),
        help_text="Markdown: a blank line between paragraphs, - for bullets, 1. for numbered steps, **bold**.",
    )
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    note = forms.CharField(
        label="What changed (optional)",
        max_length=300,
        required=False,
        help_text="Shown in the version history, for example “Added the customer care goal”.",
    )


class AssumptionsForm(forms.Form):
    cost_per_hour = forms.DecimalField(
        min_value=Decimal(0),
        max_digits=9,
        decimal_places=2,
        help_text="The average cost of one hour of a learner's or facilitator's time.",
    )
    currency = forms.CharField(min_length=3, max_length=3, help_text="Three letters, such as EUR, GBP or USD.")
    target_percent = forms.IntegerField(
        label="Target share (%)", min_value=1, max_value=100, help_text="The share of each audience to train."
    )
    group_size = forms.IntegerField(
        label="Learners per group", min_value=1, max_value=500, help_text="How many learners one session takes."
    )
    session_hours = forms.DecimalField(
        label="Facilitator hours per session",
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=2,
        help_text="Delivery and preparation for one group session.",
    )
    coaching_hours_per_leader = forms.DecimalField(
        label="Coaching hours per leader",
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=2,
        help_text="One-to-one coaching for each leader trained.",
    )


class KpiForm(forms.Form):
    name = forms.CharField(label="Measure", max_length=KPI_FIELD_LENGTH, required=False)
    baseline = forms.CharField(max_length=KPI_FIELD_LENGTH, required=False)
    target = forms.CharField(max_length=KPI_FIELD_LENGTH, required=False)
    cadence = forms.CharField(label="Review", max_length=KPI_FIELD_LENGTH, required=False)


KpiFormSet = forms.formset_factory(KpiForm, extra=2, max_num=MAX_KPIS, validate_max=True)
