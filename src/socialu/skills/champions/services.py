"""Writes of the champions network: nominate, decide, renew, end, announce, settings, the monthly digest."""

from __future__ import annotations

import calendar
from datetime import date, datetime

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from socialu.accounts.services import member_roles_set
from socialu.core.errors import ConflictError, InvalidInputError, PermissionDeniedError
from socialu.core.models import Organisation
from socialu.core.roles import Role
from socialu.core.tenancy import roles_of
from socialu.people.models import Person
from socialu.people.selectors import people_in
from socialu.skills.champions.selectors import announcements, champion_settings, coverage, terms_current
from socialu.skills.models import (
    ChampionAnnouncement,
    ChampionRole,
    ChampionSettings,
    ChampionTerm,
    Nomination,
    NominationStatus,
    NominatorKind,
)

MIN_REASON = 20


class ChampionError(InvalidInputError):
    """A champions change that cannot be made; the message says what to do."""


def months_later(day: date, months: int) -> date:
    """Return the day *months* calendar months after *day* (the last day of a shorter month)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def nomination_create(
    *,
    organisation: Organisation,
    person_id: int,
    role: str,
    reason: str,
    nominator: Person | None,
    nominator_user_id: int | None,
    nominator_name: str,
    as_admin: bool,
) -> Nomination:
    """Put a person forward; only they, their manager or an admin may, and a reason is needed."""
    person = people_in(organisation=organisation, active=True).filter(pk=person_id).first()
    problems: dict[str, list[str]] = {}
    if person is None:
        problems["person_id"] = ["Choose an active person in this organisation."]
    if role not in ChampionRole.values:
        problems["role"] = ["Choose champion or executive sponsor."]
    if len(reason.strip()) < MIN_REASON:
        problems["reason"] = [f"Say why, in at least {MIN_REASON} characters: what have they done or will they do?"]
    if problems:
        raise ChampionError(errors=problems)
    assert person is not None
    if nominator is not None and nominator.pk == person.pk:
        kind = NominatorKind.SELF
    elif nominator is not None and person.manager_id == nominator.pk:
        kind = NominatorKind.MANAGER
    elif as_admin:
        kind = NominatorKind.ADMIN
    else:
        raise PermissionDeniedError(
            "Only the person, their manager or a programme admin can nominate them. Suggest it to their manager."
        )
    if Nomination.objects.filter(
        organisation=organisation, person=person, role=role, status=NominationStatus.PENDING
    ).exists():
        raise ConflictError(f"{person.name} is already nominated and waiting for a decision.")
    if terms_current(organisation=organisation).filter(person=person, role=role).exists():
        raise ConflictError(f"{person.name} already holds a running term; renew it instead.")
    return Nomination.objects.create(
        organisation=organisation,
        person=person,
        role=role,
        nominator_kind=kind,
        nominated_by_id=nominator_user_id,
        nominated_by_name=nominator_name,
        reason=reason.strip(),
        created_at=timezone.now(),
    )


@transaction.atomic
def nomination_decide(
    *, organisation: Organisation, nomination: Nomination, approve: bool, decided_by_id: int | None, note: str = ""
) -> ChampionTerm | None:
    """Approve (starting a term today) or decline a pending nomination."""
    locked = Nomination.objects.select_for_update().get(pk=nomination.pk, organisation=organisation)
    if locked.status != NominationStatus.PENDING:
        raise ConflictError("This nomination was already decided.")
    locked.status = NominationStatus.APPROVED if approve else NominationStatus.DECLINED
    locked.decided_by_id = decided_by_id
    locked.decided_at = timezone.now()
    locked.decision_note = note.strip()
    locked.save()
    nomination.status = locked.status
    if not approve:
        return None
    today = timezone.localdate()
    months = champion_settings(organisation=organisation).term_months
    term = ChampionTerm.objects.create(
        organisation=organisation,
        person_id=locked.person_id,
        role=locked.role,
        nomination=locked,
        starts_on=today,
        ends_on=months_later(today, months),
    )
    _champion_role_sync(organisation=organisation, person=locked.person)
    return term


def _champion_role_sync(*, organisation: Organisation, person: Person) -> None:
    """Give a linked member the champion role while they hold a running term, and take it away after."""
    if person.user is None:
        return
    held = set(roles_of(user_id=person.user.pk, organisation_id=organisation.pk))
    if not held:
        return  # not a member of this organisation: nothing to grant
    running = terms_current(organisation=organisation).filter(person=person).exists()
    wanted = held | {Role.CHAMPION} if running else held - {Role.CHAMPION}
    if wanted != held:
        member_roles_set(organisation=organisation, user=person.user, roles=wanted)


@transaction.atomic
def term_renew(*, organisation: Organisation, term: ChampionTerm) -> ChampionTerm:
    """Extend a term by the organisation's term length, from its end (or from today when it has lapsed)."""
    if term.ended_on is not None:
        raise ConflictError("This term was ended early; nominate the person again instead.")
    today = timezone.localdate()
    months = champion_settings(organisation=organisation).term_months
    term.ends_on = months_later(max(term.ends_on, today), months)
    term.renewals += 1
    term.save()
    return term


