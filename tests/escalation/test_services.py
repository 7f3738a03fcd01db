"""Saving tree versions, editing nodes and recording decisions (with escalation emails)."""

from __future__ import annotations

import pytest
from django.core import mail

from socialu.accounts.models import User
from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.escalation import selectors, services
from socialu.escalation.models import DecisionLogEntry, DecisionTree
from socialu.people.models import Person
from tests.escalation.conftest import TO_FIX_FACTS, TO_MEDIA_ESCALATION, TO_THANKS
from tests.factories import member

pytestmark = pytest.mark.django_db


def test_the_default_tree_is_in_force_before_anything_is_saved(organisation: Organisation) -> None:
    assert selectors.tree_current(organisation=organisation) is None
    assert selectors.document_in_force(organisation=organisation) == selectors.default_document()


def test_saving_a_tree_makes_numbered_versions_and_an_unchanged_save_adds_none(organisation: Organisation) -> None:
    first, created = services.decision_tree_install_default(organisation=organisation)
    assert (first.version, created) == (1, True)
    document = selectors.default_document()
    document["nodes"]["tone"]["text"] = "How does the post feel about us?"
    second, created = services.decision_tree_save(organisation=organisation, document=document, summary="Reworded")
    assert (second.version, created) == (2, True)
    again, created = services.decision_tree_save(organisation=organisation, document=document)
    assert (again.pk, created) == (second.pk, False)
    assert services.decision_tree_install_default(organisation=organisation) == (second, False)


def test_a_broken_tree_is_rejected_and_nothing_is_saved(organisation: Organisation) -> None:
    document = selectors.default_document()
    document["nodes"]["rager-issue"]["options"].append({"label": "Round again", "next": "negative-urgent"})
    with pytest.raises(services.TreeRejectedError) as raised:
        services.decision_tree_save(organisation=organisation, document=document)
    assert any(problem.node == "negative-urgent" and "loops" in problem.message for problem in raised.value.problems)
    assert not DecisionTree.objects.filter(organisation=organisation).exists()


def test_bad_yaml_is_rejected_with_the_line(organisation: Organisation) -> None:
    with pytest.raises(services.TreeRejectedError, match=r"on line \d+"):
        services.decision_tree_save_yaml(organisation=organisation, text="start: a\nnodes: [\n")


def test_recording_a_decision_keeps_the_path_in_the_words_shown(organisation: Organisation, admin_user: User) -> None:
    person = Person.objects.create(
        organisation=organisation, employee_id="A1", name="Ada Admin", email=admin_user.email, user=admin_user
    )
    entry = services.decision_record(
        organisation=organisation,
        answers=TO_FIX_FACTS,
        post_url="https://example.com/posts/42",
        note="Third time this week",
        user_id=admin_user.pk,
        user_email=admin_user.email,
    )
    assert entry.outcome_action == "fix_facts"
    assert entry.person == person and entry.walked_by == admin_user
    assert [step["answer"] for step in entry.path] == TO_FIX_FACTS
    assert entry.path[0]["question"] == "Is the post about us positive, negative or neither?"
    assert entry.tree_version == 1 and entry.notified == []
    assert mail.outbox == []


def test_editing_the_tree_later_never_changes_old_entries(organisation: Organisation) -> None:
    entry = services.decision_record(organisation=organisation, answers=TO_THANKS, post_text="Love the new boots!")
    document = selectors.document_in_force(organisation=organisation)
    document["nodes"]["tone"]["text"] = "Changed wording"
    services.decision_tree_save(organisation=organisation, document=document)
    entry.refresh_from_db()
    assert entry.path[0]["question"] == "Is the post about us positive, negative or neither?"
    assert entry.tree_version == 1


def test_an_escalation_emails_the_members_holding_the_named_roles(organisation: Organisation) -> None:
    admin = member(organisation, Role.PROGRAMME_ADMIN, email="admin@acme.example")
    executive = member(organisation, Role.EXECUTIVE_VIEWER, email="exec@acme.example")
    member(organisation, Role.MENTOR, email="mentor@acme.example")
    entry = services.decision_record(
        organisation=organisation,
        answers=TO_MEDIA_ESCALATION,
        post_url="https://news.example/ask",
        user_id=admin.pk,
        user_email=admin.email,
    )
    assert entry.outcome_action == "escalate"
    assert entry.notified == sorted([admin.email, executive.email])
    assert sorted(message.to[0] for message in mail.outbox) == entry.notified
    message = mail.outbox[0]
    assert "Escalation: Pass it to the communications lead" in message.subject
    assert "https://news.example/ask" in message.body
    assert "A journalist or media outlet asking for comment" in message.body
    assert f"/o/acme/respond/log/{entry.pk}/" in message.body


