"""Seed the demo organisations. Idempotent: running it again changes nothing but the password."""

from __future__ import annotations

import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from socialu.accounts.models import User
from socialu.core.models import Organisation, RoleAssignment
from socialu.core.roles import Role
from socialu.curriculum.selectors import course_lessons
from socialu.curriculum.services import CurriculumImportResult, curriculum_import, default_folder
from socialu.demo.roster import write_demo_roster
from socialu.governance.services import acknowledgements_import, policy_install_default
from socialu.learning.selectors import person_for_user
from socialu.learning.services import enrolment_sync, lesson_complete
from socialu.people.person_services import person_link_user
from socialu.people.roster import RosterImportResult, roster_import
from socialu.people.selectors import DirectoryFilters, directory_queryset
from socialu.readiness import selectors as readiness_selectors
from socialu.readiness import services as readiness_services

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


def _acknowledge_for_two_in_three(organisation: Organisation, *, policy_slug: str) -> None:
    """Record that two people in three have acknowledged the policy, so coverage has something to show."""
    people = directory_queryset(organisation=organisation, filters=DirectoryFilters())
    today = timezone.localdate().isoformat()
    rows = [
        {"employee_id": employee_id, "policy": policy_slug, "version": "1", "acknowledged_at": today}
        for index, employee_id in enumerate(people.order_by("pk").values_list("employee_id", flat=True))
        if index % 3
    ]
    acknowledgements_import(organisation=organisation, rows=rows)


# Typical answers (1–5) by audience: leaders are more confident than the managers
# who run the day-to-day, and the two disagree most about ownership and policy.
_DEMO_ANSWERS: dict[str, dict[str, int]] = {
    "leadership": {
        "goals": 4, "trust": 4, "platform-fit": 3, "culture": 4, "integration": 3,
        "policy": 4, "purpose": 3, "ownership": 4, "capacity": 3, "training": 2,
    },
    "management": {
        "goals": 3, "trust": 3, "platform-fit": 3, "culture": 2, "integration": 2,
        "policy": 2, "purpose": 2, "ownership": 2, "capacity": 2, "training": 1,
    },
}  # fmt: skip
DEMO_ASSESSMENT_TITLE = "Readiness check, autumn 2026"


def _readiness_assessment(organisation: Organisation) -> None:
    """Run (once) a closed readiness assessment answered by leaders and managers."""
    if readiness_selectors.assessments_list(organisation=organisation).filter(title=DEMO_ASSESSMENT_TITLE).exists():
        return
    assessment = readiness_services.assessment_create(organisation=organisation, title=DEMO_ASSESSMENT_TITLE)
    readiness_services.respondents_add(assessment=assessment)
    readiness_services.assessment_open(assessment=assessment, send_invitations=False)
    for index, respondent in enumerate(readiness_selectors.respondents_of(assessment=assessment)):
        if index % 5 == 4:
            continue  # one in five never answered
        typical = _DEMO_ANSWERS.get(respondent.person.audience, _DEMO_ANSWERS["management"])
        for question, value in typical.items():
            nudged = min(5, max(1, value + (index % 3) - 1))
            readiness_services.answer_save(respondent=respondent, question=question, value=nudged)
        readiness_services.respondent_submit(respondent=respondent)
    readiness_services.assessment_close(assessment=assessment)


def _start_learning(organisation: Organisation, email: str) -> None:
    """Give the demo learner a first course done and the next one started, so My learning has a story."""
    user = User.objects.get(email=email)
    person = person_for_user(organisation=organisation, user_id=user.pk)
    if person is None:
        return
    first = course_lessons(organisation=organisation, slug="why-social-matters")
    second = course_lessons(organisation=organisation, slug="policy-essentials")
    for lesson in first + second[:3]:
        lesson_complete(person=person, lesson=lesson)


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
    policy, _ = policy_install_default(organisation=organisation)
    policy_install_default(organisation=client)
    _acknowledge_for_two_in_three(organisation, policy_slug=policy.slug)
    _readiness_assessment(organisation)
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
    _start_learning(organisation, "learner@demo.example")
    return DemoSeed(
        organisation=organisation,
        admin_email=DEMO_ADMIN_EMAIL,
        password=password,
        import_result=result,
        curriculum_result=curriculum,
        client_organisation=client,
    )
