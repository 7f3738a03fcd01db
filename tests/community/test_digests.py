"""The daily and weekly digest emails, and the unsubscribe link that works without signing in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from socialu.community import digests, selectors, services
from socialu.community.models import DigestFrequency, Notification
from socialu.community.services import PostContent
from socialu.core.models import Organisation
from socialu.people.models import Person

pytestmark = pytest.mark.django_db


def answered(organisation: Organisation, asker: Person, helper: Person) -> None:
    question = services.question_ask(
        organisation=organisation, author=asker, content=PostContent(title="Polls?", body="Do polls work?")
    ).post
    services.answer_post(
        organisation=organisation, author=helper, question_id=question.pk, content=PostContent(body="Sometimes.")
    )


def test_a_daily_digest_lists_new_notifications_once_with_a_working_unsubscribe_link(
    organisation: Organisation, asker: Person, helper: Person
) -> None:
    services.digest_preference_set(organisation=organisation, person=asker, frequency=DigestFrequency.DAILY)
    answered(organisation, asker, helper)
    now = timezone.now()
    assert digests.digests_send(organisation=organisation, now=now) == 1
    assert digests.digests_send(organisation=organisation, now=now + timedelta(days=2)) == 0
    message = mail.outbox[0]
    assert message.to == [asker.email] and "A new answer to your question: Polls?" in message.body
    link = next(line for line in message.body.splitlines() if "/community/unsubscribe/" in line).split(": ", 1)[1]
    path = link.split("://", 1)[1].split("/", 1)[1]
    anonymous = Client()
    page = anonymous.get(f"/{path}")
    assert page.status_code == 200 and selectors.digest_frequency(organisation=organisation, person=asker) == "daily"
    anonymous.post(f"/{path}")
    assert selectors.digest_frequency(organisation=organisation, person=asker) == DigestFrequency.NEVER


def test_a_weekly_digest_waits_a_week_and_never_means_never(
    organisation: Organisation, asker: Person, helper: Person
) -> None:
    services.digest_preference_set(organisation=organisation, person=helper, frequency=DigestFrequency.NEVER)
    answered(organisation, asker, helper)
    now = timezone.now()
    assert digests.digests_send(organisation=organisation, now=now) == 1  # the asker: weekly, never sent before
    services.question_ask(organisation=organisation, author=helper, content=PostContent(title="Again", body="More?"))
    answered(organisation, asker, helper)
    assert digests.digests_send(organisation=organisation, now=now + timedelta(days=3)) == 0
    assert digests.digests_send(organisation=organisation, now=now + timedelta(days=7)) == 1
    assert all(message.to == [asker.email] for message in mail.outbox)
    assert Notification.objects.filter(person=asker, emailed_at=None).count() == 0


def test_a_forged_unsubscribe_token_changes_nothing(organisation: Organisation, asker: Person) -> None:
    url = reverse("community:unsubscribe", kwargs={"token": "not-a-real-token"})
    assert Client().post(url).status_code == 404
    assert digests.unsubscribe_token_read("x:y") is None
    assert selectors.digest_frequency(organisation=organisation, person=asker) == DigestFrequency.WEEKLY
