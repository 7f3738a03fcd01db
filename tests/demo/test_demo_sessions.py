"""The demo holds upcoming and past sessions, a full class with a waitlist and an open offer, attendance,
feedback and an external conference; it emails nobody, and seeding again adds nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from socialu.core.models import Organisation
from socialu.demo import seed_sessions
from socialu.sessions.models import (
    Attendance,
    ExternalConference,
    Feedback,
    Registration,
    RegistrationStatus,
    Session,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_seeds_sessions_of_every_stage(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCIALU_DEMO_PASSWORD", "demo-password-for-tests")
    call_command("demo", "--no-serve", "--people", "300", stdout=StringIO())
    demo = Organisation.objects.get(slug="demo")
    sessions = Session.objects.filter(organisation=demo)
    now = timezone.now()

    assert sessions.filter(starts_at__gt=now).count() >= 3
    assert sessions.filter(ends_at__lt=now).count() >= 2
    full = sessions.get(title=seed_sessions.FULL_CLASS)
    statuses = list(Registration.objects.filter(session=full).values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.CONFIRMED) == full.capacity - 1
    assert statuses.count(RegistrationStatus.OFFERED) == 1
    assert statuses.count(RegistrationStatus.WAITLISTED) == 2
    learner = Registration.objects.get(session=full, person__email=seed_sessions.LEARNER)
    assert (learner.status, learner.waitlist_position) == (RegistrationStatus.WAITLISTED, 1)
    past = Registration.objects.filter(organisation=demo, session__ends_at__lt=now)
    assert past.filter(attendance=Attendance.PRESENT).exists()
    assert past.filter(attendance=Attendance.ABSENT).exists()
    assert Feedback.objects.filter(organisation=demo).count() >= 4
    assert ExternalConference.objects.filter(organisation=demo, person__email=seed_sessions.LEARNER).exists()
    assert mail.outbox == []

    counts = (Session.objects.count(), Registration.objects.count(), Feedback.objects.count())
    seed_sessions.seed(demo)
    assert (Session.objects.count(), Registration.objects.count(), Feedback.objects.count()) == counts