@transaction.atomic
def term_end(*, organisation: Organisation, term: ChampionTerm) -> ChampionTerm:
    """End a running term today."""
    if term.ended_on is not None:
        raise ConflictError("This term has already ended.")
    term.ended_on = timezone.localdate()
    term.save()
    _champion_role_sync(organisation=organisation, person=term.person)
    return term


@transaction.atomic
def announcement_post(
    *, organisation: Organisation, title: str, body: str, author_id: int | None, author_name: str
) -> ChampionAnnouncement:
    """Post to the champions' space."""
    problems: dict[str, list[str]] = {}
    if not title.strip() or len(title) > 200:
        problems["title"] = ["Give the announcement a title of up to 200 characters."]
    if not body.strip():
        problems["body"] = ["Write what you want to tell the champions."]
    if problems:
        raise ChampionError(errors=problems)
    return ChampionAnnouncement.objects.create(
        organisation=organisation,
        title=title.strip(),
        body=body.strip(),
        author_id=author_id,
        author_name=author_name,
        created_at=timezone.now(),
    )


@transaction.atomic
def champion_settings_update(
    *, organisation: Organisation, leaderboard_enabled: bool, term_months: int
) -> ChampionSettings:
    """Turn the recognition table on or off and set the term length."""
    if not 1 <= term_months <= 60:
        raise ChampionError(errors={"term_months": ["Choose a term of 1 to 60 months."]})
    found, _ = ChampionSettings.objects.get_or_create(organisation=organisation)
    found.leaderboard_enabled = leaderboard_enabled
    found.term_months = term_months
    found.save()
    return found


def digest_text(*, organisation: Organisation, since: datetime | None) -> str:
    """Return the monthly digest's text: new announcements and the coverage gaps."""
    posts = announcements(organisation=organisation, since=since)
    gaps = coverage(organisation=organisation)
    lines = [f"Champions digest for {organisation.name}", ""]
    if posts:
        lines.append("New in the champions' space:")
        lines.extend(f"- {post.title} ({post.created_at:%d %b %Y}, {post.author_name})" for post in posts)
    else:
        lines.append("No new announcements this month.")
    lines.append("")
    if gaps.division_gaps or gaps.location_gaps:
        lines.append("Where we still need a champion:")
        lines.extend(f"- Division: {name}" for name in gaps.division_gaps)
        lines.extend(f"- Location: {name}" for name in gaps.location_gaps)
    else:
        lines.append("Every division and location has a champion.")
    return "\n".join(lines)


def digest_send(*, organisation: Organisation) -> int:
    """Email the digest to every champion and executive sponsor with a running term; return how many were sent."""
    found, _ = ChampionSettings.objects.get_or_create(organisation=organisation)
    text = digest_text(organisation=organisation, since=found.digest_sent_at)
    recipients = sorted({term.person.email for term in terms_current(organisation=organisation) if term.person.email})
    subject = f"{organisation.name}: this month in the champions network"
    sent = send_mass_mail([(subject, text, settings.DEFAULT_FROM_EMAIL, [email]) for email in recipients])
    found.digest_sent_at = timezone.now()
    found.save(update_fields=["digest_sent_at"])
    return sent
