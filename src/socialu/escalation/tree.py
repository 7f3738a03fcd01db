"""The "should we respond to this post?" decision tree as data: read and check it (walking it: ``walking``).

Pure Python (no Django), so the same rules serve the web editor, the API, the
command line and the tests. A tree document is a mapping::

    start: first-node-id
    nodes:
      first-node-id:
        kind: question
        text: Is the post positive or negative?
        help: optional Markdown
        options:
          - {label: Positive, next: positive}
          - {label: Negative, next: negative-who}
      positive:
        kind: outcome
        action: respond      # respond | fix_facts | restore | monitor | escalate
        title: Thank them and share it
        guidance: Markdown
        considerations: {transparency: ..., sources: ..., timeliness: ..., tone: ..., influence: ...}
        notify: [programme_admin, comms@example.com]   # required for escalate

Every problem names the node it is about, so a person can find and fix it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from socialu.contentfiles import ContentFileError, load_document

ACTIONS: dict[str, str] = {
    "respond": "Respond",
    "fix_facts": "Fix the facts",
    "restore": "Restore the customer",
    "monitor": "Monitor only",
    "escalate": "Escalate",
}
CONSIDERATIONS: dict[str, str] = {
    "transparency": "Transparency",
    "sources": "Sources",
    "timeliness": "Timeliness",
    "tone": "Tone",
    "influence": "Influence",
}
NODE_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,59}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_QUESTION_KEYS = {"kind", "text", "help", "options"}
_OUTCOME_KEYS = {"kind", "action", "title", "guidance", "considerations", "notify"}
# Used by the editor's own address (…/nodes/new/), so a node cannot have it.
RESERVED_IDS = frozenset({"new"})
MAX_NODES = 200
MAX_OPTIONS = 12


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a tree; *node* is the node it is about ('' for the tree as a whole)."""

    node: str
    message: str

    def __str__(self) -> str:
        return f"Node “{self.node}”: {self.message}" if self.node else self.message


