"""Changes to the decision tree and the decision log: saving versions, editing nodes, recording decisions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.urls import reverse

from socialu.core.errors import FieldProblem, InvalidInputError
from socialu.core.models import Organisation, RoleAssignment
from socialu.core.roles import Role
from socialu.escalation.models import DecisionLogEntry, DecisionTree, OutcomeAction
from socialu.escalation.selectors import ROLES, default_document, document_in_force, tree_current
from socialu.escalation.tree import Outcome, Problem, TreeInvalidError, document_from_yaml, tree_parse
from socialu.escalation.walking import WalkError, tree_walk
from socialu.people.selectors import person_for_user

__all__ = [
    "EscalationError",
    "TreeRejectedError",
    "decision_record",
    "decision_tree_install_default",
    "decision_tree_node_delete",
    "decision_tree_node_save",
    "decision_tree_save",
    "decision_tree_save_yaml",
]

MAX_POST_TEXT = 5000
MAX_NOTE = 2000


class EscalationError(InvalidInputError):
    """An escalation action that cannot be done; the message tells a person what to do instead."""


class TreeRejectedError(EscalationError):
    """The tree was not saved; ``problems`` names each node to fix."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(
            "The decision tree was not saved: " + "; ".join(str(problem) for problem in self.problems),
            details=[FieldProblem(field=problem.node, message=problem.message) for problem in self.problems],
        )


# The tree --------------------------------------------------------------------------------------


@transaction.atomic
def decision_tree_save(
    *, organisation: Organisation, document: Any, user_id: int | None = None, summary: str = ""
) -> tuple[DecisionTree, bool]:
    """Check *document* and save it as the next version; return (version, created).

    Saving the same document as the version in force changes nothing. Old
    versions and the log entries made with them are never changed.
    """
    try:
        tree_parse(document, roles=ROLES)
    except TreeInvalidError as invalid:
        raise TreeRejectedError(invalid.problems) from invalid
    current = tree_current(organisation=organisation)
    if current is not None and current.document == document:
        return current, False
    latest = DecisionTree.objects.filter(organisation=organisation).aggregate(latest=Max("version"))["latest"] or 0
    saved = DecisionTree.objects.create(
        organisation=organisation,
        version=latest + 1,
        document=document,
        summary=summary.strip()[:200],
        saved_by_id=user_id,
    )
    return saved, True


def decision_tree_save_yaml(
    *, organisation: Organisation, text: str, user_id: int | None = None, summary: str = ""
) -> tuple[DecisionTree, bool]:
    """Read the YAML *text* and save it as the next version (see ``decision_tree_save``)."""
    try:
        document = document_from_yaml(text)
    except TreeInvalidError as invalid:
        raise TreeRejectedError(invalid.problems) from invalid
    return decision_tree_save(organisation=organisation, document=document, user_id=user_id, summary=summary)


def decision_tree_install_default(
    *, organisation: Organisation, user_id: int | None = None
) -> tuple[DecisionTree, bool]:
    """Save SocialU's default tree as version 1, unless the organisation already has a tree."""
    current = tree_current(organisation=organisation)
    if current is not None:
        return current, False
    return decision_tree_save(
        organisation=organisation, document=default_document(), user_id=user_id, summary="SocialU's default tree"
    )


