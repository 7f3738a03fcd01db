"""Forms of the coaching pages: start an engagement, publish a slot, keep the session log, choose supporters, rate."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils import timezone

from socialu.coaching.goals import shipped_goals
from socialu.coaching.models import ActionTarget

DURATIONS = [(30, "30 minutes"), (45, "45 minutes"), (60, "1 hour"), (90, "1 hour 30 minutes"), (120, "2 hours")]


class EngagementForm(forms.Form):
    coach_id = forms.TypedChoiceField(label="Coach", coerce=int, help_text="Members with the facilitator role.")
    executive_email = forms.EmailField(label="Executive's email", help_text="As it is in the roster.")
    assistant_email = forms.EmailField(
        label="Assistant's email (optional)", required=False, help_text="May book and move sessions for them."
    )
    goal_slugs = forms.MultipleChoiceField(label="Goals", required=False, widget=forms.CheckboxSelectMultiple)
    own_goal = forms.CharField(label="A goal of your own (optional)", required=False, max_length=200)
    behaviours = forms.CharField(
        label="Behaviours the pulse asks about (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Two or three, one a line. Empty: the goals' suggestions.",
    )
    sessions_planned = forms.IntegerField(label="Sessions planned", min_value=1, max_value=50, initial=6)
    starts_on = forms.DateField(label="Starts on", widget=forms.DateInput(attrs={"type": "date"}))
    target_on = forms.DateField(label="Target date", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, coaches: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coach_id"].choices = coaches  # type: ignore[attr-defined]
        self.fields["goal_slugs"].choices = [(goal.slug, goal.title) for goal in shipped_goals()]  # type: ignore[attr-defined]
        today = date.today()
        self.fields["starts_on"].initial = today
        self.fields["target_on"].initial = today + timedelta(days=90)

    def behaviour_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("behaviours", "").splitlines() if line.strip()]


class SlotForm(forms.Form):
    starts_at = forms.DateTimeField(
        label="Starts (UTC)", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    minutes = forms.TypedChoiceField(label="Length", choices=DURATIONS, coerce=int, initial=60)

    def times(self) -> tuple[datetime, datetime]:
        # The form says UTC: read the wall-clock time typed as UTC, whatever the server's zone.
        starts: datetime = self.cleaned_data["starts_at"]
        if timezone.is_aware(starts):
            starts = timezone.make_naive(starts)
        starts = starts.replace(tzinfo=UTC)
        return starts, starts + timedelta(minutes=self.cleaned_data["minutes"])


class SlotChoiceForm(forms.Form):
    slot_id = forms.TypedChoiceField(label="Slot", coerce=int)

    def __init__(self, *args: Any, slots: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot_id"].choices = slots  # type: ignore[attr-defined]


class SessionLogForm(forms.Form):
    agenda = forms.CharField(label="Agenda", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    practised = forms.CharField(
        label="What was practised", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    notes = forms.CharField(
        label="Notes (private to the coach and the executive)",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ActionForm(forms.Form):
    text = forms.CharField(label="Agreed action", max_length=500, required=False)
    due_on = forms.DateField(label="Due", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    target = forms.ChoiceField(label="Points to", choices=ActionTarget.choices, required=False)
    target_ref = forms.CharField(label="Lesson (course/lesson) or scenario slug", max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("text") and not cleaned.get("due_on"):
            self.add_error("due_on", "Give the action a due date.")
        return cleaned


ActionFormSet = formset_factory(ActionForm, extra=3, max_num=10)


class SupportersForm(forms.Form):
    """Up to five supporters, each a name and an email; empty rows are ignored."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number in range(1, 6):
            self.fields[f"name_{number}"] = forms.CharField(
                label=f"Supporter {number}: name", required=False, max_length=200
            )
            self.fields[f"email_{number}"] = forms.EmailField(label=f"Supporter {number}: email", required=False)

    def supporters(self) -> list[tuple[str, str]]:
        rows = []
        for number in range(1, 6):
            name, email = self.cleaned_data.get(f"name_{number}", ""), self.cleaned_data.get(f"email_{number}", "")
            if name or email:
                rows.append((name, email))
        return rows


class PulseForm(forms.Form):
    """One 1–5 rating per behaviour."""

    def __init__(self, *args: Any, behaviours: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(value, str(value)) for value in range(1, 6)]
        for index, behaviour in enumerate(behaviours):
            self.fields[f"rating_{index}"] = forms.TypedChoiceField(
                label=behaviour, choices=choices, coerce=int, widget=forms.RadioSelect
            )
        self.behaviour_count = len(behaviours)

    def ratings(self) -> list[int]:
        return [self.cleaned_data[f"rating_{index}"] for index in range(self.behaviour_count)]
