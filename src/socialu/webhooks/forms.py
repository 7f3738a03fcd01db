"""The form to subscribe a webhook endpoint. It parses input; services decide."""

from __future__ import annotations

from django import forms

from socialu.webhooks.models import WebhookEvent

SUBSCRIBABLE = [(event.value, event.label) for event in WebhookEvent if event is not WebhookEvent.PING]


class WebhookEndpointForm(forms.Form):
    url = forms.CharField(
        label="Address (URL)", max_length=2000, help_text="An https:// address of the system to tell."
    )
    description = forms.CharField(label="What it is for", max_length=200, required=False)
    events = forms.MultipleChoiceField(
        label="Events", choices=SUBSCRIBABLE, widget=forms.CheckboxSelectMultiple, help_text="What to send."
    )
