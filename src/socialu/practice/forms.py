"""Forms of the practice sandbox: the composer, the scenario filters and the review."""

from __future__ import annotations

from typing import Any

from django import forms

from socialu.core.audiences import Audience
from socialu.policycheck import AccountKind, Platform
from socialu.practice import scenario_files, scoring
from socialu.practice.drafting import MAX_DRAFT_CHARACTERS
from socialu.practice.models import Difficulty, Scenario
from socialu.practice.services import MAX_COMMENT_CHARACTERS
from socialu.preflight.forms import DraftForm
from socialu.preflight.presenting import ACCOUNT_LABELS, PLATFORM_LABELS

SITUATION_LABELS = {value: value.replace("-", " ").capitalize() for value in scenario_files.SITUATION_TYPES}


class PracticeDraftForm(DraftForm):
    """The pre-flight composer, fixed to the scenario's platform and account, taking a long paste without loss."""

    text = forms.CharField(
        label="Your answer",
        required=False,
        strip=False,
        max_length=MAX_DRAFT_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args: Any, scenario: Scenario, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        platform = Platform(scenario.platform)
        account = AccountKind(scenario.account_kind)
        platform_field = self.fields["platform"]
        account_field = self.fields["account_kind"]
        assert isinstance(platform_field, forms.ChoiceField) and isinstance(account_field, forms.ChoiceField)
        platform_field.choices = [(platform.value, PLATFORM_LABELS[platform])]
        platform_field.initial = platform.value
        account_field.choices = [(account.value, ACCOUNT_LABELS[account])]
        account_field.initial = account.value


def _any(label: str, choices: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", label), *choices]


class ScenarioFilterForm(forms.Form):
    platform = forms.ChoiceField(
        required=False, choices=_any("Any platform", [(p.value, PLATFORM_LABELS[p]) for p in Platform])
    )
    difficulty = forms.ChoiceField(required=False, choices=_any("Any difficulty", list(Difficulty.choices)))
    situation_type = forms.ChoiceField(
        label="Situation", required=False, choices=_any("Any situation", list(SITUATION_LABELS.items()))
    )
    audience = forms.ChoiceField(required=False, choices=_any("Any audience", list(Audience.choices)))


class ReviewForm(forms.Form):
    """Five rubric scores from 1 to 5, an optional comment on each, and an overall comment."""

    overall_comment = forms.CharField(
        label="Overall comment",
        max_length=MAX_COMMENT_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What worked, and the one thing to change first.",
        error_messages={"required": "Write an overall comment: say what worked and what to change."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in scoring.CRITERIA:
            label = scoring.CRITERION_LABELS[name]
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                coerce=int,
                choices=[(str(score), str(score)) for score in range(scoring.MIN_SCORE, scoring.MAX_SCORE + 1)],
                widget=forms.RadioSelect,
                error_messages={"required": f"Give {label.lower()} a score from 1 to 5."},
            )
            self.fields[f"comment_{name}"] = forms.CharField(
                label=f"Comment on {label.lower()} (optional)",
                required=False,
                max_length=MAX_COMMENT_CHARACTERS,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        # Scores and comments first, the overall comment last.
        self.order_fields([*(f for name in scoring.CRITERIA for f in (name, f"comment_{name}")), "overall_comment"])

    def criteria(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        """Return (criterion, score field, comment field) in rubric order."""
        return [(name, self[name], self[f"comment_{name}"]) for name in scoring.CRITERIA]

    def scores(self) -> dict[str, int]:
        return {name: int(self.cleaned_data[name]) for name in scoring.CRITERIA}

    def comments(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(f"comment_{name}", "") for name in scoring.CRITERIA}
