"""Seed the demo organisations. Idempotent: running it again changes nothing but the password."""

from __future__ import annotations

import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from socialu.accounts.models import User
from socialu.core.models import Organisation, RoleAssignment
from socialu.core.roles import Role
from socialu.curriculum.services import CurriculumImportResult, curriculum_import, default_folder
from socialu.demo import (
    seed_certification,
    seed_coaching,
    seed_community,
    seed_escalation,
    seed_governance,
    seed_learning,
    seed_mentoring,
    seed_practice,
    seed_readiness,
    seed_sessions,
    seed_skills,
    seed_strategy,
)
from socialu.demo.roster import write_demo_roster
from socialu.governance.policies.services import policy_install_default
from socialu.learning.services import enrolment_sync
from socialu.people.person_services import person_link_user
from socialu.people.roster import RosterImportResult, roster_import

DEMO_SLUG = "demo"
DEMO_ADMIN_EMAIL = "admin@demo.example"

# Named demo members, each holding one role so every view can be tried.
DEMO_MEMBERS: tuple[tuple[str, Role], ...] = (
    ("facilitator@demo.example", Role.FACILITATOR),
    ("mentor@demo.example", Role.MENTOR),
    ("champion@demo.example", Role.CHAMPION),
    ("executive@demo.example", Role.EXECUTIVE_VIEWER),
    ("learner@demo.example", Role.LEARNER),
)


@dataclass(frozen=True)
class DemoSeed:
    organisation: Organisation
    admin_email: str
    password: str
    import_result: RosterImportResult
    curriculum_result: CurriculumImportResult
    client_organisation: Organisation


def _organisation(slug: str, name: str) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(slug=slug, defaults={"name": name})
    return organisation


def _grant(user: User, organisation: Organisation, *roles: Role) -> None:
    for role in {Role.LEARNER, *roles}:
        RoleAssignment.objects.get_or_create(organisation=organisation, user=user, role=role)


def _user(email: str, password: str) -> User:
    user = User.objects.filter(email=email).first() or User.objects.create_user(email)
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


def _import(organisation: Organisation, *, people: int, domain: str, seed: int) -> RosterImportResult:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{organisation.slug}-roster.csv"
        write_demo_roster(path, people=people, domain=domain, seed=seed)
        result = roster_import(organisation=organisation, path=path)
    if result.rejected:
        first = result.errors[0]
        raise RuntimeError(f"The demo roster was rejected at line {first.line}: {first.message}")
    return result


def demo_seed(*, password: str | None = None, people: int = 2000) -> DemoSeed:
    """Create (or refresh) the demo organisation, a client organisation and their logins."""
    password = password or secrets.token_urlsafe(12)
    with transaction.atomic():
        organisation = _organisation(DEMO_SLUG, "Kestrel Outdoor Co.")
        client = _organisation("lumen-health", "Lumen Health Partners (client)")
    result = _import(organisation, people=people, domain="kestrel.example", seed=2010)
    _import(client, people=150, domain="lumenhealth.example", seed=2012)
    curriculum = curriculum_import(organisation=organisation, folder=default_folder())
    curriculum_import(organisation=client, folder=default_folder())
    policy_install_default(organisation=client)
    with transaction.atomic():
        admin = _user(DEMO_ADMIN_EMAIL, password)
        _grant(admin, organisation, Role.PROGRAMME_ADMIN)
        _grant(admin, client, Role.PROGRAMME_ADMIN)
        person_link_user(organisation=organisation, email=admin.email, user_id=admin.pk)
        for email, role in DEMO_MEMBERS:
            user = _user(email, password)
            _grant(user, organisation, role)
            person_link_user(organisation=organisation, email=email, user_id=user.pk)
    enrolment_sync(organisation=organisation)
    enrolment_sync(organisation=client)
    # Each area seeds its own part of the demo, in an order that lets later
    # parts build on earlier ones (certificates on progress, strategy on readiness).
    for area in (
        seed_learning,
        seed_governance,
        seed_practice,
        seed_certification,
        seed_escalation,
        seed_sessions,
        seed_skills,
        seed_coaching,
        seed_community,
    ):
        area.seed(organisation)
    for area in (seed_readiness, seed_strategy, seed_mentoring):
        area.seed(organisation)
    return DemoSeed(
        organisation=organisation,
        admin_email=DEMO_ADMIN_EMAIL,
        password=password,
        import_result=result,
        curriculum_result=curriculum,
        client_organisation=client,
    )
