"""Forms for creating an assessment, choosing who is asked, and the organisation's questions and weights."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q

from socialu.core.audiences import Audience
from socialu.core.models import Organisation
from socialu.people.models import Person, Unit
from socialu.people.selectors import people_in, units_in
from socialu.readiness.questions import ORGANISATION_SPECIFIC, ReadinessQuestion, all_dimensions


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

    people = forms.CharField(
        required=False,
        label="People",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Anyone else, by email address or employee ID: one per line, or separated by commas.",
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units_in(organisation=organisation).order_by("path")

    def clean_people(self) -> list[Person] | None:
        """Return the people named, or None when the field is empty; name any that cannot be found."""
        words = [word.strip() for word in re.split(r"[\s,;]+", self.cleaned_data.get("people") or "") if word.strip()]
        if not words:
            return None
        found = list(
            people_in(organisation=self.organisation).filter(
                Q(email__in=[w.lower() for w in words] + words) | Q(employee_id__in=words)
            )
        )
        known = {p.email.lower() for p in found} | {p.employee_id for p in found}
        unknown = [word for word in words if word.lower() not in known and word not in known]
        if unknown:
            raise forms.ValidationError(
                f"Nobody in the people directory has the email address or employee ID {', '.join(unknown)}. "
                "Check the spelling, or import them first."
            )
        return found


class QuestionForm(forms.Form):
    """One of the organisation's own questions."""

    title = forms.CharField(max_length=120, help_text="A short name shown in the results, for example “Crisis drills”.")
    prompt = forms.CharField(
        max_length=400,
        label="Question",
        help_text="What respondents answer, for example “Do we rehearse how we would handle a crisis online?”.",
    )
    descriptor_1 = forms.CharField(
        label="What 1 looks like", widget=forms.Textarea(attrs={"rows": 2}), help_text="The weakest situation."
    )
    descriptor_3 = forms.CharField(
        label="What 3 looks like", widget=forms.Textarea(attrs={"rows": 2}), help_text="Half-way there."
    )
    descriptor_5 = forms.CharField(
        label="What 5 looks like", widget=forms.Textarea(attrs={"rows": 2}), help_text="The best situation."
    )
    dimension = forms.ChoiceField(
        choices=[(d.slug, d.title) for d in all_dimensions()],
        initial=ORGANISATION_SPECIFIC,
        help_text="Which part of readiness the question measures; its score counts towards that dimension.",
    )
    weight = forms.DecimalField(
        min_value=Decimal("0.1"),
        max_value=Decimal("10"),
        decimal_places=1,
        initial=Decimal("1"),
        help_text="How much the question counts: 2 counts twice as much as a question weighing 1.",
    )

    def descriptors(self) -> dict[int, str]:
        return {point: self.cleaned_data[f"descriptor_{point}"] for point in (1, 3, 5)}


class WeightsForm(forms.Form):
    """The weight of every question asked, one field per question."""

    def __init__(self, *args: Any, questions: Sequence[ReadinessQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"weight-{question.slug}"] = forms.DecimalField(
                label=f"{question.number}. {question.title}",
                min_value=Decimal("0.1"),
                max_value=Decimal("10"),
                decimal_places=1,
                initial=Decimal(str(question.weight)).quantize(Decimal("0.1")),
            )

    def weights(self) -> dict[str, Decimal]:
        return {question.slug: self.cleaned_data[f"weight-{question.slug}"] for question in self.questions}
