"""Changes to certification: tiers and their requirements, awards, revocation, reminders, recertification."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.mail import send_mail, send_mass_mail
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format

from socialu.certification.awarding import (
    certificates_award,
    code_display,
    reminder_opens_at,
    tier_course_slugs,
)
from socialu.certification.errors import CertificationError
from socialu.certification.kinds import COURSES_PASSED, MIN_QUIZ_SCORE, TIER_HELD
from socialu.certification.models import Certificate, Requirement, StandingReminder, Tier
from socialu.certification.nesting import creates_cycle, tiers_building_on
from socialu.certification.requirements import requirement_kind
from socialu.certification.standing import standing_conditions, standings, suspended_filter
from socialu.core.models import Organisation
from socialu.curriculum.models import Course
from socialu.learning.models import Enrolment
from socialu.learning.selectors import current_course
from socialu.learning.services import LearningError, enrolment_add
from socialu.people.models import Person
from socialu.people.selectors import people_in

__all__ = [
    "DEFAULT_TIERS_FILE",
    "CertificationError",
    "certificate_reminders_send",
    "certificate_revoke",
    "certificates_announce",
    "certificates_award",
    "recertification_start",
    "requirement_add",
    "requirement_remove",
    "standing_reminders_send",
    "tier_update",
    "tiers_install_default",
]

DEFAULT_TIERS_FILE = Path(__file__).with_name("default_tiers.yaml")
_MAIL_BATCH = 200


# --- Tiers and requirements ---------------------------------------------------------------


def _default_tiers() -> list[dict[str, Any]]:
    data = yaml.safe_load(DEFAULT_TIERS_FILE.read_text(encoding="utf-8"))
    tiers: list[dict[str, Any]] = data["tiers"]
    return tiers


def tiers_install_default(*, organisation: Organisation) -> list[Tier]:
    """Install the default tiers (Ambassador, Practitioner, Professional) the organisation does not have yet.

    A tier that already exists (by slug) is left exactly as the organisation
    has set it. Return the tiers created.
    """
    created = []
    with transaction.atomic():
        existing = set(Tier.objects.filter(organisation=organisation).values_list("slug", flat=True))
        for spec in _default_tiers():
            if spec["slug"] in existing:
                continue
            tier = Tier.objects.create(
                organisation=organisation,
                slug=spec["slug"],
                name=spec["name"],
                description=spec.get("description", ""),
                rank=spec["rank"],
                validity_months=spec["validity_months"],
                reminder_days=spec["reminder_days"],
            )
            Requirement.objects.bulk_create(
                Requirement(
                    organisation=organisation,
                    tier=tier,
                    kind=item["kind"],
                    parameters=item.get("parameters") or {},
                    position=position,
                )
                for position, item in enumerate(spec.get("requirements", []))
            )
            created.append(tier)
    return created


def tier_update(
    *, tier: Tier, name: str, description: str, validity_months: int, reminder_days: int, is_active: bool
) -> Tier:
    """Change a tier's name, description, validity and reminder settings, or switch it off."""
    if not name.strip():
        raise CertificationError("Give the tier a name, for example “Ambassador”.")
    if not 1 <= validity_months <= 120:
        raise CertificationError("A certificate must be valid for between 1 and 120 months.")
    if reminder_days >= validity_months * 28:
        raise CertificationError("Remind holders fewer days before expiry than the certificate is valid for.")
    tier.name = name.strip()
    tier.description = description.strip()
    tier.validity_months = validity_months
    tier.reminder_days = reminder_days
    tier.is_active = is_active
    tier.save(update_fields=["name", "description", "validity_months", "reminder_days", "is_active"])
    return tier


def _organisation_problems(tier: Tier, kind: str, parameters: Mapping[str, Any]) -> list[str]:
    """Check what the kind cannot check alone: the courses and tiers named exist in this organisation."""
    problems = []
    if kind in {COURSES_PASSED, MIN_QUIZ_SCORE}:
        named = [str(slug) for slug in parameters.get("courses") or []]
        known = set(
            Course.objects.filter(organisation_id=tier.organisation_id, slug__in=named).values_list("slug", flat=True)
        )
        missing = [slug for slug in named if slug not in known]
        if missing:
            problems.append(
                f"There is no course {', '.join(missing)} in the curriculum. Check the slugs on the Curriculum page."
            )
    if kind == TIER_HELD:
        slug = str(parameters.get("tier", ""))
        tiers = list(Tier.objects.filter(organisation_id=tier.organisation_id).prefetch_related("requirements"))
        if slug == tier.slug:
            problems.append("A tier cannot require itself. Name a lower tier, for example practitioner.")
        elif not any(other.slug == slug for other in tiers):
            problems.append(f"There is no tier “{slug}”. Use the slug of one of the tiers listed on this page.")
        elif creates_cycle(tiers, tier, slug):
            problems.append(
                f"“{slug}” already requires {tier.name} (directly or through another tier), so {tier.name} cannot "
                "require it: nobody could earn either. Require a lower tier instead."
            )
    return problems


