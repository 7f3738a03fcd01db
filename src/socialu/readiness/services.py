"""Changes to readiness assessments: creating, inviting, opening, answering, submitting and closing."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from socialu.core.audiences import Audience
from socialu.core.errors import InvalidInputError
from socialu.core.models import Organisation
from socialu.people.models import Person, Unit
from socialu.people.selectors import people_in
from socialu.people.selectors.units import unit_subtree_ids
from socialu.readiness.models import Answer, AnswerHistory, Assessment, AssessmentStatus, Respondent
from socialu.readiness.question_set.selectors import assessment_questions, question_set, question_set_snapshot

__all__ = [
    "DEFAULT_AUDIENCES",
    "ReadinessError",
    "answer_save",
    "assessment_close",
    "assessment_create",
    "assessment_open",
    "reminders_send",
    "respondent_submit",
    "respondents_add",
    "token_hash",
]

DEFAULT_AUDIENCES = (Audience.LEADERSHIP, Audience.MANAGEMENT)
_MAIL_BATCH = 200
_CHUNK = 500
CLOSED_MESSAGE = "This assessment has closed, so answers can no longer be changed. Thank you for taking part."


class ReadinessError(InvalidInputError):
    """A readiness action that cannot be done; the message tells a person what to do instead."""


def token_hash(raw: str) -> str:
    """Return the stored form of a respondent's link token."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _new_token() -> tuple[str, str]:
    raw = secrets.token_urlsafe(32)
    return raw, token_hash(raw)


@transaction.atomic
def assessment_create(
    *, organisation: Organisation, title: str, anonymous: bool = False, user: Any = None
) -> Assessment:
    """Create a draft assessment."""
    title = title.strip()
    if not title:
        raise ReadinessError("Give the assessment a title, for example “Readiness, spring 2027”.")
    return Assessment.objects.create(
        organisation=organisation,
        title=title[:200],
        anonymous=anonymous,
        created_by=user if user is not None and getattr(user, "is_authenticated", False) else None,
    )


@transaction.atomic
def respondents_add(
    *,
    assessment: Assessment,
    people: Iterable[Person] | None = None,
    unit: Unit | None = None,
    audiences: Iterable[str] | None = None,
) -> int:
    """Add respondents and return how many were new.

    With no arguments, everyone active in the leadership and management audiences is added.
    *people* adds those people; *unit* adds every active person in the unit and the units below it;
    *audiences* adds every active person in those audiences (limited to the unit when both are given).
    """
    if assessment.status == AssessmentStatus.CLOSED:
        raise ReadinessError("This assessment has closed; start a new one to ask more people.")
    organisation = assessment.organisation
    chosen_audiences = list(audiences) if audiences is not None else None
    unknown = [value for value in chosen_audiences or [] if value not in Audience.values]
    if unknown:
        raise ReadinessError(f"Unknown audience {', '.join(unknown)}. Choose from: {', '.join(Audience.values)}.")
    person_ids: set[int] = set()
    if people is not None:
        person_ids.update(
            people_in(organisation=organisation).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True)
        )
    if unit is not None or chosen_audiences is not None or people is None:
        candidates: QuerySet[Person] = people_in(organisation=organisation, active=True)
        if unit is not None:
            if unit.organisation_id != organisation.pk:
                raise ReadinessError("That unit belongs to another organisation.")
            candidates = candidates.filter(unit_id__in=unit_subtree_ids(organisation=organisation, unit=unit))
        if chosen_audiences is not None:
            candidates = candidates.filter(audience__in=chosen_audiences)
        elif unit is None:
            candidates = candidates.filter(audience__in=list(DEFAULT_AUDIENCES))
        person_ids.update(candidates.values_list("pk", flat=True))
    existing = set(
        Respondent.objects.filter(organisation=organisation, assessment=assessment).values_list("person_id", flat=True)
    )
    new_ids = sorted(person_ids - existing)
    rows = [
        Respondent(organisation=organisation, assessment=assessment, person_id=pk, token_hash=_new_token()[1])
        for pk in new_ids
    ]
    Respondent.objects.bulk_create(rows, batch_size=_CHUNK)
    if assessment.status == AssessmentStatus.OPEN and new_ids:
        _invite(assessment, Respondent.objects.filter(assessment=assessment, person_id__in=new_ids))
    return len(rows)


_NUMBER_WORDS = {10: "ten", 11: "eleven", 12: "twelve", 13: "thirteen", 14: "fourteen", 15: "fifteen"}


def _body(assessment: Assessment, name: str, link: str, *, reminder: bool, count: int) -> str:
    opening = (
        "This is a reminder: your answers to the readiness assessment are still open."
        if reminder
        else f"{assessment.organisation.name} is checking how ready it is to use social media well, and would "
        "like your view."
    )
    privacy = (
        "Your answers are anonymous: the results never show who said what."
        if assessment.anonymous
        else "The programme team will see your answers alongside your name."
    )
    return (
        f"Hello {name},\n\n{opening}\n\nThere are {_NUMBER_WORDS.get(count, str(count))} short questions about "
        "goals, customers, culture, rules and skills. Each is answered on a scale of 1 to 5, with an optional "
        "note. It takes about ten minutes, your answers are saved as you go, and you can come back to the link "
        f"at any time until the assessment closes.\n\n{privacy}\n\nOpen your questions here (this link is "
        f"personal to you, please do not forward it):\n{link}\n"
    )


