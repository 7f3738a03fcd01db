"""The organisation home page asks each member for what governance needs from them."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from socialu.core.models import Organisation
from socialu.governance.models import Policy
from socialu.governance.policies.services import policy_acknowledge
from socialu.governance.registry.services import social_account_create
from socialu.people.models import Person


def _home(client: Client, organisation: Organisation) -> str:
    response = client.get(reverse("org_home", args=[organisation.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_policy_to_acknowledge_shows_on_the_home_page_until_it_is_acknowledged(
    organisation: Organisation, learner: Person, learner_client: Client, policy: Policy
) -> None:
    page = _home(learner_client, organisation)
    assert "A policy to read and acknowledge" in page
    assert reverse("policy_detail", args=[organisation.slug, policy.slug]) in page

    version = policy.versions.order_by("-number").first()
    assert version is not None
    policy_acknowledge(person=learner, version=version)

    assert "to read and acknowledge" not in _home(learner_client, organisation)


def test_admins_see_accounts_that_need_attention_and_who_should_act(
    organisation: Organisation, admin_client: Client, learner_client: Client, learner: Person
) -> None:
    account = social_account_create(organisation=organisation, platform="x", handle="kestrelnews", owner=learner)

    page = _home(admin_client, organisation)

    assert "need attention" in page or "problems with social media accounts" in page
    assert reverse("social_account_detail", args=[organisation.slug, account.pk]) in page
    assert "Who should act" in page
    # A learner cannot manage the registry, so the panel is not theirs to see.
    assert "Who should act" not in _home(learner_client, organisation)
