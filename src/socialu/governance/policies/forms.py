"""Forms for creating policies and publishing their versions."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from socialu.core.audiences import Audience


class PolicyForm(forms.Form):
    title = forms.CharField(max_length=200, help_text="For example “Social media policy”.")
    slug = forms.SlugField(
        max_length=80,
        required=False,
        label="Web address name",
        help_text="Lower-case letters, numbers and hyphens. Leave empty to make one from the title.",
    )
    acknowledgement_required = forms.BooleanField(
        required=False,
        initial=True,
        label="People must confirm they have read it",
    )
    audiences = forms.MultipleChoiceField(
        choices=Audience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked for a policy that applies to everyone.",
    )


class PublishForm(forms.Form):
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the policy says, in a few short, plain sentences. People read this first.",
    )
    body = forms.CharField(
        label="Policy text",
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text="Markdown: ## for headings, - for lists, **bold**, and | tables |.",
    )
    effective_on = forms.DateField(
        label="Takes effect on",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="People who have not acknowledged it 14 days after this date are shown as overdue.",
    )
    requires_reacknowledgement = forms.BooleanField(
        required=False,
        initial=True,
        label="Requires everyone to acknowledge again",
        help_text=(
            "Untick for a minor edit, such as a typo fix or a new link, that does not change what people must do: "
            "anyone who acknowledged the earlier version stays acknowledged. The first version always asks everyone."
        ),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["effective_on"].initial = timezone.localdate()
