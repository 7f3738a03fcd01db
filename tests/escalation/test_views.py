"""The pages: walking the tree, recording, the decision log with filters and exports, and the editors."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from socialu.accounts.models import User
from socialu.core.models import Organisation
from socialu.escalation import selectors, services
from socialu.escalation.models import DecisionLogEntry, DecisionTree
from tests.escalation.conftest import TO_FIX_FACTS, TO_THANKS, TO_TROLL

pytestmark = pytest.mark.django_db

WALK = "/o/acme/respond/"


def test_the_walk_starts_with_the_first_question_and_links_each_answer(learner_client: Client) -> None:
    page = learner_client.get(WALK).content.decode()
    assert "Is the post about us positive, negative or neither?" in page
    assert 'href="/o/acme/respond/?path=1"' in page
    assert 'hx-get="/o/acme/respond/?path=1"' in page


def test_each_answer_shows_the_path_so_far_and_a_back_link(learner_client: Client) -> None:
    page = learner_client.get(WALK, {"path": "1.4"}).content.decode()
    assert "Which best describes the author?" in page
    assert "Before anything else, does the post involve any of these?" in page  # in the path so far
    assert 'class="button secondary" href="/o/acme/respond/?path=1" hx-get="/o/acme/respond/?path=1"' in page
    assert ">Back</a>" in page


def test_an_htmx_request_gets_only_the_step(learner_client: Client) -> None:
    response = learner_client.get(WALK, {"path": "1"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "Before anything else" in body
    assert "<html" not in body


def test_a_nonsense_path_starts_again(learner_client: Client) -> None:
    body = learner_client.get(WALK, {"path": "9.9.x"}).content.decode()
    assert "Is the post about us positive, negative or neither?" in body


def test_the_outcome_shows_guidance_considerations_and_the_record_form(learner_client: Client) -> None:
    body = learner_client.get(WALK, {"path": "1.2"}).content.decode()
    assert "Pass it to the communications lead" in body
    for label in ("Transparency", "Sources", "Timeliness", "Tone", "Influence"):
        assert f"<dt>{label}</dt>" in body
    assert "Record this decision" in body
    assert "everyone with the role “Programme admin”" in body


def test_a_learner_records_a_decision_and_is_sent_back_to_the_start(
    organisation: Organisation, learner_client: Client
) -> None:
    response = learner_client.post(
        "/o/acme/respond/record/",
        {"path": "0.0", "tree_version": "0", "post_url": "https://x.com/fan/1", "post_text": "", "note": ""},
    )
    assert response.status_code == 302 and response["Location"] == WALK
    entry = DecisionLogEntry.objects.get(organisation=organisation)
    assert entry.outcome_node == "thank-and-share" and entry.walked_by_email == "learner@acme.example"


def test_an_admin_recording_an_escalation_sees_the_entry_and_the_people_are_emailed(
    organisation: Organisation, admin_client: Client
) -> None:
    response = admin_client.post(
        "/o/acme/respond/record/",
        {"path": "1.2", "tree_version": "0", "post_url": "", "post_text": "Journalist asking", "note": "Deadline 5pm"},
        follow=True,
    )
    body = response.content.decode()
    entry = DecisionLogEntry.objects.get(organisation=organisation)
    assert response.redirect_chain[-1][0] == f"/o/acme/respond/log/{entry.pk}/"
    assert "1 person was told by email" in body
    assert "Deadline 5pm" in body and "admin@acme.example" in body
    assert mail.outbox[0].to == ["admin@acme.example"]


def test_recording_without_a_post_keeps_what_was_typed_and_explains(admin_client: Client) -> None:
    response = admin_client.post(
        "/o/acme/respond/record/",
        {"path": "1.2", "tree_version": "0", "post_url": "", "post_text": "", "note": "My careful note"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "The decision was not recorded." in body
    assert "Give the link to the post, or paste its text" in body
    assert "My careful note" in body
    assert not DecisionLogEntry.objects.exists()


def test_a_bad_link_is_explained_next_to_the_field(admin_client: Client) -> None:
    body = admin_client.post(
        "/o/acme/respond/record/",
        {"path": "1.2", "tree_version": "0", "post_url": "two words", "post_text": "x", "note": ""},
    ).content.decode()
    assert 'aria-invalid="true"' in body and "two words" in body
    assert "This is not a web address" in body
    assert 'aria-describedby="id_post_url_helptext id_post_url_error"' in body
    assert not DecisionLogEntry.objects.exists()


# The decision log ------------------------------------------------------------------------------


@pytest.fixture
def three_decisions(organisation: Organisation, admin_user: User) -> list[DecisionLogEntry]:
    entries = [
        services.decision_record(
            organisation=organisation, answers=answers, post_text=text, user_id=admin_user.pk, user_email=email
        )
        for answers, text, email in (
            (TO_THANKS, "Great service at the Leeds store", "admin@acme.example"),
            (TO_TROLL, '=HYPERLINK("http://evil")', "someone@acme.example"),
            (TO_FIX_FACTS, "You closed the factory (you did not)", "admin@acme.example"),
        )
    ]
    old = entries[0]
    DecisionLogEntry.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    return entries


def test_the_log_lists_decisions_and_filters_them(admin_client: Client, three_decisions: list[object]) -> None:
    body = admin_client.get("/o/acme/respond/log/").content.decode()
    assert "3 decisions." in body
    body = admin_client.get("/o/acme/respond/log/", {"action": "fix_facts"}).content.decode()
    assert "1 decision match the filters" in body and "closed the factory" in body
    body = admin_client.get("/o/acme/respond/log/", {"q": "leeds"}).content.decode()
    assert "Leeds store" in body and "factory" not in body
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    body = admin_client.get("/o/acme/respond/log/", {"since": since}).content.decode()
    assert "2 decisions match" in body
    body = admin_client.get("/o/acme/respond/log/", {"walker": "someone@"}).content.decode()
    assert "1 decision match" in body


def test_an_empty_log_says_how_it_fills(admin_client: Client) -> None:
    body = admin_client.get("/o/acme/respond/log/").content.decode()
    assert "No decisions recorded yet" in body


def test_the_csv_export_is_filtered_and_safe_to_open(admin_client: Client, three_decisions: list[object]) -> None:
    response = admin_client.get("/o/acme/respond/log.csv", {"action": "monitor"})
    content = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0] == selectors.LOG_HEADERS
    assert len(rows) == 2
    assert rows[1][4] == '\'=HYPERLINK("http://evil")'


def test_the_xlsx_export_holds_every_decision_as_text(admin_client: Client, three_decisions: list[object]) -> None:
    response = admin_client.get("/o/acme/respond/log.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active  # type: ignore[attr-defined]
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == selectors.LOG_HEADERS and len(rows) == 4
    assert '\'=HYPERLINK("http://evil")' in [row[4] for row in rows]
    assert all(cell.data_type == "s" for row in sheet.iter_rows(min_row=2) for cell in row if cell.value)


def test_an_executive_viewer_reads_the_log(executive_client: Client, three_decisions: list[object]) -> None:
    assert executive_client.get("/o/acme/respond/log/").status_code == 200


def test_another_organisations_entry_is_not_found(other_organisation: Organisation, admin_client: Client) -> None:
    entry = services.decision_record(organisation=other_organisation, answers=TO_THANKS, post_text="Theirs")
    assert admin_client.get(f"/o/acme/respond/log/{entry.pk}/").status_code == 404


# The editors -----------------------------------------------------------------------------------


def test_the_editor_lists_nodes_and_offers_the_tools(admin_client: Client) -> None:
    body = admin_client.get("/o/acme/respond/tree/").content.decode()
    assert "You are using SocialU's default tree" in body
    assert "<code>negative-kind</code>" in body and "Edit as YAML" in body


def test_a_yaml_edit_with_a_loop_is_refused_keeping_the_text_and_naming_the_node(admin_client: Client) -> None:
    text = selectors.tree_yaml(organisation=Organisation.objects.get(slug="acme"))
    broken = text.replace("next: restore-customer", "next: tone", 1) + "\n# my comment\n"
    response = admin_client.post("/o/acme/respond/tree/yaml/", {"yaml": broken, "summary": "Oops"})
    body = response.content.decode()
    assert response.status_code == 422
    assert "The tree was not saved" in body and "loops back on itself" in body
    assert "# my comment" in body
    assert not DecisionTree.objects.exists()


def test_a_yaml_edit_saves_a_new_version_shown_in_the_history(organisation: Organisation, admin_client: Client) -> None:
    text = selectors.tree_yaml(organisation=organisation).replace("Thank them, and share it if it fits", "Say thanks")
    response = admin_client.post("/o/acme/respond/tree/yaml/", {"yaml": text, "summary": "Shorter"}, follow=True)
    body = response.content.decode()
    assert "Version 1 of the decision tree is now in force." in body
    assert "Shorter" in body
    assert "Say thanks" in admin_client.get(f"{WALK}?path=0.0").content.decode()


def test_an_old_version_can_be_viewed_and_restored_through_the_yaml_editor(
    organisation: Organisation, admin_client: Client
) -> None:
    services.decision_tree_install_default(organisation=organisation)
    document = selectors.default_document()
    document["nodes"]["tone"]["text"] = "Newer wording?"
    services.decision_tree_save(organisation=organisation, document=document)
    body = admin_client.get("/o/acme/respond/tree/versions/1/").content.decode()
    assert "Is the post about us positive, negative or neither?" in body and "Restore this version" in body
    form = admin_client.get("/o/acme/respond/tree/yaml/", {"from_version": "1"}).content.decode()
    assert "Is the post about us positive, negative or neither?" in form and "Restored version 1" in form


def test_the_yaml_export_downloads_the_tree(admin_client: Client) -> None:
    response = admin_client.get("/o/acme/respond/tree/export.yaml")
    assert response["Content-Disposition"].startswith("attachment")
    assert b"start: tone" in response.content


def test_the_node_form_edits_a_question(organisation: Organisation, admin_client: Client) -> None:
    form = admin_client.get("/o/acme/respond/tree/nodes/rager-issue/").content.decode()
    assert "Yes -&gt; restore-customer" in form
    response = admin_client.post(
        "/o/acme/respond/tree/nodes/rager-issue/",
        {
            "node_id": "rager-issue",
            "text": "Is there something real under the anger?",
            "help": "",
            "options": "Yes -> restore-customer\nNo -> monitor-only",
        },
    )
    assert response.status_code == 302
    current = selectors.tree_current(organisation=organisation)
    assert current is not None
    assert current.document["nodes"]["rager-issue"]["text"] == "Is there something real under the anger?"


def test_a_node_form_that_breaks_the_tree_keeps_the_input_and_names_the_node(admin_client: Client) -> None:
    response = admin_client.post(
        "/o/acme/respond/tree/nodes/rager-issue/",
        {"node_id": "rager-issue", "text": "Still angry?", "help": "", "options": "Yes -> nowhere-node"},
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert "Node “rager-issue”" in body and "“nowhere-node”, which does not exist" in body
    assert "Still angry?" in body and "Yes -&gt; nowhere-node" in body
    assert not DecisionTree.objects.exists()


def test_an_outcome_is_added_from_the_node_form(organisation: Organisation, admin_client: Client) -> None:
    assert (
        "Reached from the question" in admin_client.get("/o/acme/respond/tree/nodes/new/?kind=outcome").content.decode()
    )
    response = admin_client.post(
        "/o/acme/respond/tree/nodes/new/?kind=outcome",
        {
            "node_id": "regulator",
            "action": "escalate",
            "title": "Tell compliance",
            "guidance": "",
            "tone": "Formal",
            "notify": "programme_admin, compliance@acme.example",
            "reached_from": "negative-urgent",
            "reached_by": "A regulator is asking",
        },
    )
    assert response.status_code == 302
    node = selectors.document_in_force(organisation=organisation)["nodes"]["regulator"]
    assert node["notify"] == ["programme_admin", "compliance@acme.example"]
    assert node["considerations"] == {"tone": "Formal"}


def test_an_escalation_without_anyone_to_notify_is_refused(admin_client: Client) -> None:
    response = admin_client.post(
        "/o/acme/respond/tree/nodes/new/?kind=outcome",
        {
            "node_id": "silent",
            "action": "escalate",
            "title": "Tell someone",
            "reached_from": "negative-urgent",
            "reached_by": "Something odd",
        },
    )
    assert response.status_code == 422
    assert "an escalation must name who to notify" in response.content.decode()


def test_deleting_a_node_from_the_editor(organisation: Organisation, admin_client: Client) -> None:
    response = admin_client.post("/o/acme/respond/tree/nodes/escalate-facts/delete/", follow=True)
    assert "are removed" in response.content.decode()
    assert "escalate-facts" not in selectors.document_in_force(organisation=organisation)["nodes"]
    response = admin_client.post("/o/acme/respond/tree/nodes/troll-harm/delete/", follow=True)
    assert "unreachable" in response.content.decode()


def test_a_learner_may_not_open_the_editor_or_the_log(learner_client: Client) -> None:
    assert learner_client.get("/o/acme/respond/tree/").status_code == 403
    assert learner_client.get("/o/acme/respond/log/").status_code == 403


def test_the_sidebar_shows_what_each_role_may_use(admin_client: Client, learner_client: Client) -> None:
    admin_page = admin_client.get(WALK).content.decode()
    assert "Decision log</a>" in admin_page and "Decision tree</a>" in admin_page
    learner_page = learner_client.get(WALK).content.decode()
    assert "Should we respond?</a>" in learner_page and "Decision log</a>" not in learner_page
