"""Forms for checking a draft and editing the rules."""

from __future__ import annotations

from django import forms

from socialu.policycheck import AccountKind, Platform
from socialu.preflight.presenting import ACCOUNT_LABELS, PLATFORM_LABELS

MAX_DRAFT_CHARACTERS = 100_000


class DraftForm(forms.Form):
    """A draft post: where it goes, from which kind of account, and the words."""

    platform = forms.ChoiceField(
        choices=[(platform.value, PLATFORM_LABELS[platform]) for platform in Platform], initial=Platform.X.value
    )
    account_kind = forms.ChoiceField(
        label="Posting from",
        choices=[(kind.value, ACCOUNT_LABELS[kind]) for kind in AccountKind],
        initial=AccountKind.PERSONAL.value,
    )
    text = forms.CharField(
        label="Your post",
        required=False,
        strip=False,
        max_length=MAX_DRAFT_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class RulesForm(forms.Form):
    """The rule set as YAML, and a sample draft to test it with."""

    yaml = forms.CharField(
        label="Rules (YAML)",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 28, "spellcheck": "false"}),
    )
