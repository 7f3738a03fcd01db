"""Forms of the certification pages."""

from __future__ import annotations

from typing import Any

import yaml
from django import forms

from socialu.certification.models import Tier
from socialu.certification.requirements import requirement_kinds
from socialu.certification.standing import standing_conditions
from socialu.core.audiences import Audience
from socialu.people.models import Unit


class TierForm(forms.ModelForm[Tier]):
    class Meta:
        model = Tier
        fields = ["name", "description", "validity_months", "reminder_days", "is_active"]
        labels = {
            "validity_months": "Valid for (months)",
            "reminder_days": "Remind holders (days before expiry)",
            "is_active": "People can earn this tier",
        }
        help_texts = {
            "description": "Shown to learners and printed on the certificate.",
            "validity_months": "Certificates of this tier expire after this many months.",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class RequirementForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of requirement")
    parameters = forms.CharField(
        label="Settings",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "code-editor", "spellcheck": "false"}),
        help_text="In YAML, for example {courses: [policy-essentials]}. See the examples below. Leave empty for none.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(kind.key, kind.label) for kind in requirement_kinds()]

    def clean_parameters(self) -> dict[str, Any]:
        text = self.cleaned_data.get("parameters", "").strip()
        if not text:
            return {}
        try:
            value = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise forms.ValidationError(f"These settings are not valid YAML: {error}") from error
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise forms.ValidationError("Write the settings as name: value pairs, for example {min_percent: 80}.")
        return value


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The holder is emailed this reason. The public verification page shows only that it is revoked.",
        error_messages={"required": "Say why the certificate is revoked."},
    )
    confirm = forms.BooleanField(
        label="I understand that this certificate stops being valid at once",
        error_messages={"required": "Tick the box to confirm the revocation."},
    )


STATUS_CHOICES = [
    ("", "Any status"),
    ("valid", "Valid"),
    ("expiring", "Expiring within 30 days"),
    ("expired", "Expired"),
    ("revoked", "Revoked"),
]


class CertificateFilterForm(forms.Form):
    q = forms.CharField(label="Holder or code", required=False)
    tier = forms.ChoiceField(label="Tier", required=False)
    status = forms.ChoiceField(label="Status", required=False, choices=STATUS_CHOICES)

    def __init__(self, *args: Any, tiers: list[Tier], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["tier"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Any tier"), *[(tier.slug, tier.name) for tier in tiers]]


class RegisterFilterForm(forms.Form):
    unit = forms.TypedChoiceField(label="Unit (and the units below it)", required=False, coerce=int, empty_value=None)
    audience = forms.ChoiceField(label="Audience", required=False, choices=[("", "Any audience"), *Audience.choices])
    tier = forms.ChoiceField(label="Tier", required=False)
    standing = forms.ChoiceField(label="Standing", required=False)

    def __init__(self, *args: Any, units: list[Unit], tiers: list[Tier], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        tier_field = self.fields["tier"]
        assert isinstance(unit_field, forms.ChoiceField) and isinstance(tier_field, forms.ChoiceField)
        unit_field.choices = [("", "Every unit"), *[(unit.pk, unit.path) for unit in units]]
        tier_field.choices = [("", "Any tier"), *[(tier.slug, tier.name) for tier in tiers]]
        standing_field = self.fields["standing"]
        assert isinstance(standing_field, forms.ChoiceField)
        suspended = " or ".join(dict.fromkeys(c.suspended_label for c in standing_conditions())) or "Suspended"
        standing_field.choices = [("", "Listed: certified to speak"), ("suspended", suspended)]


class VerifyForm(forms.Form):
    code = forms.CharField(
        label="Certificate code",
        max_length=40,
        help_text="The code printed on the certificate, for example ABCD-EFGH-JKMN.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )
