"""Demo governance: two versions of the social media policy with partial coverage, the account registry
with an orphaned and an overdue account, and a filled-in "who does what".

Idempotent: each part is created only when it is missing, so running the demo again changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from socialu.certification.selectors import certified_person_ids
from socialu.core.models import Organisation
from socialu.governance.models import Policy, PolicyVersion, RaciActivity, RaciParty, RaciPartyKind, SocialAccount
from socialu.governance.policies.services import acknowledgements_import, policy_install_default, policy_version_publish
from socialu.governance.raci.selectors import raci_matrix
from socialu.governance.raci.services import raci_assignments_save, raci_install_default, raci_party_create
from socialu.governance.registry.services import handle_key, social_account_create
from socialu.learning.models import Enrolment
from socialu.people.models import Person
from socialu.people.person_services import person_create
from socialu.people.selectors import people_in, units_in

# Version 1 came out before the pilot of the programme, about a year ago; version 2 a month ago.
V1_DAYS_AGO = 400
V2_DAYS_AGO = 30
DEMO_LEARNER_EMAIL = "learner@demo.example"
LEAVER = {
    "employee_id": "L00001",
    "name": "Jordan Blake",
    "email": "jordan.blake.leaver@kestrel.example",
    "job_title": "Social Video Producer",
}
V2_SUMMARY = (
    "Version 2 adds two things. Generative AI: never paste confidential or customer information into an AI "
    "tool, and label AI-made images and video as such. Live video: an official live stream needs a second "
    "person watching the comments and able to end the stream."
)
V2_ADDITION = """

## What changed in version 2

### Generative AI

- Never paste confidential, customer or colleague information into an AI tool that is not approved by IT security.
- Label images, audio and video made or changed with AI when you post them on an official account.
- You remain responsible for every word you post, whoever or whatever drafted it.

### Live video