class TreeInvalidError(ValueError):
    """The document is not a usable tree; ``problems`` says what to fix, node by node."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(str(problem) for problem in self.problems))


@dataclass(frozen=True)
class Option:
    label: str
    next: str


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    help: str
    options: tuple[Option, ...]
    kind: str = "question"


@dataclass(frozen=True)
class Consideration:
    topic: str
    label: str
    text: str


@dataclass(frozen=True)
class Outcome:
    id: str
    action: str
    title: str
    guidance: str
    considerations: tuple[Consideration, ...]
    notify: tuple[str, ...]
    kind: str = "outcome"

    @property
    def action_label(self) -> str:
        return ACTIONS[self.action]

    @property
    def notify_roles(self) -> tuple[str, ...]:
        return tuple(value for value in self.notify if "@" not in value)

    @property
    def notify_addresses(self) -> tuple[str, ...]:
        return tuple(value for value in self.notify if "@" in value)


Node = Question | Outcome


@dataclass(frozen=True)
class Tree:
    start: str
    nodes: dict[str, Node]

    def node(self, node_id: str) -> Node:
        return self.nodes[node_id]


# Reading -----------------------------------------------------------------------------------


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _check_question(node_id: str, raw: Mapping[str, Any], problems: list[Problem]) -> Question:
    text = _text(raw.get("text"))
    if not text:
        problems.append(Problem(node_id, "the question has no text; write the question to ask."))
    options_raw = raw.get("options")
    options: list[Option] = []
    if not isinstance(options_raw, list) or not options_raw:
        problems.append(
            Problem(node_id, "dead end: the question has no answers to choose from; add at least one option.")
        )
        options_raw = []
    if len(options_raw) > MAX_OPTIONS:
        problems.append(Problem(node_id, f"a question may have at most {MAX_OPTIONS} answers."))
    seen: set[str] = set()
    for number, option in enumerate(options_raw, start=1):
        if not isinstance(option, Mapping):
            problems.append(Problem(node_id, f"answer {number} must have a label and a next node."))
            continue
        label = _text(option.get("label"))
        target = _text(option.get("next"))
        if not label:
            problems.append(Problem(node_id, f"answer {number} has no label."))
        elif label.casefold() in seen:
            problems.append(Problem(node_id, f"the answer “{label}” is listed twice."))
        seen.add(label.casefold())
        if not target:
            problems.append(Problem(node_id, f"the answer “{label or number}” does not say which node comes next."))
        options.append(Option(label=label, next=target))
    return Question(id=node_id, text=text, help=_text(raw.get("help")), options=tuple(options))


def _check_outcome(node_id: str, raw: Mapping[str, Any], roles: Collection[str], problems: list[Problem]) -> Outcome:
    action = _text(raw.get("action"))
    if action not in ACTIONS:
        problems.append(Problem(node_id, f"the action must be one of {', '.join(ACTIONS)} (it is “{action}”)."))
    title = _text(raw.get("title"))
    if not title:
        problems.append(Problem(node_id, "the outcome has no title; say what to do in a few words."))
    considerations_raw = raw.get("considerations") or {}
    considerations: list[Consideration] = []
    if not isinstance(considerations_raw, Mapping):
        problems.append(Problem(node_id, f"considerations must be a mapping of {', '.join(CONSIDERATIONS)} to text."))
        considerations_raw = {}
    for topic in considerations_raw:
        if topic not in CONSIDERATIONS:
            problems.append(
                Problem(node_id, f"“{topic}” is not a response consideration; use {', '.join(CONSIDERATIONS)}.")
            )
    for topic, label in CONSIDERATIONS.items():
        text = _text(considerations_raw.get(topic))
        if text:
            considerations.append(Consideration(topic=topic, label=label, text=text))
    notify_raw = raw.get("notify") or []
    if isinstance(notify_raw, str):
        notify_raw = [notify_raw]
    notify: list[str] = []
    if not isinstance(notify_raw, list):
        problems.append(Problem(node_id, "notify must be a list of roles or email addresses."))
        notify_raw = []
    for value in notify_raw:
        text = _text(value)
        if "@" in text:
            if not EMAIL.fullmatch(text):
                problems.append(Problem(node_id, f"“{text}” is not a valid email address."))
        elif text not in roles:
            problems.append(Problem(node_id, f"“{text}” is not a role; use {', '.join(sorted(roles))} or an email."))
        if text and text not in notify:
            notify.append(text)
    if action == "escalate" and not notify:
        problems.append(
            Problem(node_id, "an escalation must name who to notify: a role such as programme_admin or an email.")
        )
    return Outcome(
        id=node_id,
        action=action,
        title=title,
        guidance=_text(raw.get("guidance")),
        considerations=tuple(considerations),
        notify=tuple(notify),
    )


def _find_cycle(tree: Tree) -> list[str] | None:
    """Return the nodes of one loop (first node repeated at the end), or None when there is none."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node_id: str) -> list[str] | None:
        state[node_id] = 1
        path.append(node_id)
        node = tree.nodes[node_id]
        if isinstance(node, Question):
            for option in node.options:
                if option.next not in tree.nodes:
                    continue
                if state.get(option.next) == 1:
                    return [*path[path.index(option.next) :], option.next]
                if option.next not in state:
                    found = visit(option.next)
                    if found:
                        return found
        path.pop()
        state[node_id] = 2
        return None

    for node_id in tree.nodes:
        if node_id not in state:
            found = visit(node_id)
            if found:
                return found
    return None


