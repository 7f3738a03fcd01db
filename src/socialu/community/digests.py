"""The email digest of a person's notifications, and the signed link that stops it without signing in."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import send_mass_mail
from django.urls import reverse
from django.utils import timezone

from socialu.community.models import DigestFrequency, DigestPreference, Notification
from socialu.core.models import Organisation
from socialu.people.selectors import people_in

UNSUBSCRIBE_SALT = "socialu.community.unsubscribe"
PERIODS = {DigestFrequency.DAILY: timedelta(days=1), DigestFrequency.WEEKLY: timedelta(days=7)}
MAX_LINES = 30


def unsubscribe_token(*, organisation_id: int, person_id: int) -> str:
    """Return a signed token naming the person, for the digest's unsubscribe link."""
    return signing.dumps({"o": organisation_id, "p": person_id}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_token_read(token: str) -> tuple[int, int] | None:
    """Return (organisation id, person id) from a token this site signed, or None for any other string."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("o"), int) or not isinstance(data.get("p"), int):
        return None
    return data["o"], data["p"]


def unsubscribe(token: str) -> bool:
    """Stop the digest for the person the token names; return False when the token is not ours."""
    read = unsubscribe_token_read(token)
    if read is None:
        return False
    organisation_id, person_id = read
    DigestPreference.objects.update_or_create(
        organisation_id=organisation_id, person_id=person_id, defaults={"frequency": DigestFrequency.NEVER}
    )
    return True


def _due(preference_frequency: str, last_sent_at: datetime | None, now: datetime) -> bool:
    period = PERIODS.get(DigestFrequency(preference_frequency))
    if period is None:
        return False
    return last_sent_at is None or now - last_sent_at >= period - timedelta(minutes=30)


def _subject_of(note: Notification) -> str:
    """Return what a notification is about: the post's title, or its question's or parent's."""
    post = note.post
    if post.title:
        return post.title
    if post.parent is not None and post.parent.title:
        return post.parent.title
    return post.body[:80]


def digests_send(*, organisation: Organisation, now: datetime | None = None) -> int:
    """Email each person whose digest is due their unread, un-emailed notifications; return how many were sent."""
    now = now or timezone.now()
    pending = Notification.objects.filter(organisation=organisation, read_at=None, emailed_at=None)
    person_ids = set(pending.values_list("person_id", flat=True))
    if not person_ids:
        return 0
    preferences = {
        row[0]: (row[1], row[2])
        for row in DigestPreference.objects.filter(organisation=organisation, person_id__in=person_ids).values_list(
            "person_id", "frequency", "last_sent_at"
        )
    }
    people = people_in(organisation=organisation, active=True).filter(pk__in=person_ids).exclude(email="")
    messages = []
    sent_to: list[int] = []
    for person in people:
        frequency, last = preferences.get(person.pk, (DigestFrequency.WEEKLY, None))
        if not _due(frequency, last, now):
            continue
        notes = pending.filter(person=person).select_related("post__parent").order_by("created_at")[:MAX_LINES]
        lines = [f"- {note.get_kind_display()}: {_subject_of(note)}" for note in notes]
        link = settings.SITE_URL + reverse(
            "community:unsubscribe",
            kwargs={"token": unsubscribe_token(organisation_id=organisation.pk, person_id=person.pk)},
        )
        body = "\n".join(
            [
                f"Hello {person.name},",
                "",
                f"What happened in {organisation.name}'s knowledge sharing:",
                "",
                *lines,
                "",
                f"Stop these emails (no sign-in needed): {link}",
            ]
        )
        messages.append((f"{organisation.name}: your knowledge-sharing digest", body, None, [person.email]))
        sent_to.append(person.pk)
    if messages:
        send_mass_mail(messages, fail_silently=False)
        pending.filter(person_id__in=sent_to).update(emailed_at=now)
        for person_id in sent_to:
            DigestPreference.objects.update_or_create(
                organisation=organisation, person_id=person_id, defaults={"last_sent_at": now}
            )
    return len(messages)
