"""The policy pages through the test client."""

from __future__ import annotations

import pytest
from django.test import Client

from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.governance.models import Acknowledgement, Policy, PolicyVersion
from socialu.people.models import Person
from tests.factories import member

pytestmark = pytest.mark.django_db


def test_an_admin_sees_an_empty_state_and_installs_the_default_policy(admin_client: Client) -> None:
    page = admin_client.get("/o/acme/policies/").content.decode()
    assert "No policies yet" in page and "Install the default social media policy" in page

    response = admin_client.post("/o/acme/policies/install-default/", follow=True)

    page = response.content.decode()
    assert response.redirect_chain[-1][0] == "/o/acme/policies/social-media-policy/"
    assert '<h2 id="policy-summary-title">In short</h2>' in page
    assert "<table>" in page and "Project Falcon" in page  # the Markdown body, rendered
    assert "<script" not in page.split("</head>", 1)[1]
    assert 'style="' not in page


def test_a_learner_sees_no_install_button(organisation: Organisation, learner_client: Client) -> None:
    page = learner_client.get("/o/acme/policies/").content.decode()
    assert "No policies yet" in page and "Install the default" not in page


def test_the_list_shows_what_the_person_has_to_acknowledge(
    policy: Policy, learner: Person, learner_client: Client
) -> None:
    page = learner_client.get("/o/acme/policies/").content.decode()
    assert "You have 1 policy to read and acknowledge" in page
    assert "To acknowledge" in page
    assert 'href="/o/acme/policies/"' in page and 'aria-current="page">Policies</a>' in page


def test_a_linked_learner_reads_and_acknowledges_the_policy(
    policy: Policy, learner: Person, learner_client: Client
) -> None:
    page = learner_client.get(f"/o/acme/policies/{policy.slug}/").content.decode()
    assert page.index("In short") < page.index("I have read and understood this policy")

    response = learner_client.post(f"/o/acme/policies/{policy.slug}/acknowledge/", {"version": "1"}, follow=True)

    page = response.content.decode()
    assert "You have acknowledged version 1" in page
    assert "You acknowledged this version on" in page
    assert "I have read and understood this policy" not in page
    assert Acknowledgement.objects.filter(person=learner).count() == 1


def test_acknowledging_an_old_version_from_a_stale_page_explains_what_to_read(
    policy: Policy, learner: Person, learner_client: Client
) -> None:
    from tests.governance.conftest import publish

    publish(policy, requires_reacknowledgement=True)
    response = learner_client.post(f"/o/acme/policies/{policy.slug}/acknowledge/", {"version": "1"}, follow=True)

    assert "Read version 2 and acknowledge that one." in response.content.decode()
    assert not Acknowledgement.objects.exists()


def test_a_member_not_linked_to_a_person_gets_an_explanation(organisation: Organisation, policy: Policy) -> None:
    client = Client()
    client.force_login(member(organisation))
    page = client.get(f"/o/acme/policies/{policy.slug}/").content.decode()
    assert "not linked to a person" in page
    assert "I have read and understood this policy" not in page
    response = client.post(f"/o/acme/policies/{policy.slug}/acknowledge/", {"version": "1"}, follow=True)
    assert "not linked to a person" in response.content.decode()


def test_an_admin_creates_a_policy_and_publishes_versions(admin_client: Client, organisation: Organisation) -> None:
    response = admin_client.post(
        "/o/acme/policies/new/",
        {"title": "Leaders' guide", "acknowledgement_required": "on", "audiences": ["leadership"]},
    )
    assert response["Location"] == "/o/acme/policies/leaders-guide/publish/"
    policy = Policy.objects.get(organisation=organisation, slug="leaders-guide")
    assert policy.audiences == ["leadership"]

    form = {"summary": "Lead by example.", "body": "## Rules\n\nBe kind.", "effective_on": "2026-03-01"}
    admin_client.post("/o/acme/policies/leaders-guide/publish/", form)
    page = admin_client.get("/o/acme/policies/leaders-guide/publish/").content.decode()
    assert "version 2" in page and "Lead by example." in page  # starts from the current text
    admin_client.post("/o/acme/policies/leaders-guide/publish/", {**form, "body": "## Rules\n\nBe kind!"})

    versions = list(PolicyVersion.objects.filter(policy=policy).order_by("number"))
    assert [(v.number, v.requires_reacknowledgement) for v in versions] == [(1, True), (2, False)]


def test_a_publish_form_with_errors_keeps_everything_typed(admin_client: Client, policy: Policy) -> None:
    response = admin_client.post(
        f"/o/acme/policies/{policy.slug}/publish/",
        {
            "summary": "",
            "body": "## Kept\n\nMy *draft*",
            "effective_on": "2026-03-01",
            "requires_reacknowledgement": "",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "## Kept\n\nMy *draft*</textarea>" in page
    assert 'value="2026-03-01"' in page
    assert "<em>draft</em>" in page  # the preview shows what was typed
    assert PolicyVersion.objects.filter(policy=policy).count() == 1


def test_the_preview_renders_markdown_safely(admin_client: Client, policy: Policy) -> None:
    response = admin_client.post(
        f"/o/acme/policies/{policy.slug}/preview/",
        {"body": "**Bold** <script>alert(1)</script> [x](javascript:alert(1))"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert "<strong>Bold</strong>" in html
    assert "<script" not in html
    assert 'href="javascript' not in html


def test_a_learner_cannot_publish_or_see_coverage(policy: Policy, learner_client: Client) -> None:
    assert learner_client.get(f"/o/acme/policies/{policy.slug}/publish/").status_code == 403
    assert learner_client.get(f"/o/acme/policies/{policy.slug}/coverage/").status_code == 403


def test_an_unknown_policy_is_not_found(admin_client: Client) -> None:
    assert admin_client.get("/o/acme/policies/nothing-here/").status_code == 404


def test_executive_viewers_see_the_coverage_link(organisation: Organisation, policy: Policy) -> None:
    client = Client()
    client.force_login(member(organisation, Role.EXECUTIVE_VIEWER))
    page = client.get(f"/o/acme/policies/{policy.slug}/").content.decode()
    assert "Who has acknowledged it" in page and "Publish a new version" not in page