def decision_tree_node_save(
    *,
    organisation: Organisation,
    node_id: str | None,
    new_id: str,
    node: Mapping[str, Any],
    reached_from: str = "",
    reached_by: str = "",
    user_id: int | None = None,
) -> DecisionTree:
    """Add a node (*node_id* None) or change one, and save the whole tree as a new version.

    A new node must be reached from an existing question: *reached_from* names
    it and *reached_by* is the answer label that leads here. Renaming a node
    updates every answer that led to it.
    """
    document = document_in_force(organisation=organisation)
    nodes: dict[str, Any] = dict(document.get("nodes") or {})
    new_id = new_id.strip()
    if node_id is None:
        if new_id in nodes:
            raise TreeRejectedError([Problem(new_id, "a node with this id already exists; choose another id.")])
        parent = nodes.get(reached_from)
        if not isinstance(parent, Mapping) or parent.get("kind") != "question":
            raise TreeRejectedError(
                [Problem(new_id, "say which question leads to the new node, so that people can reach it.")]
            )
        label = reached_by.strip()
        if not label:
            raise TreeRejectedError([Problem(reached_from, "give the answer that leads to the new node.")])
        nodes[reached_from] = {
            **parent,
            "options": [*(parent.get("options") or []), {"label": label, "next": new_id}],
        }
        nodes[new_id] = dict(node)
    else:
        if node_id not in nodes:
            raise EscalationError(f"There is no node “{node_id}” in the tree in force; open the editor again.")
        if new_id != node_id and new_id in nodes:
            raise TreeRejectedError([Problem(new_id, "a node with this id already exists; choose another id.")])
        renamed: dict[str, Any] = {}
        for key, value in nodes.items():
            if key == node_id:
                renamed[new_id] = dict(node)
            else:
                renamed[key] = value
        nodes = renamed
        if new_id != node_id:
            for key, value in nodes.items():
                if isinstance(value, Mapping) and value.get("kind") == "question":
                    options = [
                        {**option, "next": new_id}
                        if isinstance(option, Mapping) and option.get("next") == node_id
                        else option
                        for option in value.get("options") or []
                    ]
                    nodes[key] = {**value, "options": options}
            if document.get("start") == node_id:
                document["start"] = new_id
    document["nodes"] = nodes
    summary = f"Added node “{new_id}”" if node_id is None else f"Changed node “{new_id}”"
    return decision_tree_save(organisation=organisation, document=document, user_id=user_id, summary=summary)[0]


def decision_tree_node_delete(*, organisation: Organisation, node_id: str, user_id: int | None = None) -> DecisionTree:
    """Remove a node and the answers that led to it, then save the tree as a new version.

    The save is refused (naming the nodes) if that would leave a question with
    no answers or nodes nobody can reach.
    """
    document = document_in_force(organisation=organisation)
    nodes: dict[str, Any] = dict(document.get("nodes") or {})
    if node_id not in nodes:
        raise EscalationError(f"There is no node “{node_id}” in the tree in force; open the editor again.")
    if document.get("start") == node_id:
        raise TreeRejectedError([Problem(node_id, "this is the start node; make another question the start first.")])
    del nodes[node_id]
    for key, value in nodes.items():
        if isinstance(value, Mapping) and value.get("kind") == "question":
            options = [
                option
                for option in value.get("options") or []
                if not (isinstance(option, Mapping) and option.get("next") == node_id)
            ]
            nodes[key] = {**value, "options": options}
    document["nodes"] = nodes
    return decision_tree_save(
        organisation=organisation, document=document, user_id=user_id, summary=f"Removed node “{node_id}”"
    )[0]


# Decisions -------------------------------------------------------------------------------------


def _recipients(organisation: Organisation, outcome: Outcome) -> list[str]:
    """Return the addresses of the members holding the outcome's roles, and its listed addresses."""
    from django.contrib.auth import get_user_model

    user_ids = RoleAssignment.objects.filter(
        organisation=organisation, role__in=[role for role in outcome.notify_roles if role in Role.values]
    ).values("user_id")
    emails = get_user_model().objects.filter(pk__in=user_ids, is_active=True).values_list("email", flat=True)
    found = {str(email).lower() for email in emails if email}
    found.update(address.lower() for address in outcome.notify_addresses)
    return sorted(found)