def test_an_escalation_also_emails_listed_addresses(organisation: Organisation) -> None:
    document = selectors.default_document()
    document["nodes"]["escalate-media"]["notify"] = ["press-office@acme.example"]
    services.decision_tree_save(organisation=organisation, document=document)
    entry = services.decision_record(organisation=organisation, answers=TO_MEDIA_ESCALATION, post_text="Comment?")
    assert entry.notified == ["press-office@acme.example"]
    assert [message.to for message in mail.outbox] == [["press-office@acme.example"]]


@pytest.mark.parametrize(
    ("answers", "post_url", "post_text", "message"),
    [
        (TO_THANKS, "", "", "Give the link to the post"),
        (TO_THANKS, "not a link", "", "not a web address"),
        (["Negative"], "https://example.com/1", "", "answer it to reach an outcome"),
        (["Sideways"], "https://example.com/1", "", "not an answer"),
    ],
)
def test_a_decision_that_cannot_be_recorded_says_why(
    organisation: Organisation, answers: list[str], post_url: str, post_text: str, message: str
) -> None:
    with pytest.raises(services.EscalationError, match=message):
        services.decision_record(organisation=organisation, answers=answers, post_url=post_url, post_text=post_text)
    assert not DecisionLogEntry.objects.exists()


def test_a_tree_changed_while_walking_is_refused(organisation: Organisation) -> None:
    services.decision_tree_install_default(organisation=organisation)
    with pytest.raises(services.EscalationError, match="changed while you were answering"):
        services.decision_record(organisation=organisation, answers=TO_THANKS, post_text="Nice", expected_version=0)


def test_adding_a_node_links_it_from_a_question(organisation: Organisation) -> None:
    saved = services.decision_tree_node_save(
        organisation=organisation,
        node_id=None,
        new_id="regulator",
        node={"kind": "outcome", "action": "escalate", "title": "Tell compliance", "notify": ["programme_admin"]},
        reached_from="negative-urgent",
        reached_by="A regulator is asking",
    )
    options = saved.document["nodes"]["negative-urgent"]["options"]
    assert options[-1] == {"label": "A regulator is asking", "next": "regulator"}
    entry = services.decision_record(
        organisation=organisation, answers=["Negative", "A regulator is asking"], post_text="Hello"
    )
    assert entry.outcome_node == "regulator"


def test_renaming_a_node_updates_the_answers_that_lead_to_it(organisation: Organisation) -> None:
    document = selectors.default_document()
    node = document["nodes"]["monitor-troll"]
    saved = services.decision_tree_node_save(
        organisation=organisation, node_id="monitor-troll", new_id="ignore-troll", node=node
    )
    assert "monitor-troll" not in saved.document["nodes"]
    assert {"label": "No, it is just provocation", "next": "ignore-troll"} in saved.document["nodes"]["troll-harm"][
        "options"
    ]


def test_a_node_edit_that_breaks_the_tree_is_refused_naming_the_node(organisation: Organisation) -> None:
    with pytest.raises(services.TreeRejectedError) as raised:
        services.decision_tree_node_save(
            organisation=organisation,
            node_id="rager-issue",
            new_id="rager-issue",
            node={"kind": "question", "text": "Loop?", "options": [{"label": "Again", "next": "tone"}]},
        )
    assert any("loops back" in str(problem) for problem in raised.value.problems)
    assert selectors.tree_current(organisation=organisation) is None


def test_deleting_a_node_removes_the_answers_to_it_or_refuses_when_that_breaks_the_tree(
    organisation: Organisation,
) -> None:
    saved = services.decision_tree_node_delete(organisation=organisation, node_id="escalate-facts")
    options = saved.document["nodes"]["misinformed-source"]["options"]
    assert all(option["next"] != "escalate-facts" for option in options)
    with pytest.raises(services.TreeRejectedError) as raised:
        services.decision_tree_node_delete(organisation=organisation, node_id="troll-harm")
    assert any(
        problem.node == "monitor-troll" and "unreachable" in problem.message for problem in raised.value.problems
    )
    with pytest.raises(services.TreeRejectedError, match="start node"):
        services.decision_tree_node_delete(organisation=organisation, node_id="tone")