def requirement_add(*, tier: Tier, kind: str, parameters: Mapping[str, Any]) -> Requirement:
    """Add a requirement of a registered kind to *tier*, after checking its settings."""
    found = requirement_kind(kind)
    if found is None:
        raise CertificationError(f"“{kind}” is not a kind of requirement this installation can check.")
    problems = found.validate(parameters) or _organisation_problems(tier, kind, parameters)
    if problems:
        raise CertificationError(" ".join(problems))
    with transaction.atomic():
        position = tier.requirements.count()
        return Requirement.objects.create(
            organisation_id=tier.organisation_id, tier=tier, kind=kind, parameters=dict(parameters), position=position
        )


def requirement_remove(*, requirement: Requirement) -> None:
    """Remove a requirement from its tier; certificates already issued keep their evidence."""
    requirement.delete()


# --- Announcing new certificates -----------------------------------------------------------


def certificates_announce(*, organisation: Organisation, certificates: list[Certificate]) -> int:
    """Email each new holder their certificate's code and where to download it; return how many were sent."""
    if not certificates:
        return 0
    link = settings.SITE_URL + reverse("my_certificates", args=[organisation.slug])
    emails: dict[int, str] = {}
    ids = sorted({certificate.person_id for certificate in certificates})
    for start in range(0, len(ids), 500):
        emails.update(
            people_in(organisation=organisation)
            .filter(pk__in=ids[start : start + 500])
            .exclude(email="")
            .values_list("pk", "email")
        )
    messages: list[tuple[str, str, str | None, list[str]]] = []
    for certificate in certificates:
        email = emails.get(certificate.person_id)
        if not email:
            continue
        verify = settings.SITE_URL + reverse("certificate_verify", args=[code_display(certificate.code)])
        expires = date_format(timezone.localtime(certificate.expires_at), "j F Y")
        body = (
            f"Hello {certificate.holder_name},\n\nCongratulations: you have earned the {certificate.tier_name} "
            f"certificate of {organisation.name}. It is valid until {expires}.\n\n"
            f"Download it from your certificates:\n{link}\n\n"
            f"Anyone can check it with the code {code_display(certificate.code)}:\n{verify}\n"
        )
        messages.append((f"You are certified: {certificate.tier_name}", body, None, [email]))
    sent = 0
    for start in range(0, len(messages), _MAIL_BATCH):
        sent += send_mass_mail(messages[start : start + _MAIL_BATCH])
    return sent


# --- Revocation ------------------------------------------------------------------------------


