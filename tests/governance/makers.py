"""Objects of one organisation for the permission matrix and tenancy tests (ARGUMENT_MAKERS)."""

from __future__ import annotations

from socialu.core.models import Organisation
from socialu.governance.models import RaciActivity, RaciParty, RaciPartyKind, SocialAccount
from socialu.governance.policies.services import policy_install_default
from socialu.governance.raci.services import raci_activity_create, raci_party_create
from socialu.governance.registry.services import social_account_create


def raci_activity_id(organisation: Organisation) -> int:
    found = RaciActivity.objects.filter(organisation=organisation, key="matrix-activity").first()
    return (found or raci_activity_create(organisation=organisation, name="Matrix activity")).pk


def raci_party_id(organisation: Organisation) -> int:
    found = RaciParty.objects.filter(organisation=organisation, key="function:matrix-function").first()
    return (
        found or raci_party_create(organisation=organisation, kind=RaciPartyKind.FUNCTION, name="Matrix function")
    ).pk


def policy_slug(organisation: Organisation) -> str:
    return policy_install_default(organisation=organisation)[0].slug


def account_id(organisation: Organisation) -> int:
    found = SocialAccount.objects.filter(organisation=organisation, platform="x", handle_key="matrix").first()
    return (found or social_account_create(organisation=organisation, platform="x", handle="matrix")).pk
