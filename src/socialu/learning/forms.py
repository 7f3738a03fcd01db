"""Forms for managing enrolments: enrolling a person or a unit, and setting due dates in bulk."""

from __future__ import annotations

from typing import Any

from django import forms

from socialu.core.audiences import Audience
from socialu.people.models import Unit
from socialu.people.selectors import units_in

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnitChoiceField(forms.ModelChoiceField[Unit]):
    def label_from_instance(self, obj: Unit) -> str:
        return obj.path


class EnrolForm(forms.Form):
    course = forms.ChoiceField(choices=[], help_text="Only published courses can be enrolled in.")
    who = forms.ChoiceField(
        choices=[("person", "One person"), ("unit", "Everyone in a unit and the units below it")],
        widget=forms.RadioSelect,
        initial="person",
        label="Enrol",
    )
    person = forms.CharField(
        required=False,
        max_length=254,
        label="Person's email or employee ID",
        help_text="For one person: their email address or employee ID, exactly as in the roster.",
    )
    unit = UnitChoiceField(queryset=Unit.objects.none(), required=False, empty_label="Choose a unit")
    due_on = forms.DateField(
        required=False, widget=DATE_WIDGET, label="Due on (optional)", help_text="Leave empty for no due date."
    )

    def __init__(self, *args: Any, courses: list[tuple[str, str]], units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        course = self.fields["course"]
        assert isinstance(course, forms.ChoiceField)
        course.choices = courses
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        chosen = [u.pk for u in units]
        unit.queryset = (
            units_in(organisation=units[0].organisation).filter(pk__in=chosen).order_by("path")
            if units
            else Unit.objects.none()
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("who") == "person" and not data.get("person"):
            self.add_error("person", "Give the person's email address or employee ID.")
        if data.get("who") == "unit" and not data.get("unit"):
            self.add_error("unit", "Choose the unit to enrol.")
        return data


class DueDateForm(forms.Form):
    scope = forms.ChoiceField(
        choices=[("course", "Everyone enrolled in one course"), ("path", "An audience's learning path")],
        widget=forms.RadioSelect,
        initial="course",
        label="Whose due dates",
    )
    course = forms.ChoiceField(choices=[], required=False)
    audience = forms.ChoiceField(
        choices=[("", "Choose an audience"), *Audience.choices],
        required=False,
        help_text="The path's required courses, for people in this audience.",
    )
    due_on = forms.DateField(required=False, widget=DATE_WIDGET, label="New due date")
    clear = forms.BooleanField(required=False, label="Clear the due dates instead")

    def __init__(self, *args: Any, courses: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        course = self.fields["course"]
        assert isinstance(course, forms.ChoiceField)
        course.choices = [("", "Choose a course"), *courses]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("scope") == "course" and not data.get("course"):
            self.add_error("course", "Choose the course.")
        if data.get("scope") == "path" and not data.get("audience"):
            self.add_error("audience", "Choose the audience.")
        if not data.get("due_on") and not data.get("clear"):
            self.add_error("due_on", "Give the new due date, or tick “Clear the due dates instead”.")
        if data.get("due_on") and data.get("clear"):
            self.add_error("clear", "Either give a due date or clear them, not both.")
        return data