def _clean_post(post_url: str, post_text: str) -> tuple[str, str]:
    post_url, post_text = post_url.strip(), post_text.strip()
    if not post_url and not post_text:
        raise EscalationError("Give the link to the post, or paste its text, so that others can find it later.")
    if post_url:
        try:
            URLValidator(schemes=["http", "https"])(post_url)
        except ValidationError as error:
            raise EscalationError(
                "The link to the post is not a web address; copy it from the browser (it starts with https://)."
            ) from error
    if len(post_text) > MAX_POST_TEXT:
        raise EscalationError(f"The post text is too long: paste at most {MAX_POST_TEXT:,} characters.")
    return post_url, post_text


def _escalation_mail(
    organisation: Organisation, entry: DecisionLogEntry, outcome: Outcome, recipients: list[str]
) -> None:
    link = settings.SITE_URL + reverse("decision_log_entry", args=[organisation.slug, entry.pk])
    path = "\n".join(f"  {number}. {step['question']} → {step['answer']}" for number, step in enumerate(entry.path, 1))
    post = "\n".join(part for part in (entry.post_url, entry.post_text) if part)
    body = (
        f"{entry.walked_by_email or 'Someone'} walked the response decision tree in {organisation.name} "
        f"and reached an escalation:\n\n{outcome.title}\n\n"
        f"The post:\n{post}\n\nHow they got there:\n{path}\n\n"
        + (f"Their note: {entry.note}\n\n" if entry.note else "")
        + f"Open the decision log entry: {link}\n"
    )
    subject = f"[{organisation.name}] Escalation: {outcome.title}"[:200]
    send_mass_mail(
        [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients], fail_silently=False
    )


def decision_record(
    *,
    organisation: Organisation,
    answers: Sequence[str | int],
    post_url: str = "",
    post_text: str = "",
    note: str = "",
    user_id: int | None = None,
    user_email: str = "",
    expected_version: int | None = None,
    send_notifications: bool = True,
) -> DecisionLogEntry:
    """Walk the tree in force with *answers*, record the decision, and email the people an escalation names.

    *answers* are option indexes, 1-based numbers or answer labels. The entry
    keeps the questions and answers as they were worded, so editing the tree
    later never changes it. With *expected_version* (0 for the default tree
    before any is saved), a tree changed meanwhile is refused rather than
    following the answers down a different path. *send_notifications* False
    records who would be told without emailing them (for seeded history).
    """
    post_url, post_text = _clean_post(post_url, post_text)
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise EscalationError(f"The note is too long: write at most {MAX_NOTE:,} characters.")
    with transaction.atomic():
        current = tree_current(organisation=organisation)
        if expected_version is not None and expected_version != (current.version if current else 0):
            raise EscalationError(
                "The decision tree was changed while you were answering. Start again to follow the new version."
            )
        tree_version, _ = decision_tree_install_default(organisation=organisation, user_id=user_id)
        tree = tree_parse(tree_version.document, roles=ROLES)
        try:
            walk = tree_walk(tree, answers)
        except WalkError as error:
            raise EscalationError(str(error)) from error
        outcome = walk.outcome
        if not isinstance(walk.current, Outcome) or outcome is None:
            question = walk.current
            raise EscalationError(
                f"The answers stop at the question “{getattr(question, 'text', '')}” ({question.id}); answer it to "
                "reach an outcome before recording the decision."
            )
        recipients = _recipients(organisation, outcome) if outcome.action == OutcomeAction.ESCALATE else []
        person = person_for_user(organisation=organisation, user_id=user_id) if user_id else None
        entry = DecisionLogEntry.objects.create(
            organisation=organisation,
            tree=tree_version,
            tree_version=tree_version.version,
            post_url=post_url,
            post_text=post_text,
            path=[step.as_dict() for step in walk.steps],
            outcome_node=outcome.id,
            outcome_action=outcome.action,
            outcome_title=outcome.title[:300],
            walked_by_id=user_id,
            walked_by_email=user_email,
            person=person,
            notified=recipients,
            note=note,
        )
    if recipients and send_notifications:
        _escalation_mail(organisation, entry, outcome, recipients)
    return entry
