"""Forms for recording a decision, filtering the log and editing the tree."""

from __future__ import annotations

from typing import Any

from django import forms

from socialu.escalation.models import OutcomeAction
from socialu.escalation.tree import CONSIDERATIONS, NODE_ID


class RecordForm(forms.Form):
    post_url = forms.URLField(
        label="Link to the post",
        required=False,
        max_length=1000,
        assume_scheme="https",
        error_messages={"invalid": "This is not a web address: copy the whole address from your browser."},
        help_text="Copy the whole address from your browser; it starts with https://.",
    )
    post_text = forms.CharField(
        label="Or the post's text",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Paste the words if there is no link, or in case the post is deleted.",
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Anything the next person should know, such as who the author is.",
    )
    path = forms.CharField(widget=forms.HiddenInput, required=False)
    tree_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and not cleaned.get("post_url") and not (cleaned.get("post_text") or "").strip():
            message = "Give the link to the post, or paste its text, so that others can find it later."
            self.add_error("post_url", message)
        return cleaned


class LogFilterForm(forms.Form):
    action = forms.ChoiceField(label="Outcome", choices=[("", "Any outcome"), *OutcomeAction.choices], required=False)
    since = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    walker = forms.CharField(label="Who", required=False, max_length=200, help_text="A name or email address.")
    q = forms.CharField(label="Search", required=False, max_length=200, help_text="Words in the post, title or note.")


class TreeYamlForm(forms.Form):
    yaml = forms.CharField(
        label="The tree as YAML",
        widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false", "class": "code-editor"}),
        max_length=200_000,
        help_text="Each node is a question (text, help, options: label and next) or an outcome "
        "(action, title, guidance, considerations, notify).",
    )
    summary = forms.CharField(
        label="What changed", required=False, max_length=200, help_text="A few words for the version history."
    )


def _node_id_field() -> forms.CharField:
    return forms.CharField(
        label="Node id",
        max_length=60,
        help_text="Lower-case letters, numbers, - and _; answers refer to the node by it.",
    )


class _NodeForm(forms.Form):
    def __init__(self, *args: Any, questions: list[tuple[str, str]] | None = None, new: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if new:
            self.fields["reached_from"] = forms.ChoiceField(
                label="Reached from the question",
                choices=[("", "Choose a question"), *(questions or [])],
                help_text="The new node becomes an answer to this question.",
            )
            self.fields["reached_by"] = forms.CharField(
                label="Answer that leads here", max_length=200, help_text="For example “A legal threat”."
            )

    def clean_node_id(self) -> str:
        value = str(self.cleaned_data["node_id"]).strip()
        if not NODE_ID.fullmatch(value):
            raise forms.ValidationError("Use lower-case letters, numbers, - and _ (at most 60 characters).")
        return value


class QuestionNodeForm(_NodeForm):
    node_id = _node_id_field()
    text = forms.CharField(label="Question", max_length=500)
    help = forms.CharField(
        label="Help (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="Markdown."
    )
    options = forms.CharField(
        label="Answers",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "class": "code-editor"}),
        help_text="One per line: the answer, then -> and the id of the node it leads to. "
        "For example: Positive -> positive-worth",
    )

    def clean_options(self) -> list[dict[str, str]]:
        options = []
        for number, line in enumerate(str(self.cleaned_data.get("options") or "").splitlines(), start=1):
            if not line.strip():
                continue
            label, arrow, target = line.rpartition("->")
            if not arrow or not label.strip() or not target.strip():
                raise forms.ValidationError(f"Line {number} needs an answer, then -> and a node id.")
            options.append({"label": label.strip(), "next": target.strip()})
        return options

    def node(self) -> dict[str, Any]:
        data = self.cleaned_data
        node: dict[str, Any] = {"kind": "question", "text": data["text"]}
        if data.get("help"):
            node["help"] = data["help"]
        node["options"] = data["options"]
        return node


class OutcomeNodeForm(_NodeForm):
    node_id = _node_id_field()
    action = forms.ChoiceField(label="Action", choices=OutcomeAction.choices)
    title = forms.CharField(label="Title", max_length=300, help_text="What to do, in a few words.")
    guidance = forms.CharField(
        label="Guidance", required=False, widget=forms.Textarea(attrs={"rows": 5}), help_text="Markdown."
    )
    transparency = forms.CharField(label=CONSIDERATIONS["transparency"], required=False, max_length=1000)
    sources = forms.CharField(label=CONSIDERATIONS["sources"], required=False, max_length=1000)
    timeliness = forms.CharField(label=CONSIDERATIONS["timeliness"], required=False, max_length=1000)
    tone = forms.CharField(label=CONSIDERATIONS["tone"], required=False, max_length=1000)
    influence = forms.CharField(label=CONSIDERATIONS["influence"], required=False, max_length=1000)
    notify = forms.CharField(
        label="Notify",
        required=False,
        max_length=1000,
        help_text="For an escalation: roles (programme_admin, facilitator, mentor, champion, executive_viewer) "
        "and email addresses, separated by commas.",
    )

    def node(self) -> dict[str, Any]:
        data = self.cleaned_data
        node: dict[str, Any] = {"kind": "outcome", "action": data["action"], "title": data["title"]}
        if data.get("guidance"):
            node["guidance"] = data["guidance"]
        considerations = {topic: data[topic] for topic in CONSIDERATIONS if data.get(topic)}
        if considerations:
            node["considerations"] = considerations
        notify = [value.strip() for value in str(data.get("notify") or "").split(",") if value.strip()]
        if notify:
            node["notify"] = notify
        return node


def node_initial(node_id: str, node: dict[str, Any]) -> dict[str, Any]:
    """Return the form's starting values for a node of the tree document."""
    initial: dict[str, Any] = {"node_id": node_id}
    if node.get("kind") == "question":
        initial["text"] = node.get("text", "")
        initial["help"] = node.get("help", "")
        initial["options"] = "\n".join(
            f"{option.get('label', '')} -> {option.get('next', '')}" for option in node.get("options") or []
        )
    else:
        initial.update({key: node.get(key, "") for key in ("action", "title", "guidance")})
        initial.update(dict(node.get("considerations") or {}))
        initial["notify"] = ", ".join(node.get("notify") or [])
    return initial
