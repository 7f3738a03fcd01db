"""The decision tree as data: reading, checking (errors name the node) and walking, with no database."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialu.escalation.tree import (
    ACTIONS,
    CONSIDERATIONS,
    Outcome,
    Question,
    TreeInvalidError,
    document_from_yaml,
    document_to_yaml,
    tree_parse,
    tree_problems,
)
from socialu.escalation.walking import WalkError, tree_walk

ROLES = frozenset({"programme_admin", "facilitator", "mentor", "champion", "executive_viewer", "learner"})
DEFAULT_FILE = Path(__file__).parents[2] / "src" / "socialu" / "escalation" / "default_tree.yaml"


def small() -> dict[str, Any]:
    return {
        "start": "tone",
        "nodes": {
            "tone": {
                "kind": "question",
                "text": "Positive or negative?",
                "options": [{"label": "Positive", "next": "thanks"}, {"label": "Negative", "next": "kind"}],
            },
            "kind": {
                "kind": "question",
                "text": "Who wrote it?",
                "options": [{"label": "A troll", "next": "watch"}, {"label": "A journalist", "next": "escalate"}],
            },
            "thanks": {"kind": "outcome", "action": "respond", "title": "Say thank you"},
            "watch": {"kind": "outcome", "action": "monitor", "title": "Watch it"},
            "escalate": {
                "kind": "outcome",
                "action": "escalate",
                "title": "Tell the comms lead",
                "notify": ["programme_admin", "press@example.com"],
            },
        },
    }


def messages_for(document: Any) -> list[str]:
    return [str(problem) for problem in tree_problems(document, roles=ROLES)]


def test_a_small_tree_is_read() -> None:
    tree = tree_parse(small(), roles=ROLES)
    assert tree.start == "tone"
    assert isinstance(tree.node("tone"), Question)
    escalate = tree.node("escalate")
    assert isinstance(escalate, Outcome)
    assert escalate.notify_roles == ("programme_admin",)
    assert escalate.notify_addresses == ("press@example.com",)


def test_the_default_tree_is_valid_and_follows_the_response_assessment() -> None:
    tree = tree_parse(document_from_yaml(DEFAULT_FILE.read_text(encoding="utf-8")), roles=ROLES)
    outcomes = [node for node in tree.nodes.values() if isinstance(node, Outcome)]
    assert {outcome.action for outcome in outcomes} == set(ACTIONS)
    for outcome in outcomes:
        assert [item.topic for item in outcome.considerations] == list(CONSIDERATIONS), outcome.id
    kinds = tree_walk(tree, ["Negative", "None of these"]).current
    assert isinstance(kinds, Question)
    labels = " ".join(option.label for option in kinds.options).lower()
    assert all(word in labels for word in ("troll", "rager", "misinformed", "unhappy customer"))


def test_a_cycle_is_rejected_naming_the_nodes_in_the_loop() -> None:
    document = small()
    document["nodes"]["kind"]["options"].append({"label": "Not sure", "next": "tone"})
    problems = messages_for(document)
    assert any("loops back" in message and "tone → kind → tone" in message for message in problems), problems


def test_a_question_without_answers_is_a_dead_end_named_by_node() -> None:
    document = small()
    document["nodes"]["kind"]["options"] = []
    problems = tree_problems(document, roles=ROLES)
    assert any(problem.node == "kind" and "dead end" in problem.message for problem in problems)


def test_a_loop_that_never_reaches_an_outcome_is_a_dead_end() -> None:
    document = small()
    document["nodes"]["tone"]["options"].append({"label": "Unsure", "next": "a"})
    document["nodes"]["a"] = {"kind": "question", "text": "A?", "options": [{"label": "B", "next": "b"}]}
    document["nodes"]["b"] = {"kind": "question", "text": "B?", "options": [{"label": "A", "next": "a"}]}
    problems = tree_problems(document, roles=ROLES)
    assert {problem.node for problem in problems if "dead end" in problem.message} == {"a", "b"}


def test_an_answer_leading_nowhere_names_the_question_and_the_missing_node() -> None:
    document = small()
    document["nodes"]["kind"]["options"][0]["next"] = "ignore"
    problems = tree_problems(document, roles=ROLES)
    assert any(problem.node == "kind" and "“ignore”" in problem.message for problem in problems)


def test_unreachable_nodes_are_named() -> None:
    document = small()
    document["nodes"]["orphan"] = {"kind": "outcome", "action": "monitor", "title": "Nobody gets here"}
    problems = tree_problems(document, roles=ROLES)
    assert [problem.node for problem in problems if "unreachable" in problem.message] == ["orphan"]


def test_a_missing_start_is_rejected() -> None:
    document = small()
    del document["start"]
    assert any("where to start" in message for message in messages_for(document))
    document["start"] = "nowhere"
    assert any(message.startswith("Node “nowhere”") for message in messages_for(document))


def test_an_escalation_must_name_someone_to_notify() -> None:
    document = small()
    del document["nodes"]["escalate"]["notify"]
    problems = tree_problems(document, roles=ROLES)
    assert any(problem.node == "escalate" and "notify" in problem.message for problem in problems)


def test_notify_accepts_only_roles_and_email_addresses() -> None:
    document = small()
    document["nodes"]["escalate"]["notify"] = ["chief_of_fun", "not-an-address@"]
    problems = [problem.message for problem in tree_problems(document, roles=ROLES)]
    assert any("“chief_of_fun” is not a role" in message for message in problems)
    assert any("not a valid email" in message for message in problems)


def test_unknown_actions_considerations_and_fields_are_named() -> None:
    document = small()
    document["nodes"]["watch"]["action"] = "ignore"
    document["nodes"]["watch"]["considerations"] = {"vibes": "Good"}
    document["nodes"]["thanks"]["colour"] = "blue"
    problems = messages_for(document)
    assert any("Node “watch”: the action must be one of" in message for message in problems)
    assert any("“vibes” is not a response consideration" in message for message in problems)
    assert any("Node “thanks”: unknown field(s): colour" in message for message in problems)


def test_node_ids_must_be_simple_and_not_reserved() -> None:
    document = small()
    document["nodes"]["Bad Id"] = document["nodes"].pop("watch")
    document["nodes"]["new"] = {"kind": "outcome", "action": "monitor", "title": "Reserved"}
    document["nodes"]["kind"]["options"] = [
        {"label": "A troll", "next": "Bad Id"},
        {"label": "A journalist", "next": "escalate"},
        {"label": "Other", "next": "new"},
    ]
    problems = messages_for(document)
    assert any(message.startswith("Node “Bad Id”: node ids use lower-case") for message in problems)
    assert "Node “new”: this id is reserved by SocialU; choose another." in problems


def test_not_a_mapping_is_rejected_with_a_message() -> None:
    assert messages_for(["a list"]) == ["The tree must be a mapping with “start” and “nodes”."]
    assert any("no nodes" in message for message in messages_for({"start": "x", "nodes": {}}))


def test_a_yaml_syntax_error_names_the_line() -> None:
    with pytest.raises(TreeInvalidError) as raised:
        document_from_yaml("start: tone\nnodes:\n  tone: [unclosed\n")
    assert "line" in str(raised.value)


def test_yaml_round_trip_keeps_the_tree() -> None:
    document = document_from_yaml(DEFAULT_FILE.read_text(encoding="utf-8"))
    assert document_from_yaml(document_to_yaml(document)) == document


def test_walking_by_label_number_or_index_reaches_the_same_outcome() -> None:
    tree = tree_parse(small(), roles=ROLES)
    by_label = tree_walk(tree, ["negative", "A journalist"])
    by_number = tree_walk(tree, ["2", "2"])
    by_index = tree_walk(tree, [1, 1])
    assert by_label.outcome is not None and by_label.outcome.id == "escalate"
    assert by_number.outcome == by_label.outcome == by_index.outcome
    assert [step.answer for step in by_label.steps] == ["Negative", "A journalist"]
    assert by_label.choices == (1, 1)


def test_walking_stops_at_a_question_when_answers_run_out() -> None:
    walk = tree_walk(tree_parse(small(), roles=ROLES), ["Negative"])
    assert walk.outcome is None and walk.current.id == "kind"


def test_a_wrong_answer_or_an_answer_after_the_outcome_is_refused() -> None:
    tree = tree_parse(small(), roles=ROLES)
    with pytest.raises(WalkError, match="not an answer"):
        tree_walk(tree, ["Maybe"])
    with pytest.raises(WalkError, match="answer 3 does not exist"):
        tree_walk(tree, ["3"])
    with pytest.raises(WalkError, match="after the outcome"):
        tree_walk(tree, ["Positive", "Negative"])


# Properties -------------------------------------------------------------------------------------


@st.composite
def random_trees(draw: st.DrawFn) -> dict[str, Any]:
    """Draw a tree whose answers only point forward (a DAG), so it is valid when every node is reachable."""
    questions = draw(st.integers(min_value=1, max_value=6))
    outcomes = draw(st.integers(min_value=1, max_value=4))
    ids = [f"q{index}" for index in range(questions)] + [f"o{index}" for index in range(outcomes)]
    nodes: dict[str, Any] = {}
    for index in range(questions):
        later = ids[index + 1 :]
        targets = draw(st.lists(st.sampled_from(later), min_size=1, max_size=4))
        nodes[ids[index]] = {
            "kind": "question",
            "text": f"Question {index}?",
            "options": [{"label": f"Answer {n}", "next": target} for n, target in enumerate(targets)],
        }
    for index in range(outcomes):
        action = draw(st.sampled_from(sorted(ACTIONS)))
        node: dict[str, Any] = {"kind": "outcome", "action": action, "title": f"Outcome {index}"}
        if action == "escalate":
            node["notify"] = ["programme_admin"]
        nodes[f"o{index}"] = node
    return {"start": "q0", "nodes": nodes}


@settings(max_examples=150, deadline=None)
@given(random_trees())
def test_forward_only_trees_have_no_loops_or_dead_ends(document: dict[str, Any]) -> None:
    problems = tree_problems(document, roles=ROLES)
    assert all("unreachable" in problem.message for problem in problems), problems


def _reachable_from(document: dict[str, Any], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        node_id = todo.pop()
        if node_id not in seen:
            seen.add(node_id)
            todo.extend(option["next"] for option in document["nodes"][node_id].get("options", []))
    return seen


@settings(max_examples=150, deadline=None)
@given(random_trees(), st.data())
def test_adding_a_backward_answer_is_always_reported_as_a_loop(document: dict[str, Any], data: st.DataObject) -> None:
    questions = [node_id for node_id in document["nodes"] if node_id.startswith("q")]
    source = data.draw(st.sampled_from(questions))
    # Any question from which *source* can be reached (itself included) closes a loop.
    ancestors = [node_id for node_id in questions if source in _reachable_from(document, node_id)]
    target = data.draw(st.sampled_from(ancestors))
    looped = copy.deepcopy(document)
    looped["nodes"][source]["options"].append({"label": "Back", "next": target})
    problems = tree_problems(looped, roles=ROLES)
    assert any("loops back" in problem.message for problem in problems)


@settings(max_examples=150, deadline=None)
@given(random_trees(), st.data())
def test_a_valid_tree_walk_with_any_choices_ends_at_an_outcome(document: dict[str, Any], data: st.DataObject) -> None:
    if tree_problems(document, roles=ROLES):
        return
    tree = tree_parse(document, roles=ROLES)
    node = tree.node(tree.start)
    choices = []
    while isinstance(node, Question):
        index = data.draw(st.integers(min_value=0, max_value=len(node.options) - 1))
        choices.append(index)
        node = tree.node(node.options[index].next)
    walk = tree_walk(tree, choices)
    assert walk.outcome == node
    assert len(walk.steps) == len(choices)
