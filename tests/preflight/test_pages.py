"""The “Check a post” page, its findings partial, and the rules editor."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from socialu.accounts.models import User
from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.preflight import services
from socialu.preflight.models import OrganisationRuleSet
from tests.factories import member
from tests.preflight.conftest import BAD_SEVERITY_YAML, rules_with_confidential_term


@pytest.fixture
def learner_client(organisation: Organisation) -> Client:
    client = Client()
    client.force_login(member(organisation, email="learner@acme.example"))
    return client


def _findings(client: Client, text: str, platform: str = "x", account_kind: str = "personal") -> str:
    response = client.post(
        reverse("preflight_findings", args=["acme"]),
        {"text": text, "platform": platform, "account_kind": account_kind},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    return response.content.decode()


def test_the_composer_asks_for_findings_as_you_type(learner_client: Client) -> None:
    response = learner_client.get(reverse("preflight_check", args=["acme"]))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'hx-post="/o/acme/check/findings/"' in html
    assert 'hx-trigger="input changed delay:300ms, change"' in html
    assert 'data-limit="280"' in html  # X's limit, for the live count
    assert "<script>" not in html and 'style="' not in html
    assert 'href="/o/acme/check/" aria-current="page"' in html  # the sidebar link


def test_a_blocked_post_shows_the_verdict_and_marks_the_term(learner_client: Client) -> None:
    html = _findings(learner_client, "Can't wait for Project Falcon!")

    assert "verdict-block" in html and ">Block</strong>" in html
    assert '<mark class="finding-block" title="confidential-term">Project Falcon</mark>' in html
    assert "Suggested fix:" in html and "confidential-term" in html and "confidential" in html


def test_a_clean_post_passes(learner_client: Client) -> None:
    html = _findings(learner_client, "A lovely walk in the hills today.", platform="linkedin")

    assert ">Pass</strong>" in html
    assert "<mark" not in html


def test_a_post_that_needs_a_second_look_warns(learner_client: Client) -> None:
    html = _findings(learner_client, "This jacket is guaranteed to keep you dry.", account_kind="official")

    assert ">Warn</strong>" in html
    assert '<mark class="finding-warn"' in html


def test_html_in_the_post_is_shown_as_text(learner_client: Client) -> None:
    html = _findings(learner_client, '<img src=x onerror="alert(1)"> Project Falcon')

    assert "<img" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_overlapping_findings_render_as_separate_marks(learner_client: Client) -> None:
    html = _findings(learner_client, "Summitcraft gear is garbage and terrible, worst junk ever you idiot")

    assert html.count("<mark") == html.count("</mark>") >= 3
    assert "<mark" not in html.split("<mark", 2)[1].split("</mark>")[0]  # never nested


def test_an_unknown_platform_is_explained(learner_client: Client) -> None:
    html = _findings(learner_client, "Hello", platform="myspace")

    assert "could not be checked" in html and "Platform" in html


def test_without_javascript_the_page_checks_and_keeps_the_text(learner_client: Client) -> None:
    text = "Project Falcon <soon> & more"
    response = learner_client.post(
        reverse("preflight_check", args=["acme"]), {"text": text, "platform": "instagram", "account_kind": "official"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert ">Block</strong>" in html
    assert "\nProject Falcon &lt;soon&gt; &amp; more</textarea>" in html
    assert '<option value="instagram" data-limit="2200" selected>' in html
    assert '<option value="official" selected>' in html


def test_the_check_uses_the_organisations_own_rules(
    learner_client: Client, organisation: Organisation, admin_user: User
) -> None:
    services.rule_set_save(organisation=organisation, yaml_text=rules_with_confidential_term("Operation Osprey"))

    assert ">Block</strong>" in _findings(learner_client, "Operation Osprey is go")


def test_the_rules_page_shows_the_default_rules_when_there_are_none(admin_client: Client) -> None:
    response = admin_client.get(reverse("preflight_rules", args=["acme"]))

    html = response.content.decode()
    assert "SocialU's default rules" in html and "Project Falcon" in html
    assert 'href="/o/acme/check/rules/rules.yaml"' in html


def test_saving_rules_records_a_version(admin_client: Client, organisation: Organisation) -> None:
    response = admin_client.post(
        reverse("preflight_rules", args=["acme"]),
        {"yaml": rules_with_confidential_term("Operation Osprey"), "action": "save"},
        follow=True,
    )

    html = response.content.decode()
    assert "saved as version 1" in html
    assert "admin@acme.example" in html  # the history says who saved it
    record = OrganisationRuleSet.objects.get(organisation=organisation)
    assert "Operation Osprey" in record.yaml


def test_invalid_rules_are_explained_and_the_typed_text_is_kept(
    admin_client: Client, organisation: Organisation
) -> None:
    typed = BAD_SEVERITY_YAML + "# my note <kept>\n"
    response = admin_client.post(
        reverse("preflight_rules", args=["acme"]),
        {"yaml": typed, "action": "save", "sample-text": "Project Falcon", "sample-platform": "x"},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "rules.confidential.severity" in html
    assert "# my note &lt;kept&gt;\n</textarea>" in html
    assert "cannot be used yet" in html  # the test box explains it too
    assert ">Project Falcon</textarea>" in html.replace("\n", "")
    assert not OrganisationRuleSet.objects.filter(organisation=organisation).exists()


def test_reset_goes_back_to_the_default(admin_client: Client, organisation: Organisation) -> None:
    services.rule_set_save(organisation=organisation, yaml_text=rules_with_confidential_term("Operation Osprey"))

    response = admin_client.post(reverse("preflight_rules", args=["acme"]), {"action": "reset"}, follow=True)

    html = response.content.decode()
    assert "default rules" in html and "Reset to the default rules" in html
    assert "Operation Osprey" not in html


def test_the_test_box_checks_against_the_rules_as_typed(admin_client: Client) -> None:
    response = admin_client.post(
        reverse("preflight_rules_test", args=["acme"]),
        {
            "yaml": rules_with_confidential_term("Operation Osprey"),
            "sample-text": "Operation Osprey is go",
            "sample-platform": "x",
            "sample-account_kind": "personal",
        },
    )

    html = response.content.decode()
    assert ">Block</strong>" in html and "<mark" in html and "Operation Osprey</mark>" in html


def test_the_test_box_shows_a_rules_error_instead_of_findings(admin_client: Client) -> None:
    response = admin_client.post(
        reverse("preflight_rules_test", args=["acme"]),
        {"yaml": BAD_SEVERITY_YAML, "sample-text": "Project Falcon", "sample-platform": "x"},
    )

    html = response.content.decode()
    assert "cannot be used yet" in html and "rules.confidential.severity" in html
    assert "<mark" not in html


def test_the_yaml_downloads_as_a_file(admin_client: Client, organisation: Organisation) -> None:
    services.rule_set_save(organisation=organisation, yaml_text=rules_with_confidential_term("Operation Osprey"))

    response = admin_client.get(reverse("preflight_rules_yaml", args=["acme"]))

    assert response["Content-Disposition"] == 'attachment; filename="acme-policy-rules.yaml"'
    assert b"Operation Osprey" in response.content


def test_learners_cannot_edit_the_rules_or_see_the_link(learner_client: Client) -> None:
    assert learner_client.get(reverse("preflight_rules", args=["acme"])).status_code == 403
    assert "Edit the rules" not in learner_client.get(reverse("preflight_check", args=["acme"])).content.decode()


def test_the_sidebar_link_is_shown_to_every_member(organisation: Organisation) -> None:
    client = Client()
    client.force_login(member(organisation, Role.EXECUTIVE_VIEWER))

    assert "Check a post</a>" in client.get(reverse("org_home", args=["acme"])).content.decode()


def test_the_rules_page_says_when_saved_rules_no_longer_load(admin_client: Client, organisation: Organisation) -> None:
    OrganisationRuleSet.objects.create(
        organisation=organisation,
        yaml="rules:\n  claims:\n    - {id: c, severity: warn, message: m, fix: f, patterns: ['(?<=our )best']}\n",
        version=1,
    )

    response = admin_client.get(reverse("preflight_rules", args=["acme"]))

    assert response.status_code == 200
    assert "Your saved rules no longer load" in response.content.decode()
    assert "look-behind" in response.content.decode()
