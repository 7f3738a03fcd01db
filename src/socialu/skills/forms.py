"""Forms of the skills pages: the search, the taxonomy editor, a person's own skills."""

from __future__ import annotations

from typing import Any

from django import forms

from socialu.core.audiences import Audience
from socialu.skills.models import Skill, SkillKind


def _choices(skills: list[Skill], kind: str | None, empty: str) -> list[tuple[str, str]]:
    return [("", empty), *((skill.slug, skill.name) for skill in skills if kind is None or skill.kind == kind)]


class ExpertSearchForm(forms.Form):
    q = forms.CharField(
        label="What do you need help with?",
        max_length=200,
        required=False,
        help_text="For example “LinkedIn video” or “crisis response”; or choose below.",
    )
    skill = forms.ChoiceField(label="Skill", required=False)
    platform = forms.ChoiceField(label="Platform", required=False)
    location = forms.CharField(label="Location", max_length=200, required=False)
    language = forms.CharField(label="Language", max_length=12, required=False, help_text="A code such as en or de.")
    time_zone = forms.CharField(label="Time zone", max_length=64, required=False, help_text="Such as Europe/Berlin.")
    audience = forms.ChoiceField(label="Audience", required=False, choices=[("", "Any audience"), *Audience.choices])

    def __init__(self, *args: Any, skills: list[Skill], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["skill"].choices = _choices(skills, None, "Any skill named above")  # type: ignore[attr-defined]
        self.fields["platform"].choices = _choices(skills, SkillKind.PLATFORM, "Any platform")  # type: ignore[attr-defined]


class SkillForm(forms.Form):
    slug = forms.SlugField(max_length=80, help_text="Lower-case words joined by hyphens; never changes once used.")
    name = forms.CharField(max_length=120)
    kind = forms.ChoiceField(choices=SkillKind.choices)
    description = forms.CharField(max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    competencies = forms.CharField(
        max_length=1000,
        required=False,
        help_text="Curriculum competency slugs, separated by commas, whose courses count as evidence.",
    )
    is_active = forms.BooleanField(label="Offered", required=False, initial=True)


class ProfileForm(forms.Form):
    listed = forms.BooleanField(
        label="List me when colleagues look for someone who can help", required=False, initial=True
    )
    languages = forms.CharField(
        max_length=200, required=False, help_text="Languages you can help in, as codes separated by commas: en, de."
    )
    time_zone = forms.CharField(max_length=64, required=False, help_text="Such as Europe/Berlin.")


LEVELS = [("", "Not rated"), ("1", "1 – beginner"), ("2", "2"), ("3", "3 – capable"), ("4", "4"), ("5", "5 – expert")]


class SelfRatingForm(forms.Form):
    skill = forms.ChoiceField(label="Skill")
    level = forms.ChoiceField(label="Your level", choices=LEVELS, required=False)

    def __init__(self, *args: Any, skills: list[Skill], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["skill"].choices = _choices(skills, None, "Choose a skill")  # type: ignore[attr-defined]


class EndorseForm(forms.Form):
    person_id = forms.IntegerField(widget=forms.HiddenInput)
    skill = forms.SlugField(widget=forms.HiddenInput)