def certificates_building_on(*, certificate: Certificate) -> list[Certificate]:
    """Return the holder's current certificates of the tiers that build on *certificate*'s tier (revoked with it)."""
    tiers = Tier.objects.filter(organisation_id=certificate.organisation_id).prefetch_related("requirements")
    higher = [tier.pk for tier in tiers_building_on(tiers, certificate.tier.slug)]
    if not higher:
        return []
    return list(
        Certificate.objects.filter(
            organisation_id=certificate.organisation_id,
            person_id=certificate.person_id,
            tier_id__in=higher,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("tier")
        .order_by("tier__rank", "pk")
    )


def certificate_revoke(*, certificate: Certificate, reason: str, user: Any = None, notify: bool = True) -> Certificate:
    """Revoke a certificate with a reason, and (unless *notify* is False) tell the holder by email.

    The holder's certificates of the tiers that build on it (Practitioner and
    Professional, for an Ambassador certificate) are revoked with it: nobody
    holds a higher tier without the lower one.
    """
    if certificate.revoked_at is not None:
        raise CertificationError("This certificate was already revoked.")
    if not reason.strip():
        raise CertificationError("Say why the certificate is revoked; the holder is told the reason.")
    by = user if user is not None and getattr(user, "pk", None) else None
    with transaction.atomic():
        moment = timezone.now()
        dependants = certificates_building_on(certificate=certificate)
        certificate.revoked_at = moment
        certificate.revoked_reason = reason.strip()
        certificate.revoked_by = by
        certificate.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
        for dependant in dependants:
            dependant.revoked_at = moment
            dependant.revoked_reason = (
                f"Revoked with the {certificate.tier_name} certificate it builds on "
                f"({code_display(certificate.code)}): {certificate.revoked_reason}"
            )
            dependant.revoked_by = by
            dependant.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
    email = (
        people_in(organisation=certificate.organisation)
        .filter(pk=certificate.person_id)
        .values_list("email", flat=True)
        .first()
    )
    if email and notify:
        organisation = Organisation.objects.get(pk=certificate.organisation_id)
        also = ""
        if dependants:
            names = " and ".join(f"{item.tier_name} ({code_display(item.code)})" for item in dependants)
            also = f"Your {names} {'certificate builds' if len(dependants) == 1 else 'certificates build'} on it "
            also += "and " + ("is" if len(dependants) == 1 else "are") + " revoked with it.\n\n"
        body = (
            f"Hello {certificate.holder_name},\n\n{organisation.name} has revoked your {certificate.tier_name} "
            f"certificate ({code_display(certificate.code)}).\n\nThe reason given:\n{certificate.revoked_reason}\n\n"
            f"{also}Anyone checking the certificate's code now sees that it is revoked. If you think this is a "
            "mistake, talk to your programme admin.\n"
        )
        transaction.on_commit(
            lambda: send_mail(f"Your {certificate.tier_name} certificate was revoked", body, None, [email])
        )
    return certificate


# --- Expiry reminders ------------------------------------------------------------------------


def _due_reminders(organisation: Organisation, now: datetime) -> list[Certificate]:
    newer = Certificate.objects.filter(
        organisation=organisation,
        person_id=OuterRef("person_id"),
        tier_id=OuterRef("tier_id"),
        issued_at__gt=OuterRef("issued_at"),
        revoked_at__isnull=True,
    )
    candidates = (
        Certificate.objects.filter(
            organisation=organisation,
            revoked_at__isnull=True,
            reminded_at__isnull=True,
            expires_at__gt=now,
            person__is_active=True,
        )
        .exclude(Exists(newer))
        .select_related("tier")
        .annotate(email=F("person__email"))
    )
    return [c for c in candidates.iterator(chunk_size=2000) if reminder_opens_at(c, c.tier) <= now]


def certificate_reminders_send(*, organisation: Organisation, now: datetime | None = None) -> int:
    """Email each holder whose certificate enters its reminder window, once; return how many were sent."""
    moment = now or timezone.now()
    link = settings.SITE_URL + reverse("my_certificates", args=[organisation.slug])
    due = _due_reminders(organisation, moment)
    messages: list[tuple[str, str, str | None, list[str]]] = []
    for certificate in due:
        email = getattr(certificate, "email", "")
        if not email:
            continue
        expires = date_format(timezone.localtime(certificate.expires_at), "j F Y")
        body = (
            f"Hello {certificate.holder_name},\n\nYour {certificate.tier_name} certificate from {organisation.name} "
            f"expires on {expires}.\n\nTo keep it, recertify: open your certificates, choose “Recertify”, and pass "
            f"the quiz again. A new certificate is issued as soon as you do.\n\n{link}\n"
        )
        messages.append((f"Your {certificate.tier_name} certificate expires on {expires}", body, None, [email]))
    sent = 0
    for start in range(0, len(messages), _MAIL_BATCH):
        sent += send_mass_mail(messages[start : start + _MAIL_BATCH])
    ids = [certificate.pk for certificate in due]
    for start in range(0, len(ids), 500):
        Certificate.objects.filter(pk__in=ids[start : start + 500]).update(reminded_at=moment)
    return sent


# --- Standing in the register ----------------------------------------------------------------


def standing_reminders_send(*, organisation: Organisation, now: datetime | None = None) -> int:
    """Email each certified person whom something outstanding keeps out of the register; return how many were sent.

    Each person is reminded once per outstanding item (one policy version to
    acknowledge, say): a second run sends nothing new, and a later version
    to acknowledge sends a new reminder.
    """
    if not standing_conditions():
        return 0
    moment = now or timezone.now()
    held = (
        Certificate.objects.filter(
            organisation=organisation,
            revoked_at__isnull=True,
            issued_at__lte=moment,
            expires_at__gt=moment,
            person__is_active=True,
        )
        .filter(suspended_filter(organisation))
        .values_list("person_id", flat=True)
        .distinct()
    )
    person_ids = sorted(set(held.iterator(chunk_size=5000)))
    sent = 0
    for start in range(0, len(person_ids), _MAIL_BATCH):
        sent += _standing_batch_remind(organisation, person_ids[start : start + _MAIL_BATCH], moment)
    return sent


def _standing_batch_remind(organisation: Organisation, person_ids: list[int], moment: datetime) -> int:
    outstanding = standings(organisation, person_ids)
    reminded = set(
        StandingReminder.objects.filter(organisation=organisation, person_id__in=person_ids).values_list(
            "person_id", "key"
        )
    )
    people = {
        person.pk: person
        for person in people_in(organisation=organisation).filter(pk__in=list(outstanding)).only("name", "email")
    }
    messages: list[tuple[str, str, str | None, list[str]]] = []
    records: list[StandingReminder] = []
    for person_id, standing in sorted(outstanding.items()):
        new = [item for _, item in standing.items if (person_id, item.key) not in reminded]
        person = people.get(person_id)
        if not new or person is None:
            continue
        records.extend(
            StandingReminder(organisation=organisation, person_id=person_id, key=item.key, sent_at=moment)
            for item in new
        )
        if not person.email:
            continue
        links = []
        for condition, _ in standing.items:
            if condition.url_name:
                link = settings.SITE_URL + reverse(condition.url_name, args=[organisation.slug])
                if link not in links:
                    links.append(link)
        todo = "".join(f"- {text}\n" for text in standing.texts)
        where = "".join(f"{link}\n" for link in links)
        body = (
            f"Hello {person.name},\n\nYou hold a certificate from {organisation.name}, but you are not listed in "
            f"its spokesperson register until you have done this:\n\n{todo}\n{where + chr(10) if where else ''}"
            "Your certificate stays valid; you are listed again as soon as you have done it.\n"
        )
        messages.append(
            (f"{standing.labels[0]}: {organisation.name} spokesperson register", body, None, [person.email])
        )
    with transaction.atomic():
        StandingReminder.objects.bulk_create(records, batch_size=500, ignore_conflicts=True)
    return send_mass_mail(messages) if messages else 0


# --- Recertification ---------------------------------------------------------------------------


def recertification_due(*, certificate: Certificate, tier: Tier, now: datetime | None = None) -> bool:
    """Return whether the holder may recertify: not revoked, and inside the reminder window or expired."""
    moment = now or timezone.now()
    return certificate.revoked_at is None and moment >= reminder_opens_at(certificate, tier)


def recertification_start(*, person: Person, tier: Tier) -> list[str]:
    """Enrol the holder again in the tier's courses; return the course slugs to retake, first first.

    The certificate renews once they pass one of those quizzes again and still
    meet every requirement (see :mod:`socialu.certification.awarding`).
    """
    latest = (
        Certificate.objects.filter(organisation_id=person.organisation_id, person=person, tier=tier)
        .order_by("-issued_at", "-pk")
        .first()
    )
    if latest is None:
        raise CertificationError(f"You do not hold a {tier.name} certificate yet, so there is nothing to renew.")
    if latest.revoked_at is not None:
        raise CertificationError(
            f"Your {tier.name} certificate was revoked. Talk to your programme admin about earning it again."
        )
    if not recertification_due(certificate=latest, tier=tier):
        opens = date_format(timezone.localtime(reminder_opens_at(latest, tier)), "j F Y")
        raise CertificationError(
            f"Your {tier.name} certificate is not due for renewal yet; you can renew from {opens}."
        )
    organisation = Organisation.objects.get(pk=person.organisation_id)
    slugs = [slug for slug in tier_course_slugs(tier) if current_course(organisation=organisation, course_slug=slug)]
    if not slugs:
        slugs = list(
            Course.objects.filter(organisation=organisation, quiz__isnull=False)
            .filter(slug__in=_completed_slugs(person))
            .values_list("slug", flat=True)
            .distinct()
        )
    for slug in slugs:
        try:
            enrolment_add(organisation=organisation, course_slug=slug, person=person, due_on=latest.expires_at.date())
        except LearningError as error:
            raise CertificationError(str(error)) from error
    if not slugs:
        raise CertificationError("There is no course with a quiz to retake. Ask your programme admin for help.")
    return slugs


def _completed_slugs(person: Person) -> list[str]:
    return list(
        Enrolment.objects.filter(
            organisation_id=person.organisation_id, person=person, completed_at__isnull=False
        ).values_list("course_slug", flat=True)
    )