- An official live stream always has a second person watching the comments, able to end the stream.
- Check what is behind you before going live: screens, whiteboards and badges can all give away more than you mean.
"""


def _moment(day: date) -> str:
    return datetime.combine(day, time(10, 0)).isoformat()


def _people_ids(organisation: Organisation) -> list[str]:
    return list(
        people_in(organisation=organisation, active=True)
        .exclude(employee_id__startswith="L")
        .order_by("pk")
        .values_list("employee_id", flat=True)
    )


def _policy_versions(organisation: Organisation, policy: Policy) -> None:
    """Back-date version 1, publish version 2 asking everyone again, and record who acknowledged which."""
    today = timezone.localdate()
    v1_day, v2_day = today - timedelta(days=V1_DAYS_AGO), today - timedelta(days=V2_DAYS_AGO)
    versions = list(PolicyVersion.objects.filter(organisation=organisation, policy=policy).order_by("number"))
    if len(versions) == 1:
        published = timezone.make_aware(datetime.combine(v1_day, time(9, 0)))
        PolicyVersion.objects.filter(pk=versions[0].pk).update(effective_on=v1_day, published_at=published)
        second = policy_version_publish(
            policy=policy,
            summary=V2_SUMMARY,
            body=versions[0].body.rstrip() + "\n" + V2_ADDITION,
            effective_on=v2_day,
            requires_reacknowledgement=True,
            user=None,
        )
        PolicyVersion.objects.filter(pk=second.pk).update(
            published_at=timezone.make_aware(datetime.combine(v2_day, time(9, 0)))
        )
    employee_ids = _people_ids(organisation)
    # People taking the programme are quicker to read the new version than the rest.
    learners = set(
        Enrolment.objects.filter(
            organisation=organisation, course_slug="policy-essentials", completed_at__isnull=False
        ).values_list("person__employee_id", flat=True)
    )
    rows = []
    for index, employee_id in enumerate(employee_ids):
        if index % 3:  # two in three acknowledged version 1, in its first weeks
            day = v1_day + timedelta(days=1 + index % 20)
            rows.append(
                {"employee_id": employee_id, "policy": policy.slug, "version": "1", "acknowledged_at": _moment(day)}
            )
        # About half have acknowledged version 2 so far: four in five of those who took the policy course,
        # one in three of the others.
        if index % 5 if employee_id in learners else index % 3 == 0:
            day = v2_day + timedelta(days=index % 25)
            rows.append(
                {"employee_id": employee_id, "policy": policy.slug, "version": "2", "acknowledged_at": _moment(day)}
            )
    result = acknowledgements_import(organisation=organisation, rows=rows)
    if result.problems:
        raise RuntimeError(f"The demo acknowledgements were rejected: {result.problems[0].message}")


# --- The account registry ----------------------------------------------------------------


def _person(organisation: Organisation, email: str) -> Person | None:
    return people_in(organisation=organisation).filter(email=email).first()


def _leaver(organisation: Organisation) -> Person:
    """The former producer who still owns the TikTok account: not in the roster file, and no longer active."""
    found = people_in(organisation=organisation).filter(employee_id=LEAVER["employee_id"]).first()
    if found is not None:
        return found
    studio = units_in(organisation=organisation).filter(name="Content Studio").first()
    return person_create(
        organisation=organisation,
        unit_id=studio.pk if studio else None,
        audience="practitioner",
        is_active=False,
        employee_id=LEAVER["employee_id"],
        name=LEAVER["name"],
        email=LEAVER["email"],
        job_title=LEAVER["job_title"],
    )


def _care_person(organisation: Organisation, certified: set[int]) -> Person | None:
    """Someone in Social Care, preferring a certified spokesperson."""
    care = (
        people_in(organisation=organisation, active=True)
        .filter(unit__name="Social Care", job_title__contains="Customer Care")
        .order_by("pk")
    )
    return next((person for person in care if person.pk in certified), None) or care.first()


def _registry(organisation: Organisation) -> None:
    today = timezone.localdate()
    active = people_in(organisation=organisation, active=True)
    certified = certified_person_ids(organisation=organisation, person_ids=list(active.values_list("pk", flat=True)))
    morgan = _person(organisation, "admin@demo.example")
    tomas = _person(organisation, "mentor@demo.example")
    sam = _person(organisation, DEMO_LEARNER_EMAIL)
    care = _care_person(organisation, certified)
    community = units_in(organisation=organisation).filter(name="Community Management").first()
    social_care = units_in(organisation=organisation).filter(name="Social Care").first()
    studio = units_in(organisation=organisation).filter(name="Content Studio").first()
    accounts: list[dict[str, Any]] = [
        {
            "platform": "x",
            "handle": "KestrelOutdoor",
            "url": "https://x.com/KestrelOutdoor",
            "purpose": "News, product launches and quick replies to customers.",
            "audience": "Customers and outdoor enthusiasts in the UK and Europe.",
            "owner": tomas,
            "backup_owner": morgan,
            "team": community,
            "last_reviewed_on": today - timedelta(days=40),
            "credentials_reference": "1Password › Social › Kestrel X",
        },
        {
            "platform": "instagram",
            "handle": "kestreloutdoor",
            "url": "https://www.instagram.com/kestreloutdoor",
            "purpose": "Photography from the trail, community stories and product features.",
            "audience": "Customers aged 18 to 40.",
            "owner": morgan,
            "backup_owner": tomas,
            "team": community,
            "last_reviewed_on": today - timedelta(days=60),
            "credentials_reference": "1Password › Social › Kestrel Instagram",
        },
        {
            "platform": "linkedin",
            "handle": "kestrel-outdoor-co",
            "url": "https://www.linkedin.com/company/kestrel-outdoor-co",
            "purpose": "Company news, careers and sustainability reporting.",
            "audience": "Candidates, partners, investors and colleagues.",
            "owner": morgan,
            "backup_owner": tomas,
            "last_reviewed_on": today - timedelta(days=20),
            "credentials_reference": "LinkedIn page admins; list kept in 1Password › Social",
        },
        {
            "platform": "facebook",
            "handle": "KestrelOutdoorCare",
            "url": "https://www.facebook.com/KestrelOutdoorCare",
            "purpose": "Customer care: orders, repairs and warranty questions.",
            "audience": "Customers who need help.",
            "owner": care,
            "backup_owner": sam if sam is not None and care is not None and sam.pk != care.pk else None,
            "team": social_care,
            # Overdue: reviewed 260 days ago on a 180-day cycle.
            "last_reviewed_on": today - timedelta(days=260),
            "credentials_reference": "Meta Business Suite; admins listed in 1Password › Care",
        },
        {
            "platform": "tiktok",
            "handle": "kestrel.trails",
            "url": "https://www.tiktok.com/@kestrel.trails",
            "purpose": "Short trail videos made by the content studio.",
            "audience": "Younger customers discovering the outdoors.",
            # Orphaned: its owner has left and there is no backup.
            "owner": _leaver(organisation),
            "team": studio,
            "last_reviewed_on": today - timedelta(days=90),
            "credentials_reference": "1Password › Social › Kestrel TikTok",
        },
        {
            "platform": "youtube",
            "handle": "KestrelOutdoorTV",
            "url": "https://www.youtube.com/@KestrelOutdoorTV",
            "purpose": "Gear guides and repair how-tos. Paused while the studio plans a new series.",
            "owner": tomas,
            "backup_owner": morgan,
            "team": studio,
            "status": "dormant",
            "last_reviewed_on": today - timedelta(days=100),
            "credentials_reference": "Google Workspace brand account; owners in 1Password › Social",
        },
    ]
    existing = set(SocialAccount.objects.filter(organisation=organisation).values_list("platform", "handle_key"))
    for values in accounts:
        if (values["platform"], handle_key(str(values["handle"]))) not in existing:
            social_account_create(organisation=organisation, **values)


# --- Who does what ---------------------------------------------------------------------------


def _raci(organisation: Organisation) -> None:
    """Install the default matrix and name the programme owner as someone consulted in a crisis."""
    if not raci_install_default(organisation=organisation):
        return
    morgan = _person(organisation, "admin@demo.example")
    if morgan is None:
        return
    party = raci_party_create(organisation=organisation, kind=RaciPartyKind.PERSON, person=morgan)
    matrix = raci_matrix(organisation=organisation)
    grid: dict[int, dict[int, str]] = {}
    for key, letter in (("crisis-escalation", "C"), ("training", "C"), ("reporting", "R")):
        activity = RaciActivity.objects.get(organisation=organisation, key=key)
        row = {p.pk: matrix.letter(activity.pk, p.pk) for p in RaciParty.objects.filter(organisation=organisation)}
        row[party.pk] = letter
        grid[activity.pk] = row
    raci_assignments_save(organisation=organisation, grid=grid)


def seed(organisation: Organisation) -> None:
    """Seed the policy, its two versions and who acknowledged them; the registry; and who does what."""
    with transaction.atomic():
        policy, _ = policy_install_default(organisation=organisation)
        _policy_versions(organisation, policy)
    with transaction.atomic():
        _registry(organisation)
    with transaction.atomic():
        _raci(organisation)