def _invite(assessment: Assessment, respondents: QuerySet[Respondent], *, reminder: bool = False) -> int:
    """Give each respondent a fresh token and email them their link; return how many emails were sent."""
    subject = f"Reminder: {assessment.title}" if reminder else f"{assessment.organisation.name}: {assessment.title}"
    now = timezone.now()
    question_count = len(assessment_questions(assessment=assessment))
    sent = 0
    batch: list[tuple[str, str, str | None, list[str]]] = []
    updated: list[Respondent] = []

    def flush() -> int:
        Respondent.objects.bulk_update(updated, ["token_hash", "invited_at"], batch_size=_CHUNK)
        count = send_mass_mail(batch)
        batch.clear()
        updated.clear()
        return count

    for respondent in respondents.select_related("person").exclude(person__email="").order_by("pk"):
        raw, hashed = _new_token()
        respondent.token_hash = hashed
        respondent.invited_at = now
        updated.append(respondent)
        link = f"{settings.SITE_URL}/r/{raw}/"
        batch.append(
            (
                subject,
                _body(assessment, respondent.person.name, link, reminder=reminder, count=question_count),
                None,
                [respondent.person.email],
            )
        )
        if len(batch) >= _MAIL_BATCH:
            sent += flush()
    if batch:
        sent += flush()
    return sent


@transaction.atomic
def assessment_open(*, assessment: Assessment, send_invitations: bool = True) -> int:
    """Open the assessment and email every respondent their personal link; return how many were emailed.

    With ``send_invitations=False`` nobody is emailed (links can be sent later as reminders).
    """
    current = Assessment.objects.select_for_update().values_list("status", flat=True).get(pk=assessment.pk)
    if current != AssessmentStatus.DRAFT:
        raise ReadinessError("This assessment is already open or closed.")
    respondents = Respondent.objects.filter(organisation=assessment.organisation, assessment=assessment)
    if not respondents.exists():
        raise ReadinessError("Add respondents before opening the assessment.")
    assessment.status = AssessmentStatus.OPEN
    assessment.opened_at = timezone.now()
    # Keep the questions and weights as they are now, so later edits never change this assessment.
    assessment.question_set = question_set_snapshot(question_set(organisation=assessment.organisation))
    assessment.save(update_fields=["status", "opened_at", "question_set"])
    return _invite(assessment, respondents) if send_invitations else 0


@transaction.atomic
def reminders_send(*, assessment: Assessment) -> int:
    """Email a fresh link to everyone who has not sent their answers yet; return how many were emailed."""
    if assessment.status != AssessmentStatus.OPEN:
        raise ReadinessError("Reminders can only be sent while the assessment is open.")
    pending = Respondent.objects.filter(
        organisation=assessment.organisation, assessment=assessment, submitted_at__isnull=True
    )
    return _invite(assessment, pending, reminder=True)


@transaction.atomic
def assessment_close(*, assessment: Assessment) -> Assessment:
    """Close the assessment: no more answers are accepted and the results are final."""
    if assessment.status != AssessmentStatus.OPEN:
        raise ReadinessError("Only an open assessment can be closed.")
    assessment.status = AssessmentStatus.CLOSED
    assessment.closed_at = timezone.now()
    assessment.save(update_fields=["status", "closed_at"])
    return assessment


def _require_open(respondent: Respondent) -> None:
    status = Assessment.objects.filter(pk=respondent.assessment_id).values_list("status", flat=True).first()
    if status == AssessmentStatus.CLOSED:
        raise ReadinessError(CLOSED_MESSAGE)
    if status != AssessmentStatus.OPEN:
        raise ReadinessError("This assessment is not open yet.")


def clean_value(value: int | str | None) -> int | None:
    """Return *value* as 1–5, or None when empty; raise ReadinessError otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ReadinessError("Choose a number from 1 to 5, or leave the question empty.") from None
    if not 1 <= number <= 5:
        raise ReadinessError("Choose a number from 1 to 5, or leave the question empty.")
    return number


@transaction.atomic
def answer_save(*, respondent: Respondent, question: str, value: int | str | None, note: str = "") -> Answer:
    """Save (or replace) one answer, keeping the earlier version in the history."""
    _require_open(respondent)
    slugs = {q.slug for q in assessment_questions(assessment=respondent.assessment)}
    if question not in slugs:
        raise ReadinessError("There is no such question in this assessment.")
    number = clean_value(value)
    note = (note or "").strip()[:4000]
    now = timezone.now()
    answer, _ = Answer.objects.update_or_create(
        organisation_id=respondent.organisation_id,
        respondent=respondent,
        question=question,
        defaults={"value": number, "note": note, "saved_at": now},
    )
    AnswerHistory.objects.create(
        organisation_id=respondent.organisation_id,
        respondent=respondent,
        question=question,
        value=number,
        note=note,
        saved_at=now,
    )
    respondent.last_saved_at = now
    respondent.save(update_fields=["last_saved_at"])
    return answer


@transaction.atomic
def respondent_submit(*, respondent: Respondent) -> Respondent:
    """Mark the respondent's answers as sent; they may still change them until the assessment closes."""
    _require_open(respondent)
    if not Answer.objects.filter(respondent=respondent, value__isnull=False).exists():
        raise ReadinessError("Answer at least one question before sending your answers.")
    respondent.submitted_at = timezone.now()
    respondent.save(update_fields=["submitted_at"])
    return respondent