def _reachable(tree: Tree, start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        node_id = todo.pop()
        if node_id in seen or node_id not in tree.nodes:
            continue
        seen.add(node_id)
        node = tree.nodes[node_id]
        if isinstance(node, Question):
            todo.extend(option.next for option in node.options)
    return seen


def _reaches_an_outcome(tree: Tree) -> set[str]:
    """Return the nodes from which some path ends at an outcome."""
    good = {node_id for node_id, node in tree.nodes.items() if isinstance(node, Outcome)}
    changed = True
    while changed:
        changed = False
        for node_id, node in tree.nodes.items():
            if (
                node_id not in good
                and isinstance(node, Question)
                and any(option.next in good for option in node.options)
            ):
                good.add(node_id)
                changed = True
    return good


def tree_parse(document: Any, *, roles: Collection[str]) -> Tree:
    """Return the tree the *document* describes, or raise TreeInvalidError listing every problem by node.

    *roles* are the role names that ``notify`` may use besides email addresses.
    """
    problems: list[Problem] = []
    if not isinstance(document, Mapping):
        raise TreeInvalidError([Problem("", "The tree must be a mapping with “start” and “nodes”.")])
    unknown_top = sorted(set(document) - {"start", "nodes"})
    if unknown_top:
        problems.append(Problem("", f"Unknown top-level key(s): {', '.join(map(str, unknown_top))}."))
    nodes_raw = document.get("nodes")
    if not isinstance(nodes_raw, Mapping) or not nodes_raw:
        raise TreeInvalidError(
            [*problems, Problem("", "The tree has no nodes; add at least a question and an outcome.")]
        )
    if len(nodes_raw) > MAX_NODES:
        problems.append(Problem("", f"The tree has {len(nodes_raw)} nodes; at most {MAX_NODES} are allowed."))
    nodes: dict[str, Node] = {}
    for raw_id, raw in nodes_raw.items():
        node_id = str(raw_id)
        if not NODE_ID.fullmatch(node_id):
            problems.append(
                Problem(node_id, "node ids use lower-case letters, numbers, - and _ (at most 60 characters).")
            )
        if node_id in RESERVED_IDS:
            problems.append(Problem(node_id, "this id is reserved by SocialU; choose another."))
        if not isinstance(raw, Mapping):
            problems.append(Problem(node_id, "a node must be a mapping with a kind (question or outcome)."))
            continue
        kind = raw.get("kind")
        if kind == "question":
            extra = set(raw) - _QUESTION_KEYS
            nodes[node_id] = _check_question(node_id, raw, problems)
        elif kind == "outcome":
            extra = set(raw) - _OUTCOME_KEYS
            nodes[node_id] = _check_outcome(node_id, raw, roles, problems)
        else:
            problems.append(Problem(node_id, f"the kind must be question or outcome (it is “{kind}”)."))
            continue
        if extra:
            problems.append(Problem(node_id, f"unknown field(s): {', '.join(sorted(map(str, extra)))}."))
    start = _text(document.get("start"))
    if not start:
        problems.append(Problem("", "The tree does not say where to start: set “start” to the first question's id."))
    elif start not in nodes_raw:
        problems.append(Problem(start, "the start node does not exist."))
    elif isinstance(nodes.get(start), Outcome):
        problems.append(Problem(start, "the start node must be a question."))
    tree = Tree(start=start, nodes=nodes)
    for node in nodes.values():
        if isinstance(node, Question):
            for option in node.options:
                if option.next and option.next not in nodes_raw:
                    problems.append(
                        Problem(node.id, f"the answer “{option.label}” leads to “{option.next}”, which does not exist.")
                    )
    cycle = _find_cycle(tree)
    if cycle:
        problems.append(Problem(cycle[0], f"the tree loops back on itself: {' → '.join(cycle)}."))
    if start in nodes:
        reachable = _reachable(tree, start)
        for node_id in nodes:
            if node_id not in reachable:
                problems.append(Problem(node_id, "unreachable: no answer leads here from the start."))
    finishing = _reaches_an_outcome(tree)
    for node_id, node in nodes.items():
        if isinstance(node, Question) and node.options and node_id not in finishing:
            problems.append(Problem(node_id, "dead end: no path from here ever reaches an outcome."))
    if problems:
        raise TreeInvalidError(problems)
    return tree


def tree_problems(document: Any, *, roles: Collection[str]) -> list[Problem]:
    """Return every problem with *document* (an empty list for a usable tree)."""
    try:
        tree_parse(document, roles=roles)
    except TreeInvalidError as invalid:
        return invalid.problems
    return []


# YAML ----------------------------------------------------------------------------------------


def document_from_yaml(text: str | bytes, *, file: str = "the YAML") -> Any:
    """Return the document in the YAML *text*, or raise TreeInvalidError naming the line of the problem."""
    try:
        return load_document(text, file=file, keep_lines=False)
    except ContentFileError as error:
        raise TreeInvalidError(
            [Problem("", f"The YAML could not be read{_on_line(p.line)}: {p.message}") for p in error.problems]
        ) from error


def _on_line(line: int) -> str:
    return f" on line {line}" if line else ""


class _Dumper(yaml.SafeDumper):
    pass


def _str_presenter(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _str_presenter)


def document_to_yaml(document: Mapping[str, Any]) -> str:
    """Return *document* as readable YAML (multi-line text as blocks, keys in their order)."""
    return yaml.dump(dict(document), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
