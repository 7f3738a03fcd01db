"""Forms of the champions pages."""

from __future__ import annotations

from django import forms

from socialu.skills.models import ChampionRole


class NominationForm(forms.Form):
    person = forms.CharField(
        label="Who",
        max_length=254,
        required=False,
        help_text="Their employee ID or work email address. Leave empty to nominate yourself.",
    )
    role = forms.ChoiceField(label="As", choices=ChampionRole.choices, initial=ChampionRole.CHAMPION)
    reason = forms.CharField(
        label="Why",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="What have they done, or what will they do, for the programme? At least 20 characters.",
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("decline", "Decline")])
    note = forms.CharField(max_length=1000, required=False)


class AnnouncementForm(forms.Form):
    title = forms.CharField(max_length=200)
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), max_length=10000, help_text="Markdown: **bold**, lists, links."
    )


class ChampionSettingsForm(forms.Form):
    leaderboard_enabled = forms.BooleanField(
        label="Show the recognition table (ranked by quality of evidence, never by volume alone)", required=False
    )
    term_months = forms.IntegerField(label="Term length in months", min_value=1, max_value=60)
